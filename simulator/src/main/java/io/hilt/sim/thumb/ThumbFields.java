package io.hilt.sim.thumb;

/**
 * Field extraction for Thumb encodings, in one place. 16-bit forms take the halfword; 32-bit forms
 * take the payload the decoder packed into a cached op (see {@link ThumbDecoder}).
 */
public final class ThumbFields {
  private ThumbFields() {}

  /** Bits [2:0]: Rd, Rt or Rdn of most 16-bit encodings. */
  public static int rd(int hw) {
    return hw & 7;
  }

  /** Bits [5:3]: Rn or Rm. */
  public static int rn(int hw) {
    return (hw >>> 3) & 7;
  }

  /** Bits [8:6]: Rm of three-register forms, or imm3. */
  public static int rm(int hw) {
    return (hw >>> 6) & 7;
  }

  /** Bits [10:6]: imm5 of shifts and immediate-offset loads and stores. */
  public static int imm5(int hw) {
    return (hw >>> 6) & 31;
  }

  /** Bits [10:8]: the register of imm8 forms. */
  public static int r8(int hw) {
    return (hw >>> 8) & 7;
  }

  public static int imm8(int hw) {
    return hw & 0xFF;
  }

  public static int imm7(int hw) {
    return hw & 0x7F;
  }

  /** DN:Rdn of the high-register forms (ADD, CMP, MOV). */
  public static int dn(int hw) {
    return (hw & 7) | ((hw >>> 4) & 8);
  }

  /** Bits [6:3]: Rm of the high-register forms and BX/BLX. */
  public static int rm4(int hw) {
    return (hw >>> 3) & 15;
  }

  /** Bits [11:8]: the condition of B&lt;c&gt;. */
  public static int cond(int hw) {
    return (hw >>> 8) & 15;
  }

  /** The register list of PUSH/POP/LDM/STM (bit 8 is LR for PUSH, PC for POP). */
  public static int registerList(int hw) {
    return hw & 0x1FF;
  }

  /** B&lt;c&gt; offset: SignExtend(imm8:'0'). */
  public static int branchOffset8(int hw) {
    return (hw << 24) >> 23;
  }

  /** B offset: SignExtend(imm11:'0'). */
  public static int branchOffset11(int hw) {
    return (hw << 21) >> 20;
  }

  /**
   * BL offset from both halfwords: SignExtend(S:I1:I2:imm10:imm11:'0') with I1 = NOT(J1 XOR S), I2
   * = NOT(J2 XOR S).
   */
  public static int blOffset(int hw1, int hw2) {
    int s = (hw1 >>> 10) & 1;
    int j1 = (hw2 >>> 13) & 1;
    int j2 = (hw2 >>> 11) & 1;
    int i1 = ~(j1 ^ s) & 1;
    int i2 = ~(j2 ^ s) & 1;
    int imm = s << 24 | i1 << 23 | i2 << 22 | (hw1 & 0x3FF) << 12 | (hw2 & 0x7FF) << 1;
    return (imm << 7) >> 7;
  }

  /** The 24-bit payload of a cached BL: the offset halved. */
  public static int blPayload(int offset) {
    return (offset >> 1) & 0xFFFFFF;
  }

  /** The BL offset back from its payload. */
  public static int blOffsetFromPayload(int payload) {
    return (payload << 8) >> 7;
  }

  /** MSR payload: Rn, SYSm and the APSR write mask (hw2 bits [11:10]). */
  public static int msrPayload(int hw1, int hw2) {
    return (hw1 & 15) | (hw2 & 0xFF) << 4 | ((hw2 >>> 10) & 3) << 12;
  }

  /** The APSR write mask of an MSR payload: bit 1 NZCVQ, bit 0 GE. */
  public static int msrMask(int payload) {
    return (payload >>> 12) & 3;
  }

  /** MRS payload: Rd and SYSm. */
  public static int mrsPayload(int hw2) {
    return ((hw2 >>> 8) & 15) | (hw2 & 0xFF) << 4;
  }

  /** Register of an MSR/MRS payload. */
  public static int sysReg(int payload) {
    return payload & 15;
  }

  /** SYSm of an MSR/MRS payload. */
  public static int sysm(int payload) {
    return (payload >>> 4) & 0xFF;
  }

  /** UDF.W imm16 = imm4:imm12. */
  public static int udfImm16(int hw1, int hw2) {
    return (hw1 & 15) << 12 | (hw2 & 0xFFF);
  }
}
