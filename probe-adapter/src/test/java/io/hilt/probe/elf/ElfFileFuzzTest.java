package io.hilt.probe.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Truncated and corrupted variants of real ELF files either parse (and then every accessor works)
 * or fail with an ElfException; nothing else may escape. Seeded, so a failure names a reproducible
 * case.
 */
class ElfFileFuzzTest {
  static final int ITERATIONS = 4000;
  static final long[] INTERESTING = {
    0,
    1,
    2,
    3,
    4,
    0x10,
    0x28,
    0x34,
    0x7f,
    0x80,
    0xff,
    0x100,
    0x7fff,
    0x8000,
    0xffff,
    0x10000,
    0x7fffffffL,
    0x80000000L,
    0xfffffff0L,
    0xffffffffL
  };

  @Test
  void corruptedHandBuiltRiscvElfNeverEscapesAsAnotherException() {
    fuzz(ElfFileRiscvTest.riscvElf(), 0x5eed_0001L);
  }

  @Test
  void corruptedGccBuiltArmElfNeverEscapesAsAnotherException(@TempDir Path dir) throws Exception {
    fuzz(Files.readAllBytes(GccElf.build(dir)), 0x5eed_0002L);
  }

  private static void fuzz(byte[] original, long seed) {
    Random random = new Random(seed);
    int parsed = 0;
    int rejected = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] variant = mutate(original, random);
      String name = "fuzz-" + Long.toHexString(seed) + "-" + i + ".elf";
      try {
        exercise(ElfFile.parse(variant, name));
        parsed++;
      } catch (ElfException e) {
        assertThat(e.getMessage()).as(name).startsWith(name + ": ").contains("offset 0x");
        rejected++;
      } catch (RuntimeException | StackOverflowError e) {
        throw new AssertionError(
            "seed " + Long.toHexString(seed) + " iteration " + i + ": " + e, e);
      }
    }
    // both outcomes must actually happen, or the mutations are too weak or too strong
    assertThat(parsed).isGreaterThan(ITERATIONS / 20);
    assertThat(rejected).isGreaterThan(ITERATIONS / 20);
  }

  private static byte[] mutate(byte[] original, Random random) {
    byte[] data = original.clone();
    switch (random.nextInt(4)) {
      case 0 -> {
        return Arrays.copyOf(data, random.nextInt(data.length));
      }
      case 1 -> {
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
          data[random.nextInt(data.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 2 -> {
        // a header field: ELF header, a program header, or a section header
        int at = structureOffset(data, random);
        ElfBuilder.putU32(data, at, INTERESTING[random.nextInt(INTERESTING.length)]);
      }
      default -> {
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
          int at = random.nextInt(data.length - 1);
          data[at] = (byte) random.nextInt(256);
          if (random.nextBoolean()) {
            data[at + 1] = (byte) random.nextInt(256);
          }
        }
      }
    }
    return data;
  }

  private static int structureOffset(byte[] data, Random random) {
    int shoff = (int) ElfBuilder.u32(data, 32);
    int shnum = ElfBuilder.u16(data, 48);
    return switch (random.nextInt(3)) {
      case 0 -> 4 * random.nextInt(12);
      case 1 -> ElfBuilder.EHDR + 4 * random.nextInt(ElfBuilder.PHDR / 4 * 2);
      default -> shoff + 4 * random.nextInt(shnum * ElfBuilder.SHDR / 4 - 1);
    };
  }

  private static void exercise(ElfFile elf) {
    elf.header();
    elf.programHeaders();
    for (Section s : elf.sections()) {
      elf.sectionData(s);
      elf.section(s.name());
    }
    for (ElfSymbol s : elf.symbols()) {
      elf.symbol(s.name());
      elf.symbolize(s.value());
      elf.symbolize(s.value() + s.size() - 1);
    }
    for (LoadSegment s : elf.loadSegments()) {
      assertThat(s.data().length).isEqualTo(s.size());
    }
  }
}
