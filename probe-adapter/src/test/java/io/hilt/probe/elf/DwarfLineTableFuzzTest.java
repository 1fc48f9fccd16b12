package io.hilt.probe.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Truncated and corrupted variants of real gcc line tables either parse (and then every lookup
 * works) or fail with an ElfException naming the file, section and offset; nothing else escapes and
 * nothing hangs. Seeded, so a failure names a reproducible case.
 */
class DwarfLineTableFuzzTest {
  static final int ITERATIONS = 3000;

  @TempDir Path dir;

  @Test
  void corruptedGasDwarf3LineTableNeverEscapesAsAnotherException() {
    fuzz(DwarfTestProgram.build(dir, "v3.elf", "-O2", "-g"), 0x11ae_0003L);
  }

  @Test
  void corruptedGccDwarf5LineTableNeverEscapesAsAnotherException() {
    fuzz(
        DwarfTestProgram.build(dir, "v5.elf", "-O0", "-gdwarf-5", "-gno-as-loc-support"),
        0x11ae_0005L);
  }

  private static void fuzz(Path elfPath, long seed) {
    ElfFile elf = ElfFile.read(elfPath);
    byte[] lines = elf.sectionData(elf.section(".debug_line").orElseThrow());
    byte[] lineStr = elf.section(".debug_line_str").map(elf::sectionData).orElse(new byte[0]);
    Random random = new Random(seed);
    int parsed = 0;
    int rejected = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      String name = "fuzz-" + Long.toHexString(seed) + "-" + i + ".elf";
      byte[] variant = mutate(lines, random);
      byte[] strings = random.nextInt(8) == 0 ? mutate(lineStr, random) : lineStr;
      try {
        DwarfLineTable table = DwarfLineTable.parse(variant, strings, new byte[0], name);
        for (DwarfLineTable.Range r : table.ranges()) {
          assertThat(table.lookup(r.start())).isPresent();
          table.lookup(r.end());
        }
        for (long a = 0; a < 0x400; a += 2) {
          table.lookup(a);
        }
        parsed++;
      } catch (ElfException e) {
        assertThat(e.getMessage())
            .as(name)
            .startsWith(name + ": .debug_line")
            .contains("offset 0x");
        rejected++;
      } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
        throw new AssertionError(
            "seed " + Long.toHexString(seed) + " iteration " + i + ": " + e, e);
      }
    }
    assertThat(parsed).isGreaterThan(ITERATIONS / 20);
    assertThat(rejected).isGreaterThan(ITERATIONS / 20);
  }

  private static byte[] mutate(byte[] original, Random random) {
    if (original.length == 0) {
      return original;
    }
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
        // a header field near the start of a unit
        int at = random.nextInt(Math.min(data.length, 64));
        data[at] = (byte) (random.nextBoolean() ? 0xff : random.nextInt(256));
      }
      default -> {
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
          data[random.nextInt(data.length)] = (byte) random.nextInt(256);
        }
      }
    }
    return data;
  }
}
