package io.hilt.sim.riscv;

/** Encodes the RV32 base instructions the core tests need (the decoder tests use gas instead). */
final class RvAsm {
  private RvAsm() {}

  static int r(int funct7, int rs2, int rs1, int funct3, int rd, int opcode) {
    return funct7 << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode;
  }

  static int i(int imm, int rs1, int funct3, int rd, int opcode) {
    return (imm & 0xFFF) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode;
  }

  static int s(int imm, int rs2, int rs1, int funct3) {
    return (imm >> 5 & 0x7F) << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | (imm & 31) << 7 | 0x23;
  }

  static int b(int imm, int rs2, int rs1, int funct3) {
    return (imm >> 12 & 1) << 31
        | (imm >> 5 & 0x3F) << 25
        | rs2 << 20
        | rs1 << 15
        | funct3 << 12
        | (imm >> 1 & 0xF) << 8
        | (imm >> 11 & 1) << 7
        | 0x63;
  }

  static int u(int imm, int rd, int opcode) {
    return imm & 0xFFFF_F000 | rd << 7 | opcode;
  }

  static int j(int imm, int rd) {
    return (imm >> 20 & 1) << 31
        | (imm >> 1 & 0x3FF) << 21
        | (imm >> 11 & 1) << 20
        | (imm >> 12 & 0xFF) << 12
        | rd << 7
        | 0x6F;
  }

  static int addi(int rd, int rs1, int imm) {
    return i(imm, rs1, 0, rd, 0x13);
  }

  static int lui(int rd, int imm) {
    return u(imm, rd, 0x37);
  }

  static int add(int rd, int rs1, int rs2) {
    return r(0, rs2, rs1, 0, rd, 0x33);
  }

  /** M extension: funct3 0..7 = mul, mulh, mulhsu, mulhu, div, divu, rem, remu. */
  static int m(int funct3, int rd, int rs1, int rs2) {
    return r(1, rs2, rs1, funct3, rd, 0x33);
  }

  static int lw(int rd, int rs1, int imm) {
    return i(imm, rs1, 2, rd, 0x03);
  }

  static int load(int funct3, int rd, int rs1, int imm) {
    return i(imm, rs1, funct3, rd, 0x03);
  }

  static int sw(int rs2, int rs1, int imm) {
    return s(imm, rs2, rs1, 2);
  }

  static int store(int funct3, int rs2, int rs1, int imm) {
    return s(imm, rs2, rs1, funct3);
  }

  static int jalr(int rd, int rs1, int imm) {
    return i(imm, rs1, 0, rd, 0x67);
  }

  /** funct3: 1 csrrw, 2 csrrs, 3 csrrc, 5 csrrwi, 6 csrrsi, 7 csrrci. */
  static int csr(int funct3, int rd, int csr, int rs1OrImm) {
    return csr << 20 | rs1OrImm << 15 | funct3 << 12 | rd << 7 | 0x73;
  }

  /**
   * AMO funct5 (0 add, 1 swap, 2 lr, 3 sc, 4 xor, 8 or, 12 and, 16 min, 20 max, 24 minu, 28 maxu).
   */
  static int amo(int funct5, int rd, int rs1, int rs2) {
    return funct5 << 27 | rs2 << 20 | rs1 << 15 | 2 << 12 | rd << 7 | 0x2F;
  }

  static final int ECALL = 0x0000_0073;
  static final int EBREAK = 0x0010_0073;
  static final int MRET = 0x3020_0073;
  static final int WFI = 0x1050_0073;
  static final int NOP = 0x0000_0013;
  static final int SEMIHOST_PRE = 0x01F0_1013;
  static final int SEMIHOST_POST = 0x4070_5013;
}
