package io.hilt.probe.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.target.Arch;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random core registers, stack contents and fault status values (what a crashed firmware leaves)
 * either give a report whose text, fields and explanation render, or a FaultAnalysisException;
 * nothing else escapes. Seeded, so a failure names a reproducible case.
 */
class FaultAnalyzerFuzzTest {
  static final int ITERATIONS = 3000;
  static final long RAM = 0x2000_0000L;
  static final int RAM_BYTES = 0x1000;
  static final List<Arch> ARCHES =
      List.of(Arch.CORTEX_M0PLUS, Arch.CORTEX_M3, Arch.CORTEX_M4, Arch.CORTEX_M33);
  static final long[] EXC_RETURNS = {
    0xFFFFFFF1L,
    0xFFFFFFF9L,
    0xFFFFFFFDL,
    0xFFFFFFE1L,
    0xFFFFFFE9L,
    0xFFFFFFEDL,
    0xFFFFFFBCL,
    0xFFFFFFDDL
  };

  @Test
  void randomCoreStateNeverEscapesAsAnotherException() {
    Random random = new Random(0xfa_0175L);
    FaultAnalyzer analyzer = new FaultAnalyzer();
    int reports = 0;
    int rejected = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      Arch arch = ARCHES.get(random.nextInt(ARCHES.size()));
      FakeCortexM t = new FakeCortexM();
      byte[] ram = new byte[RAM_BYTES];
      random.nextBytes(ram);
      t.writeMemory(RAM, ram);
      t.writeMemory(0, randomBytes(random, 0x100));
      if (random.nextInt(4) > 0) {
        t.words(0xE000_ED04L, random.nextInt(64), random.nextBoolean() ? 0 : random.nextLong());
      }
      if (random.nextInt(4) > 0) {
        t.words(
            0xE000_ED24L,
            random.nextLong(),
            random.nextLong(),
            random.nextLong(),
            random.nextLong(),
            random.nextLong(),
            random.nextLong());
      }
      if (random.nextBoolean()) {
        t.word(FaultAnalyzer.FPCCR, random.nextLong());
      }
      t.register(
          "xpsr", random.nextBoolean() ? 0x0100_0000L | random.nextInt(48) : random.nextLong());
      t.register("pc", random.nextInt(8) == 0 ? 0xEFFF_FFFEL : random.nextInt(0x100));
      t.register(
          "lr",
          random.nextBoolean()
              ? EXC_RETURNS[random.nextInt(EXC_RETURNS.length)]
              : random.nextLong());
      t.register("sp", stackPointer(random));
      t.register("psp", stackPointer(random));
      if (random.nextInt(8) == 0) {
        t.withoutRegister("psp");
      }
      String name = "seed fa0175 iteration " + i + " (" + arch + ")";
      try {
        FaultReport r = analyzer.analyze(t, arch, Optional.empty(), Optional.empty());
        assertThat(r.text()).as(name).contains(r.explanation());
        assertThat(r.fields()).as(name).containsKey("exception");
        reports++;
      } catch (FaultAnalysisException e) {
        assertThat(e.getMessage()).as(name).isNotBlank();
        rejected++;
      } catch (RuntimeException | StackOverflowError e) {
        throw new AssertionError(name + ": " + e, e);
      }
    }
    assertThat(reports).isGreaterThan(ITERATIONS / 4);
    assertThat(rejected).isPositive();
  }

  private static long stackPointer(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> random.nextLong() & 0xffff_ffffL;
      case 1 -> RAM + RAM_BYTES - 4 * random.nextInt(8);
      default -> RAM + 4 * random.nextInt(RAM_BYTES / 4);
    };
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
