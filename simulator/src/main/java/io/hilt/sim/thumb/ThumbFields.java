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

  /** B&lt;c&gt;.W offset: SignExtend(S:J2:J1:imm6:imm11:'0'). */
  public static int condBranchOffset(int hw1, int hw2) {
    int s = (hw1 >>> 10) & 1;
    int j1 = (hw2 >>> 13) & 1;
    int j2 = (hw2 >>> 11) & 1;
    int imm = s << 20 | j2 << 19 | j1 << 18 | (hw1 & 0x3F) << 12 | (hw2 & 0x7FF) << 1;
    return (imm << 11) >> 11;
  }

  /**
   * Payload of a branch: the offset halved, its low 23 bits. The sign is in the op id (the {@code
   * _BACK} twin), see {@link #offsetFromPayload}.
   */
  public static int offsetPayload(int offset) {
    return (offset >> 1) & 0x7FFFFF;
  }

  /** A branch offset back from its 23-bit payload and the sign its id carries. */
  public static int offsetFromPayload(int payload, boolean backwards) {
    return backwards ? (payload - 0x800000) << 1 : payload << 1;
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

  // -----------------------------------------------------------------------------------------------
  // 32-bit payloads. Each format packs the fields of one encoding family into 23 bits; the
  // accessors below read them back. {@code w} is hw1 << 16 | hw2.

  /**
   * Register format (data processing on registers, multiplies, DSP, extends, misc): Rd = hw2[11:8],
   * Rn = hw1[3:0], Rm = hw2[3:0], Ra/RdLo = hw2[15:12], op2 = hw2[7:4], hw1[6:4] (shift type and S
   * of shifts by register).
   */
  public static int regsPayload(int w) {
    return ((w >>> 8) & 15)
        | ((w >>> 16) & 15) << 4
        | (w & 15) << 8
        | ((w >>> 12) & 15) << 12
        | ((w >>> 4) & 15) << 16
        | ((w >>> 20) & 7) << 20;
  }

  /** Rd (bits [3:0]) of the register and immediate formats; RdHi of long multiplies. */
  public static int d(int p) {
    return p & 15;
  }

  /** Rn (bits [7:4]). */
  public static int n(int p) {
    return (p >>> 4) & 15;
  }

  /** Rm of the register formats (bits [11:8]). */
  public static int m(int p) {
    return (p >>> 8) & 15;
  }

  /** Ra, RdLo (register format) (bits [15:12]). */
  public static int a(int p) {
    return (p >>> 12) & 15;
  }

  /** hw2[7:4] of the register format: rotation (bits 1:0 of it >> 0 after >>> 0), N/M, X, R. */
  public static int op2(int p) {
    return (p >>> 16) & 15;
  }

  /** The rotation of extends, in bits (0, 8, 16, 24): hw2[5:4] * 8. */
  public static int rotation(int p) {
    return (op2(p) & 3) << 3;
  }

  /** hw1[6:4] of the register format. */
  public static int hw1Bits(int p) {
    return (p >>> 20) & 7;
  }

  /** Shifted-register format: Rd, Rn, Rm, imm5 = imm3:imm2, type, S. */
  public static int shiftedPayload(int w) {
    int imm5 = ((w >>> 12) & 7) << 2 | ((w >>> 6) & 3);
    return ((w >>> 8) & 15)
        | ((w >>> 16) & 15) << 4
        | (w & 15) << 8
        | imm5 << 12
        | ((w >>> 4) & 3) << 17
        | ((w >>> 20) & 1) << 19;
  }

  /** imm5 of the shifted-register format. */
  public static int shiftImm(int p) {
    return (p >>> 12) & 31;
  }

  /** Shift type of the shifted-register format: 0 LSL, 1 LSR, 2 ASR, 3 ROR. */
  public static int shiftType(int p) {
    return (p >>> 17) & 3;
  }

  /** S of the shifted-register format. */
  public static boolean shiftedS(int p) {
    return (p & (1 << 19)) != 0;
  }

  /** Immediate format: Rd, Rn, imm12 = i:imm3:imm8, S. */
  public static int imm12Payload(int w) {
    int imm12 = ((w >>> 26) & 1) << 11 | ((w >>> 12) & 7) << 8 | (w & 0xFF);
    return ((w >>> 8) & 15) | ((w >>> 16) & 15) << 4 | imm12 << 8 | ((w >>> 20) & 1) << 20;
  }

  /** imm12 of the immediate format. */
  public static int imm12(int p) {
    return (p >>> 8) & 0xFFF;
  }

  /** S of the immediate format. */
  public static boolean immS(int p) {
    return (p & (1 << 20)) != 0;
  }

  /** MOVW/MOVT format: Rd, imm16 = imm4:i:imm3:imm8. */
  public static int imm16Payload(int w) {
    int imm16 =
        ((w >>> 16) & 15) << 12 | ((w >>> 26) & 1) << 11 | ((w >>> 12) & 7) << 8 | (w & 0xFF);
    return ((w >>> 8) & 15) | imm16 << 4;
  }

  public static int imm16(int p) {
    return (p >>> 4) & 0xFFFF;
  }

  /**
   * Bitfield and saturate format: Rd, Rn, lsb/shift = imm3:imm2 (bits [12:8]), hw2[4:0] (msb,
   * widthminus1 or sat_imm, bits [17:13]), sh = hw1[5] (bit 18).
   */
  public static int bitfieldPayload(int w) {
    int imm5 = ((w >>> 12) & 7) << 2 | ((w >>> 6) & 3);
    return ((w >>> 8) & 15)
        | ((w >>> 16) & 15) << 4
        | imm5 << 8
        | (w & 31) << 13
        | ((w >>> 21) & 1) << 18;
  }

  /** lsb or shift amount of the bitfield format. */
  public static int lsb(int p) {
    return (p >>> 8) & 31;
  }

  /** msb, widthminus1 or sat_imm of the bitfield format. */
  public static int bits5(int p) {
    return (p >>> 13) & 31;
  }

  /** sh of SSAT/USAT: shift type ASR when set, LSL when clear. */
  public static boolean sh(int p) {
    return (p & (1 << 18)) != 0;
  }

  /**
   * Single load/store format: Rt = hw2[15:12], Rn, hw2[11:0] (imm12; or 1:P:U:W:imm8; or imm2:Rm),
   * U = hw1[7] (of the literal forms).
   */
  public static int loadStorePayload(int w) {
    return ((w >>> 12) & 15) | ((w >>> 16) & 15) << 4 | (w & 0xFFF) << 8 | ((w >>> 23) & 1) << 20;
  }

  /** Rt of the load/store formats (bits [3:0], as Rd). */
  public static int t(int p) {
    return p & 15;
  }

  /** imm8 of the 1:P:U:W:imm8 form. */
  public static int imm8w(int p) {
    return (p >>> 8) & 0xFF;
  }

  /** P (index) of the 1:P:U:W:imm8 form. */
  public static boolean puwIndex(int p) {
    return (p & (1 << 18)) != 0;
  }

  /** U (add) of the 1:P:U:W:imm8 form. */
  public static boolean puwAdd(int p) {
    return (p & (1 << 17)) != 0;
  }

  /** W (writeback) of the 1:P:U:W:imm8 form. */
  public static boolean puwWriteback(int p) {
    return (p & (1 << 16)) != 0;
  }

  /** The signed offset of the 1:P:U:W:imm8 form. */
  public static int puwOffset(int p) {
    return puwAdd(p) ? imm8w(p) : -imm8w(p);
  }

  /** Rm of the register-offset form. */
  public static int lsRm(int p) {
    return (p >>> 8) & 15;
  }

  /** imm2 (LSL amount) of the register-offset form. */
  public static int lsShift(int p) {
    return (p >>> 12) & 3;
  }

  /** The signed offset of the literal forms: U ? imm12 : -imm12. */
  public static int literalOffset(int p) {
    int imm12 = imm12(p);
    return (p & (1 << 20)) != 0 ? imm12 : -imm12;
  }

  /**
   * Dual and exclusive format: Rt = hw2[15:12], Rn, imm8 = hw2[7:0] (bits [15:8]), Rt2/Rd =
   * hw2[11:8] (bits [19:16]), P = hw1[8], U = hw1[7], W = hw1[5] (bits 20..22).
   */
  public static int dualPayload(int w) {
    return ((w >>> 12) & 15)
        | ((w >>> 16) & 15) << 4
        | (w & 0xFF) << 8
        | ((w >>> 8) & 15) << 16
        | ((w >>> 24) & 1) << 20
        | ((w >>> 23) & 1) << 21
        | ((w >>> 21) & 1) << 22;
  }

  /** imm8 of the dual format. */
  public static int dualImm8(int p) {
    return (p >>> 8) & 0xFF;
  }

  /** Rt2 of LDRD/STRD, Rd of STREX (hw2[11:8]). */
  public static int t2(int p) {
    return (p >>> 16) & 15;
  }

  /** Rd of STREXB/STREXH and Rm of TBB/TBH (hw2[3:0]). */
  public static int low4(int p) {
    return (p >>> 8) & 15;
  }

  public static boolean dualIndex(int p) {
    return (p & (1 << 20)) != 0;
  }

  public static boolean dualAdd(int p) {
    return (p & (1 << 21)) != 0;
  }

  public static boolean dualWriteback(int p) {
    return (p & (1 << 22)) != 0;
  }

  /** Load/store multiple format: Rn, the 16-bit register list, W. */
  public static int multiplePayload(int w) {
    return ((w >>> 16) & 15) | (w & 0xFFFF) << 4 | ((w >>> 21) & 1) << 20;
  }

  /** Rn of the load/store multiple format (bits [3:0]). */
  public static int multipleRn(int p) {
    return p & 15;
  }

  public static int list16(int p) {
    return (p >>> 4) & 0xFFFF;
  }

  public static boolean multipleWriteback(int p) {
    return (p & (1 << 20)) != 0;
  }

  /** B&lt;c&gt;.W payload: cond and the offset halved (low 19 bits; the sign is in the id). */
  public static int condBranchPayload(int cond, int offset) {
    return cond | ((offset >> 1) & 0x7FFFF) << 4;
  }

  public static int condOf(int p) {
    return p & 15;
  }

  /** The B&lt;c&gt;.W offset back from its payload. */
  public static int condBranchOffsetFromPayload(int p, boolean backwards) {
    int half = (p >>> 4) & 0x7FFFF;
    return backwards ? (half - 0x80000) << 1 : half << 1;
  }

  /** CBZ/CBNZ offset: i:imm5:'0'. */
  public static int cbzOffset(int hw) {
    return ((hw >>> 9) & 1) << 6 | ((hw >>> 3) & 31) << 1;
  }

  /** The coprocessor number of a coprocessor-space encoding. */
  public static int coprocessor(int w) {
    return (w >>> 8) & 15;
  }

  // -----------------------------------------------------------------------------------------------
  // ThumbExpandImm_C

  /** ThumbExpandImm: the 32-bit value of a modified immediate. */
  public static int expandImm(int imm12) {
    if ((imm12 >>> 10) == 0) {
      int imm8 = imm12 & 0xFF;
      return switch ((imm12 >>> 8) & 3) {
        case 0 -> imm8;
        case 1 -> imm8 << 16 | imm8;
        case 2 -> imm8 << 24 | imm8 << 8;
        default -> imm8 << 24 | imm8 << 16 | imm8 << 8 | imm8;
      };
    }
    return Integer.rotateRight(0x80 | (imm12 & 0x7F), imm12 >>> 7);
  }

  /** The carry out of ThumbExpandImm_C: unchanged for the unrotated forms, else bit 31. */
  public static boolean expandImmCarry(int imm12, boolean carryIn) {
    if ((imm12 >>> 10) == 0) {
      return carryIn;
    }
    return expandImm(imm12) < 0;
  }
}
