package io.hilt.sim.thumb;

/** Hand assembly of the ARMv6-M encodings tests use (written from the ARM ARM, not the decoder). */
final class Asm {
  private Asm() {}

  static int lslsImm(int d, int m, int imm) {
    return imm << 6 | m << 3 | d;
  }

  static int lsrsImm(int d, int m, int imm) {
    return 0x0800 | (imm & 31) << 6 | m << 3 | d;
  }

  static int asrsImm(int d, int m, int imm) {
    return 0x1000 | (imm & 31) << 6 | m << 3 | d;
  }

  static int addsReg(int d, int n, int m) {
    return 0x1800 | m << 6 | n << 3 | d;
  }

  static int subsReg(int d, int n, int m) {
    return 0x1A00 | m << 6 | n << 3 | d;
  }

  static int addsImm3(int d, int n, int imm) {
    return 0x1C00 | imm << 6 | n << 3 | d;
  }

  static int subsImm3(int d, int n, int imm) {
    return 0x1E00 | imm << 6 | n << 3 | d;
  }

  static int movsImm(int d, int imm) {
    return 0x2000 | d << 8 | imm;
  }

  static int cmpImm(int n, int imm) {
    return 0x2800 | n << 8 | imm;
  }

  static int addsImm8(int d, int imm) {
    return 0x3000 | d << 8 | imm;
  }

  static int subsImm8(int d, int imm) {
    return 0x3800 | d << 8 | imm;
  }

  /** Data-processing register form: opcode 0..15 (AND, EOR, LSL, LSR, ASR, ADC, SBC, ROR, ...). */
  static int dp(int opcode, int dn, int m) {
    return 0x4000 | opcode << 6 | m << 3 | dn;
  }

  static final int AND = 0;
  static final int EOR = 1;
  static final int LSL = 2;
  static final int LSR = 3;
  static final int ASR = 4;
  static final int ADC = 5;
  static final int SBC = 6;
  static final int ROR = 7;
  static final int TST = 8;
  static final int RSB = 9;
  static final int CMP = 10;
  static final int CMN = 11;
  static final int ORR = 12;
  static final int MUL = 13;
  static final int BIC = 14;
  static final int MVN = 15;

  static int addHi(int dn, int m) {
    return 0x4400 | (dn & 8) << 4 | m << 3 | (dn & 7);
  }

  static int cmpHi(int n, int m) {
    return 0x4500 | (n & 8) << 4 | m << 3 | (n & 7);
  }

  static int movHi(int d, int m) {
    return 0x4600 | (d & 8) << 4 | m << 3 | (d & 7);
  }

  static int bx(int m) {
    return 0x4700 | m << 3;
  }

  static int blx(int m) {
    return 0x4780 | m << 3;
  }

  static int ldrLit(int t, int imm8) {
    return 0x4800 | t << 8 | imm8;
  }

  /** Register-offset load/store, opB 0..7: STR STRH STRB LDRSB LDR LDRH LDRB LDRSH. */
  static int ldstReg(int opB, int t, int n, int m) {
    return 0x5000 | opB << 9 | m << 6 | n << 3 | t;
  }

  static int strImm(int t, int n, int imm5) {
    return 0x6000 | imm5 << 6 | n << 3 | t;
  }

  static int ldrImm(int t, int n, int imm5) {
    return 0x6800 | imm5 << 6 | n << 3 | t;
  }

  static int strbImm(int t, int n, int imm5) {
    return 0x7000 | imm5 << 6 | n << 3 | t;
  }

  static int ldrbImm(int t, int n, int imm5) {
    return 0x7800 | imm5 << 6 | n << 3 | t;
  }

  static int strhImm(int t, int n, int imm5) {
    return 0x8000 | imm5 << 6 | n << 3 | t;
  }

  static int ldrhImm(int t, int n, int imm5) {
    return 0x8800 | imm5 << 6 | n << 3 | t;
  }

  static int strSp(int t, int imm8) {
    return 0x9000 | t << 8 | imm8;
  }

  static int ldrSp(int t, int imm8) {
    return 0x9800 | t << 8 | imm8;
  }

  static int adr(int d, int imm8) {
    return 0xA000 | d << 8 | imm8;
  }

  static int addRdSp(int d, int imm8) {
    return 0xA800 | d << 8 | imm8;
  }

  static int addSp(int imm7) {
    return 0xB000 | imm7;
  }

  static int subSp(int imm7) {
    return 0xB080 | imm7;
  }

  static int sxth(int d, int m) {
    return 0xB200 | m << 3 | d;
  }

  static int sxtb(int d, int m) {
    return 0xB240 | m << 3 | d;
  }

  static int uxth(int d, int m) {
    return 0xB280 | m << 3 | d;
  }

  static int uxtb(int d, int m) {
    return 0xB2C0 | m << 3 | d;
  }

  static int push(int list, boolean lr) {
    return 0xB400 | (lr ? 0x100 : 0) | list;
  }

  static int pop(int list, boolean pc) {
    return 0xBC00 | (pc ? 0x100 : 0) | list;
  }

  static final int CPSIE = 0xB662;
  static final int CPSID = 0xB672;
  static final int NOP = 0xBF00;
  static final int WFI = 0xBF30;

  static int rev(int d, int m) {
    return 0xBA00 | m << 3 | d;
  }

  static int rev16(int d, int m) {
    return 0xBA40 | m << 3 | d;
  }

  static int revsh(int d, int m) {
    return 0xBAC0 | m << 3 | d;
  }

  static int bkpt(int imm) {
    return 0xBE00 | imm;
  }

  static int stm(int n, int list) {
    return 0xC000 | n << 8 | list;
  }

  static int ldm(int n, int list) {
    return 0xC800 | n << 8 | list;
  }

  /** B&lt;cond&gt; with a byte offset from PC+4. */
  static int bcond(int cond, int offset) {
    return 0xD000 | cond << 8 | ((offset >> 1) & 0xFF);
  }

  static int svc(int imm) {
    return 0xDF00 | imm;
  }

  static int udf(int imm) {
    return 0xDE00 | imm;
  }

  static int b(int offset) {
    return 0xE000 | ((offset >> 1) & 0x7FF);
  }

  /** BL as two halfwords, offset from PC+4. */
  static int[] bl(int offset) {
    int s = (offset >>> 24) & 1;
    int i1 = (offset >>> 23) & 1;
    int i2 = (offset >>> 22) & 1;
    int j1 = (~i1 ^ s) & 1;
    int j2 = (~i2 ^ s) & 1;
    int imm10 = (offset >>> 12) & 0x3FF;
    int imm11 = (offset >>> 1) & 0x7FF;
    return new int[] {0xF000 | s << 10 | imm10, 0xD000 | j1 << 13 | j2 << 11 | imm11};
  }

  static int[] msr(int sysm, int n) {
    return new int[] {0xF380 | n, 0x8800 | sysm};
  }

  static int[] mrs(int d, int sysm) {
    return new int[] {0xF3EF, 0x8000 | d << 8 | sysm};
  }

  static final int[] DSB = {0xF3BF, 0x8F4F};
  static final int[] DMB = {0xF3BF, 0x8F5F};
  static final int[] ISB = {0xF3BF, 0x8F6F};
}
