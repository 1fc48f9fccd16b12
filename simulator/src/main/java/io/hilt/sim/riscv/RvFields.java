package io.hilt.sim.riscv;

/**
 * Field extraction for RV32 base (32-bit) and RVC (16-bit) encodings, in one place. Immediates come
 * back sign- or zero-extended as the instruction uses them; compressed register fields ({@code
 * rd'}, {@code rs1'}, {@code rs2'}) come back as x8..x15.
 */
public final class RvFields {
  private RvFields() {}

  // Base formats ------------------------------------------------------------------------------

  public static int rd(int insn) {
    return insn >>> 7 & 31;
  }

  public static int rs1(int insn) {
    return insn >>> 15 & 31;
  }

  public static int rs2(int insn) {
    return insn >>> 20 & 31;
  }

  /** I-type: imm[11:0] = insn[31:20], sign-extended. */
  public static int immI(int insn) {
    return insn >> 20;
  }

  /** S-type: imm[11:5] = insn[31:25], imm[4:0] = insn[11:7]. */
  public static int immS(int insn) {
    return (insn >> 25) << 5 | (insn >>> 7 & 31);
  }

  /** B-type: imm[12|10:5] = insn[31:25], imm[4:1|11] = insn[11:7]. */
  public static int immB(int insn) {
    return (insn >> 31) << 12
        | (insn >>> 7 & 1) << 11
        | (insn >>> 25 & 0x3F) << 5
        | (insn >>> 8 & 0xF) << 1;
  }

  /** U-type: imm[31:12] = insn[31:12]. */
  public static int immU(int insn) {
    return insn & 0xFFFF_F000;
  }

  /** J-type: imm[20|10:1|11|19:12] = insn[31:12]. */
  public static int immJ(int insn) {
    return (insn >> 31) << 20
        | (insn & 0xFF000)
        | (insn >>> 20 & 1) << 11
        | (insn >>> 21 & 0x3FF) << 1;
  }

  /** Shift amount of SLLI/SRLI/SRAI: insn[24:20]. */
  public static int shamt(int insn) {
    return insn >>> 20 & 31;
  }

  /** CSR number: insn[31:20]. */
  public static int csr(int insn) {
    return insn >>> 20 & 0xFFF;
  }

  // RVC ---------------------------------------------------------------------------------------

  private static int bit(int h, int n) {
    return h >>> n & 1;
  }

  /** rd/rs1 of CR/CI formats: h[11:7]. */
  public static int cRd(int h) {
    return h >>> 7 & 31;
  }

  /** rs2 of CR/CSS formats: h[6:2]. */
  public static int cRs2(int h) {
    return h >>> 2 & 31;
  }

  /** rd'/rs2' of CIW/CL/CS/CA formats: h[4:2] + 8. */
  public static int cRdPrime(int h) {
    return (h >>> 2 & 7) + 8;
  }

  /** rs1'/rd' of CL/CS/CA/CB formats: h[9:7] + 8. */
  public static int cRs1Prime(int h) {
    return (h >>> 7 & 7) + 8;
  }

  /** CI signed immediate: imm[5] = h[12], imm[4:0] = h[6:2]. */
  public static int cImm6(int h) {
    return (bit(h, 12) == 1 ? -32 : 0) | (h >>> 2 & 31);
  }

  /** CI unsigned shift amount: shamt[5] = h[12], shamt[4:0] = h[6:2]. */
  public static int cShamt(int h) {
    return bit(h, 12) << 5 | (h >>> 2 & 31);
  }

  /** C.ADDI4SPN: nzuimm[5:4|9:6|2|3] = h[12:11|10:7|6|5]. */
  public static int cAddi4spnImm(int h) {
    return (h >>> 11 & 3) << 4 | (h >>> 7 & 0xF) << 6 | bit(h, 6) << 2 | bit(h, 5) << 3;
  }

  /** C.LW/C.SW: uimm[5:3] = h[12:10], uimm[2] = h[6], uimm[6] = h[5]. */
  public static int cLwImm(int h) {
    return (h >>> 10 & 7) << 3 | bit(h, 6) << 2 | bit(h, 5) << 6;
  }

  /** C.J/C.JAL: offset[11|4|9:8|10|6|7|3:1|5] = h[12|11|10:9|8|7|6|5:3|2], sign-extended. */
  public static int cJImm(int h) {
    int v =
        bit(h, 12) << 11
            | bit(h, 11) << 4
            | (h >>> 9 & 3) << 8
            | bit(h, 8) << 10
            | bit(h, 7) << 6
            | bit(h, 6) << 7
            | (h >>> 3 & 7) << 1
            | bit(h, 2) << 5;
    return v << 20 >> 20;
  }

  /** C.BEQZ/C.BNEZ: offset[8|4:3|7:6|2:1|5] = h[12|11:10|6:5|4:3|2], sign-extended. */
  public static int cBImm(int h) {
    int v =
        bit(h, 12) << 8
            | (h >>> 10 & 3) << 3
            | (h >>> 5 & 3) << 6
            | (h >>> 3 & 3) << 1
            | bit(h, 2) << 5;
    return v << 23 >> 23;
  }

  /** C.ADDI16SP: nzimm[9|4|6|8:7|5] = h[12|6|5|4:3|2], sign-extended. */
  public static int cAddi16spImm(int h) {
    int v = bit(h, 12) << 9 | bit(h, 6) << 4 | bit(h, 5) << 6 | (h >>> 3 & 3) << 7 | bit(h, 2) << 5;
    return v << 22 >> 22;
  }

  /** C.LUI: nzimm[17|16:12] = h[12|6:2], sign-extended, as the value LUI writes. */
  public static int cLuiImm(int h) {
    return cImm6(h) << 12;
  }

  /** C.LWSP: uimm[5] = h[12], uimm[4:2] = h[6:4], uimm[7:6] = h[3:2]. */
  public static int cLwspImm(int h) {
    return bit(h, 12) << 5 | (h >>> 4 & 7) << 2 | (h >>> 2 & 3) << 6;
  }

  /** C.SWSP: uimm[5:2] = h[12:9], uimm[7:6] = h[8:7]. */
  public static int cSwspImm(int h) {
    return (h >>> 9 & 0xF) << 2 | (h >>> 7 & 3) << 6;
  }
}
