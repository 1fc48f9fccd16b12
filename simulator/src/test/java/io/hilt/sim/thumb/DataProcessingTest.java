package io.hilt.sim.thumb;

import static io.hilt.sim.thumb.Asm.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Flag tables for every data-processing encoding: r0 = a, r1 = b, flags preset (the string gives N
 * Z C V, upper case = set), one instruction, then r0 and the flags are compared.
 */
class DataProcessingTest {
  static Arguments row(
      String name, int encoding, int a, int b, String flagsIn, int result, String flagsOut) {
    return Arguments.of(name, encoding, a, b, flagsIn, result, flagsOut);
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        // ADDS (register, imm3, imm8)
        row("adds 1+2", addsReg(0, 0, 1), 1, 2, "nzcv", 3, "nzcv"),
        row("adds signed overflow", addsReg(0, 0, 1), 0x7FFFFFFF, 1, "nzcv", 0x80000000, "NzcV"),
        row("adds carry out to zero", addsReg(0, 0, 1), -1, 1, "nzcv", 0, "nZCv"),
        row(
            "adds both overflow and carry",
            addsReg(0, 0, 1),
            0x80000000,
            0x80000000,
            "nzcv",
            0,
            "nZCV"),
        row("adds imm3", addsImm3(0, 0, 7), -7, 0, "nzcv", 0, "nZCv"),
        row("adds imm8", addsImm8(0, 255), 1, 0, "NZCV", 256, "nzcv"),
        // SUBS: C is NOT borrow
        row("subs no borrow", subsReg(0, 0, 1), 5, 3, "nzcv", 2, "nzCv"),
        row("subs borrow", subsReg(0, 0, 1), 3, 5, "nzCv", -2, "Nzcv"),
        row("subs equal", subsReg(0, 0, 1), 7, 7, "nzcv", 0, "nZCv"),
        row("subs signed overflow", subsReg(0, 0, 1), 0x80000000, 1, "nzcv", 0x7FFFFFFF, "nzCV"),
        row("subs zero minus zero", subsReg(0, 0, 1), 0, 0, "nzcv", 0, "nZCv"),
        row("subs imm3 borrow", subsImm3(0, 0, 1), 0, 0, "nzcv", -1, "Nzcv"),
        row("subs imm8", subsImm8(0, 0x80), 0x80, 0, "nzcv", 0, "nZCv"),
        // ADCS carry chain
        row("adcs carry in", dp(ADC, 0, 1), 1, 1, "nzCv", 3, "nzcv"),
        row("adcs carry in wraps", dp(ADC, 0, 1), -1, 0, "nzCv", 0, "nZCv"),
        row("adcs carry in overflows", dp(ADC, 0, 1), 0x7FFFFFFF, 0, "nzCv", 0x80000000, "NzcV"),
        row("adcs no carry in", dp(ADC, 0, 1), -1, 0, "nzcv", -1, "Nzcv"),
        row("adcs max plus max plus carry", dp(ADC, 0, 1), -1, -1, "nzCv", -1, "NzCv"),
        // SBCS: a - b - NOT(C)
        row("sbcs with carry set", dp(SBC, 0, 1), 5, 3, "nzCv", 2, "nzCv"),
        row("sbcs with borrow in", dp(SBC, 0, 1), 5, 3, "nzcv", 1, "nzCv"),
        row("sbcs zero minus zero borrow", dp(SBC, 0, 1), 0, 0, "nzcv", -1, "Nzcv"),
        row("sbcs overflow", dp(SBC, 0, 1), 0x80000000, 0, "nzcv", 0x7FFFFFFF, "nzCV"),
        // RSBS #0 (NEG): r0 = 0 - r1
        row("negs zero", dp(RSB, 0, 1), 99, 0, "nzcv", 0, "nZCv"),
        row("negs one", dp(RSB, 0, 1), 99, 1, "nzcv", -1, "Nzcv"),
        row("negs min int", dp(RSB, 0, 1), 99, 0x80000000, "nzcv", 0x80000000, "NzcV"),
        // CMP/CMN leave r0
        row("cmp less", dp(CMP, 0, 1), 1, 2, "nzcv", 1, "Nzcv"),
        row("cmp imm equal", cmpImm(0, 42), 42, 0, "nzcv", 42, "nZCv"),
        row("cmn to zero", dp(CMN, 0, 1), 1, -1, "nzcv", 1, "nZCv"),
        // Logical ops: N, Z only; C and V survive
        row("ands", dp(AND, 0, 1), 0xF0F0, 0x0FF0, "nzCV", 0x00F0, "nzCV"),
        row("ands zero", dp(AND, 0, 1), 0xF0, 0x0F, "Nzcv", 0, "nZcv"),
        row("eors", dp(EOR, 0, 1), -1, 1, "nzCv", -2, "NzCv"),
        row("orrs", dp(ORR, 0, 1), 0x80000000, 1, "nzcV", 0x80000001, "NzcV"),
        row("bics", dp(BIC, 0, 1), 0xFF, 0x0F, "nzcv", 0xF0, "nzcv"),
        row("mvns", dp(MVN, 0, 1), 0, 0, "nzCV", -1, "NzCV"),
        row("tst keeps r0", dp(TST, 0, 1), 0x10, 0x01, "nzcv", 0x10, "nZcv"),
        row("movs imm", movsImm(0, 0), 5, 0, "NzCV", 0, "nZCV"),
        row("movs reg keeps C", lslsImm(0, 1, 0), 5, 0x80000000, "nzCv", 0x80000000, "NzCv"),
        // MULS: N and Z from the low 32 bits; C and V unchanged
        row("muls keeps C and V", dp(MUL, 0, 1), 3, -1, "nzCV", -3, "NzCV"),
        row("muls low 32 bits", dp(MUL, 0, 1), 0x10000, 0x10000, "nzcv", 0, "nZcv"),
        row("muls leaves C set", dp(MUL, 0, 1), 2, 3, "nzCv", 6, "nzCv"),
        // Shifts by immediate
        row("lsls #1 carry out", lslsImm(0, 0, 1), 0x80000001, 0, "nzcv", 2, "nzCv"),
        row("lsls #31 carry from bit 1", lslsImm(0, 0, 31), 3, 0, "nzcv", 0x80000000, "NzCv"),
        row("lsrs #1", lsrsImm(0, 0, 1), 3, 0, "nzcv", 1, "nzCv"),
        row("lsrs #32 (imm5 0)", lsrsImm(0, 0, 0), 0x80000000, 0, "nzcv", 0, "nZCv"),
        row("lsrs #32 of positive", lsrsImm(0, 0, 0), 0x7FFFFFFF, 0, "nzCv", 0, "nZcv"),
        row("asrs #1 negative", asrsImm(0, 0, 1), -3, 0, "nzcv", -2, "NzCv"),
        row("asrs #32 negative", asrsImm(0, 0, 0), 0x80000000, 0, "nzcv", -1, "NzCv"),
        row("asrs #32 positive", asrsImm(0, 0, 0), 0x40000000, 0, "nzCv", 0, "nZcv"),
        row("asrs #31 negative", asrsImm(0, 0, 31), 0x80000000, 0, "nzcv", -1, "Nzcv"),
        // Shifts by register: only the bottom byte counts
        row("lsls reg 0 keeps C", dp(LSL, 0, 1), 0x80000000, 0, "nzCv", 0x80000000, "NzCv"),
        row("lsls reg 256 is 0", dp(LSL, 0, 1), 1, 256, "nzCv", 1, "nzCv"),
        row("lsls reg 1", dp(LSL, 0, 1), 0x80000000, 1, "nzcv", 0, "nZCv"),
        row("lsls reg 32", dp(LSL, 0, 1), 1, 32, "nzcv", 0, "nZCv"),
        row("lsls reg 32 even", dp(LSL, 0, 1), 2, 32, "nzCv", 0, "nZcv"),
        row("lsls reg 33", dp(LSL, 0, 1), -1, 33, "nzCv", 0, "nZcv"),
        row("lsrs reg 32", dp(LSR, 0, 1), 0x80000000, 32, "nzcv", 0, "nZCv"),
        row("lsrs reg 33", dp(LSR, 0, 1), -1, 33, "nzCv", 0, "nZcv"),
        row("lsrs reg 4", dp(LSR, 0, 1), 0x18, 4, "nzcv", 1, "nzCv"),
        row("asrs reg 32 negative", dp(ASR, 0, 1), 0x80000000, 32, "nzcv", -1, "NzCv"),
        row("asrs reg 33 negative", dp(ASR, 0, 1), 0x80000000, 33, "nzcv", -1, "NzCv"),
        row("asrs reg 255 positive", dp(ASR, 0, 1), 0x7FFFFFFF, 255, "nzCv", 0, "nZcv"),
        row("asrs reg 0 keeps C", dp(ASR, 0, 1), -8, 0, "nzCv", -8, "NzCv"),
        row("asrs reg 1 negative odd", dp(ASR, 0, 1), -7, 1, "nzcv", -4, "NzCv"),
        row("rors reg 0 keeps C", dp(ROR, 0, 1), 1, 0, "nzCv", 1, "nzCv"),
        row("rors reg 4", dp(ROR, 0, 1), 0x12345678, 4, "nzcv", 0x81234567, "NzCv"),
        row("rors reg 32", dp(ROR, 0, 1), 0x80000000, 32, "nzcv", 0x80000000, "NzCv"),
        row("rors reg 32 positive", dp(ROR, 0, 1), 1, 32, "nzCv", 1, "nzcv"),
        row("rors reg 36", dp(ROR, 0, 1), 0x10, 36, "nzcv", 1, "nzcv"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void setsResultAndFlagsAsTheArchitectureDefines(
      String name, int encoding, int a, int b, String flagsIn, int result, String flagsOut) {
    CoreHarness h =
        new CoreHarness()
            .program(encoding)
            .set(0, a)
            .set(1, b)
            .flags(
                flagsIn.charAt(0) == 'N',
                flagsIn.charAt(1) == 'Z',
                flagsIn.charAt(2) == 'C',
                flagsIn.charAt(3) == 'V')
            .step(1);

    assertThat(h.traps).isEmpty();
    assertThat(h.reg(0)).as("r0 (0x%08x)", h.reg(0)).isEqualTo(result);
    assertThat(h.flags()).isEqualTo(flagsOut);
    assertThat(h.reg(15)).isEqualTo(2);
  }
}
