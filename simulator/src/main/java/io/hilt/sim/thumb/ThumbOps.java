package io.hilt.sim.thumb;

/**
 * Ids of decoded operations. A cached op is {@code id | payload << 8}: the payload is the 16-bit
 * encoding, or for 32-bit encodings the fields the decoder packed (see {@link ThumbFields}). Zero
 * means "not decoded yet".
 */
public final class ThumbOps {
  private ThumbOps() {}

  public static final int MOVS_REG = 1;
  public static final int LSLS_IMM = 2;
  public static final int LSRS_IMM = 3;
  public static final int ASRS_IMM = 4;
  public static final int ADDS_REG = 5;
  public static final int SUBS_REG = 6;
  public static final int ADDS_IMM3 = 7;
  public static final int SUBS_IMM3 = 8;
  public static final int MOVS_IMM = 9;
  public static final int CMP_IMM = 10;
  public static final int ADDS_IMM8 = 11;
  public static final int SUBS_IMM8 = 12;
  public static final int ANDS = 13;
  public static final int EORS = 14;
  public static final int LSLS_REG = 15;
  public static final int LSRS_REG = 16;
  public static final int ASRS_REG = 17;
  public static final int ADCS = 18;
  public static final int SBCS = 19;
  public static final int RORS = 20;
  public static final int TST = 21;
  public static final int RSBS = 22;
  public static final int CMP_REG = 23;
  public static final int CMN = 24;
  public static final int ORRS = 25;
  public static final int MULS = 26;
  public static final int BICS = 27;
  public static final int MVNS = 28;
  public static final int ADD_HI = 29;
  public static final int CMP_HI = 30;
  public static final int MOV_HI = 31;
  public static final int BX = 32;
  public static final int BLX = 33;
  public static final int LDR_LIT = 34;
  public static final int STR_REG = 35;
  public static final int STRH_REG = 36;
  public static final int STRB_REG = 37;
  public static final int LDRSB_REG = 38;
  public static final int LDR_REG = 39;
  public static final int LDRH_REG = 40;
  public static final int LDRB_REG = 41;
  public static final int LDRSH_REG = 42;
  public static final int STR_IMM = 43;
  public static final int LDR_IMM = 44;
  public static final int STRB_IMM = 45;
  public static final int LDRB_IMM = 46;
  public static final int STRH_IMM = 47;
  public static final int LDRH_IMM = 48;
  public static final int STR_SP = 49;
  public static final int LDR_SP = 50;
  public static final int ADR = 51;
  public static final int ADD_RD_SP = 52;
  public static final int ADD_SP_IMM = 53;
  public static final int SUB_SP_IMM = 54;
  public static final int SXTH = 55;
  public static final int SXTB = 56;
  public static final int UXTH = 57;
  public static final int UXTB = 58;
  public static final int PUSH = 59;
  public static final int CPS = 60;
  public static final int REV = 61;
  public static final int REV16 = 62;
  public static final int REVSH = 63;
  public static final int POP = 64;
  public static final int BKPT = 65;
  public static final int NOP = 66;
  public static final int WFE = 67;
  public static final int WFI = 68;
  public static final int SEV = 69;
  public static final int STM = 70;
  public static final int LDM = 71;
  public static final int B_COND = 72;
  public static final int SVC = 73;
  public static final int B = 74;
  public static final int UDF = 75;
  public static final int BL = 76;
  public static final int MSR = 77;
  public static final int MRS = 78;
  public static final int DMB = 79;
  public static final int DSB = 80;
  public static final int ISB = 81;
  public static final int UDF_W = 82;
  public static final int UNDEFINED = 83;
  public static final int UNDEFINED_W = 84;

  /** Not from the table: a debugger breakpoint placed over the instruction. */
  public static final int DEBUG_BREAK = 85;

  /** Not from the table: the fetch address is not executable memory. */
  public static final int FETCH_FAULT = 86;

  /** Not from the table: the memory protection forbids executing at the fetch address. */
  public static final int EXECUTE_VIOLATION = 87;

  public static final int COUNT = 88;

  /** True for the ops of 32-bit encodings. */
  public static boolean isWide(int op) {
    int id = id(op);
    return id >= BL && id <= UDF_W || id == UNDEFINED_W;
  }

  public static int id(int op) {
    return op & 0xFF;
  }

  public static int payload(int op) {
    return op >>> 8;
  }

  public static int pack(int id, int payload) {
    return id | payload << 8;
  }
}
