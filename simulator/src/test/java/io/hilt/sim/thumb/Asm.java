package io.hilt.sim.thumb;

/** Hand assembly of the ARMv6-M encodings tests use (written from the ARM ARM, not the decoder). */
public final class Asm {
  private Asm() {}

  public static int lslsImm(int d, int m, int imm) {
    return imm << 6 | m << 3 | d;
  }

  public static int lsrsImm(int d, int m, int imm) {
    return 0x0800 | (imm & 31) << 6 | m << 3 | d;
  }

  public static int asrsImm(int d, int m, int imm) {
    return 0x1000 | (imm & 31) << 6 | m << 3 | d;
  }

  public static int addsReg(int d, int n, int m) {
    return 0x1800 | m << 6 | n << 3 | d;
  }

  public static int subsReg(int d, int n, int m) {
    return 0x1A00 | m << 6 | n << 3 | d;
  }

  public static int addsImm3(int d, int n, int imm) {
    return 0x1C00 | imm << 6 | n << 3 | d;
  }

  public static int subsImm3(int d, int n, int imm) {
    return 0x1E00 | imm << 6 | n << 3 | d;
  }

  public static int movsImm(int d, int imm) {
    return 0x2000 | d << 8 | imm;
  }

  public static int cmpImm(int n, int imm) {
    return 0x2800 | n << 8 | imm;
  }

  public static int addsImm8(int d, int imm) {
    return 0x3000 | d << 8 | imm;
  }

  public static int subsImm8(int d, int imm) {
    return 0x3800 | d << 8 | imm;
  }

  /** Data-processing register form: opcode 0..15 (AND, EOR, LSL, LSR, ASR, ADC, SBC, ROR, ...). */
  public static int dp(int opcode, int dn, int m) {
    return 0x4000 | opcode << 6 | m << 3 | dn;
  }

  public static final int AND = 0;
  public static final int EOR = 1;
  public static final int LSL = 2;
  public static final int LSR = 3;
  public static final int ASR = 4;
  public static final int ADC = 5;
  public static final int SBC = 6;
  public static final int ROR = 7;
  public static final int TST = 8;
  public static final int RSB = 9;
  public static final int CMP = 10;
  public static final int CMN = 11;
  public static final int ORR = 12;
  public static final int MUL = 13;
  public static final int BIC = 14;
  public static final int MVN = 15;

  public static int addHi(int dn, int m) {
    return 0x4400 | (dn & 8) << 4 | m << 3 | (dn & 7);
  }

  public static int cmpHi(int n, int m) {
    return 0x4500 | (n & 8) << 4 | m << 3 | (n & 7);
  }

  public static int movHi(int d, int m) {
    return 0x4600 | (d & 8) << 4 | m << 3 | (d & 7);
  }

  public static int bx(int m) {
    return 0x4700 | m << 3;
  }

  public static int blx(int m) {
    return 0x4780 | m << 3;
  }

  public static int ldrLit(int t, int imm8) {
    return 0x4800 | t << 8 | imm8;
  }

  /** Register-offset load/store, opB 0..7: STR STRH STRB LDRSB LDR LDRH LDRB LDRSH. */
  public static int ldstReg(int opB, int t, int n, int m) {
    return 0x5000 | opB << 9 | m << 6 | n << 3 | t;
  }

  public static int strImm(int t, int n, int imm5) {
    return 0x6000 | imm5 << 6 | n << 3 | t;
  }

  public static int ldrImm(int t, int n, int imm5) {
    return 0x6800 | imm5 << 6 | n << 3 | t;
  }

  public static int strbImm(int t, int n, int imm5) {
    return 0x7000 | imm5 << 6 | n << 3 | t;
  }

  public static int ldrbImm(int t, int n, int imm5) {
    return 0x7800 | imm5 << 6 | n << 3 | t;
  }

  public static int strhImm(int t, int n, int imm5) {
    return 0x8000 | imm5 << 6 | n << 3 | t;
  }

  public static int ldrhImm(int t, int n, int imm5) {
    return 0x8800 | imm5 << 6 | n << 3 | t;
  }

  public static int strSp(int t, int imm8) {
    return 0x9000 | t << 8 | imm8;
  }

  public static int ldrSp(int t, int imm8) {
    return 0x9800 | t << 8 | imm8;
  }

  public static int adr(int d, int imm8) {
    return 0xA000 | d << 8 | imm8;
  }

  public static int addRdSp(int d, int imm8) {
    return 0xA800 | d << 8 | imm8;
  }

  public static int addSp(int imm7) {
    return 0xB000 | imm7;
  }

  public static int subSp(int imm7) {
    return 0xB080 | imm7;
  }

  public static int sxth(int d, int m) {
    return 0xB200 | m << 3 | d;
  }

  public static int sxtb(int d, int m) {
    return 0xB240 | m << 3 | d;
  }

  public static int uxth(int d, int m) {
    return 0xB280 | m << 3 | d;
  }

  public static int uxtb(int d, int m) {
    return 0xB2C0 | m << 3 | d;
  }

  public static int push(int list, boolean lr) {
    return 0xB400 | (lr ? 0x100 : 0) | list;
  }

  public static int pop(int list, boolean pc) {
    return 0xBC00 | (pc ? 0x100 : 0) | list;
  }

  public static final int CPSIE = 0xB662;
  public static final int CPSID = 0xB672;
  public static final int NOP = 0xBF00;
  public static final int WFI = 0xBF30;

  public static int rev(int d, int m) {
    return 0xBA00 | m << 3 | d;
  }

  public static int rev16(int d, int m) {
    return 0xBA40 | m << 3 | d;
  }

  public static int revsh(int d, int m) {
    return 0xBAC0 | m << 3 | d;
  }

  public static int bkpt(int imm) {
    return 0xBE00 | imm;
  }

  public static int stm(int n, int list) {
    return 0xC000 | n << 8 | list;
  }

  public static int ldm(int n, int list) {
    return 0xC800 | n << 8 | list;
  }

  /** B&lt;cond&gt; with a byte offset from PC+4. */
  public static int bcond(int cond, int offset) {
    return 0xD000 | cond << 8 | ((offset >> 1) & 0xFF);
  }

  public static int svc(int imm) {
    return 0xDF00 | imm;
  }

  public static int udf(int imm) {
    return 0xDE00 | imm;
  }

  public static int b(int offset) {
    return 0xE000 | ((offset >> 1) & 0x7FF);
  }

  /** BL as two halfwords, offset from PC+4. */
  public static int[] bl(int offset) {
    int s = (offset >>> 24) & 1;
    int i1 = (offset >>> 23) & 1;
    int i2 = (offset >>> 22) & 1;
    int j1 = (~i1 ^ s) & 1;
    int j2 = (~i2 ^ s) & 1;
    int imm10 = (offset >>> 12) & 0x3FF;
    int imm11 = (offset >>> 1) & 0x7FF;
    return new int[] {0xF000 | s << 10 | imm10, 0xD000 | j1 << 13 | j2 << 11 | imm11};
  }

  public static int[] msr(int sysm, int n) {
    return new int[] {0xF380 | n, 0x8800 | sysm};
  }

  public static int[] mrs(int d, int sysm) {
    return new int[] {0xF3EF, 0x8000 | d << 8 | sysm};
  }

  public static final int[] DSB = {0xF3BF, 0x8F4F};
  public static final int[] DMB = {0xF3BF, 0x8F5F};
  public static final int[] ISB = {0xF3BF, 0x8F6F};
}
