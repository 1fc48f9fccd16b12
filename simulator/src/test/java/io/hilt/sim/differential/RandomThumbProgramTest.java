package io.hilt.sim.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.testsupport.ProjectPaths;
import io.hilt.probe.testsupport.Tools;
import io.hilt.sim.SimRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random straight-line ARMv6-M programs (every data-processing, shift, extend, reverse and
 * high-register encoding, random registers, random initial values and flags) run on the simulator
 * and on QEMU; r0-r12 and APSR after each block must match. A second program mix adds loads and
 * stores of every width through a scratch buffer, balanced PUSH/POP and conditional branches over
 * the next instruction, and compares the buffer too. A mismatch names the block, whose encodings
 * are in the generated source printed with the failure. Same seed, same programs.
 */
class RandomThumbProgramTest {
  private static final long SEED = 0x5EED_1234L;
  private static final int BLOCKS = 40;
  private static final int INSTRUCTIONS = 120;

  @TempDir Path work;

  /**
   * One random 16-bit encoding that neither touches memory nor writes SP or PC; with {@code keepR7}
   * it never writes r7 either (r7 then holds the scratch buffer's address).
   */
  static int randomInstruction(SplittableRandom random, boolean keepR7) {
    int lo1 = random.nextInt(keepR7 ? 7 : 8);
    int lo2 = random.nextInt(8);
    int lo3 = random.nextInt(8);
    return switch (random.nextInt(12)) {
      case 0 -> random.nextInt(3) << 11 | random.nextInt(32) << 6 | lo2 << 3 | lo1; // shifts
      case 1 -> 0x1800 | random.nextInt(4) << 9 | lo3 << 6 | lo2 << 3 | lo1; // add/sub reg, imm3
      case 2 -> 0x2000 | random.nextInt(4) << 11 | lo1 << 8 | random.nextInt(256); // imm8 ops
      case 3, 4, 5 -> 0x4000 | random.nextInt(16) << 6 | lo2 << 3 | lo1; // data processing
      case 6 -> { // ADD/CMP/MOV with high registers, never SP or PC
        int d = random.nextInt(13);
        if (keepR7 && d == 7) {
          d = 8;
        }
        int m = random.nextInt(13);
        int op = random.nextInt(3);
        yield 0x4400 | op << 8 | (d & 8) << 4 | m << 3 | (d & 7);
      }
      case 7 -> 0xB200 | random.nextInt(4) << 6 | lo2 << 3 | lo1; // SXTH SXTB UXTH UXTB
      case 8 -> 0xBA00 | new int[] {0, 1, 3}[random.nextInt(3)] << 6 | lo2 << 3 | lo1; // REV*
      case 9 -> 0x4340 | lo2 << 3 | lo1; // MULS
      case 10 -> 0x4140 | random.nextInt(2) << 6 | lo2 << 3 | lo1; // ADCS/SBCS chains
      default -> 0x4080 | random.nextInt(4) << 6 | lo2 << 3 | lo1; // register shifts
    };
  }

  /**
   * A short random sequence that also loads and stores through r7 (a 128-byte scratch buffer),
   * pushes and pops balanced lists, and skips the next instruction on a random condition.
   */
  static int[] randomSequence(SplittableRandom random) {
    int rt = random.nextInt(7);
    int imm5 = random.nextInt(32);
    return switch (random.nextInt(10)) {
      case 0 -> new int[] {0x6000 | random.nextInt(2) << 11 | imm5 << 6 | 7 << 3 | rt}; // STR/LDR
      case 1 -> new int[] {0x7000 | random.nextInt(2) << 11 | imm5 << 6 | 7 << 3 | rt}; // *B
      case 2 -> new int[] {0x8000 | random.nextInt(2) << 11 | imm5 << 6 | 7 << 3 | rt}; // *H
      case 3 -> { // PUSH, an operation, POP of as many registers
        int push = 1 + random.nextInt(0x7F);
        int count = Integer.bitCount(push);
        int pop = 0;
        while (Integer.bitCount(pop) != count) {
          pop = random.nextInt(0x80);
        }
        yield new int[] {0xB400 | push, randomInstruction(random, true), 0xBC00 | pop};
      }
      case 4, 5 -> // B<cond> over the next instruction
          new int[] {0xD000 | random.nextInt(14) << 8, randomInstruction(random, true)};
      default -> new int[] {randomInstruction(random, true)};
    };
  }

  static String source(long seed, boolean memory) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder c = new StringBuilder();
    c.append("#include <stdint.h>\n#include <stdio.h>\n");
    c.append("uint32_t regs[14];\n");
    c.append("uint32_t scratch[32];\n");
    List<String> names = new ArrayList<>();
    for (int b = 0; b < BLOCKS; b++) {
      String name = "block" + b;
      names.add(name);
      c.append("__attribute__((naked, noinline)) void ").append(name).append("(void) {\n");
      c.append("  __asm volatile(\n");
      c.append(
          "    \"push {r4-r7, lr}\\n mov r0, r8\\n mov r1, r9\\n mov r2, r10\\n mov r3, r11\\n");
      c.append(" push {r0-r3}\\n\"\n");
      for (int r = 8; r <= 12; r++) {
        c.append(String.format("    \"ldr r0, =0x%08x\\n mov r%d, r0\\n\"%n", value(random), r));
      }
      c.append(
          String.format("    \"ldr r0, =0x%08x\\n msr apsr, r0\\n\"%n", random.nextInt(16) << 28));
      for (int r = 0; r <= 7; r++) {
        c.append(String.format("    \"ldr r%d, =0x%08x\\n\"%n", r, value(random)));
      }
      if (memory) {
        c.append("    \"ldr r7, =scratch\\n\"\n");
        for (int i = 0; i < INSTRUCTIONS; ) {
          for (int hw : randomSequence(random)) {
            c.append(String.format("    \".hword 0x%04x\\n\"%n", hw));
            i++;
          }
        }
      } else {
        for (int i = 0; i < INSTRUCTIONS; i++) {
          c.append(String.format("    \".hword 0x%04x\\n\"%n", randomInstruction(random, false)));
        }
      }
      c.append("    \"push {r0}\\n mrs r0, apsr\\n push {r0}\\n ldr r0, =regs\\n");
      c.append(" str r1, [r0, #4]\\n str r2, [r0, #8]\\n str r3, [r0, #12]\\n");
      c.append(" str r4, [r0, #16]\\n str r5, [r0, #20]\\n str r6, [r0, #24]\\n");
      c.append(" str r7, [r0, #28]\\n mov r1, r8\\n str r1, [r0, #32]\\n mov r1, r9\\n");
      c.append(" str r1, [r0, #36]\\n mov r1, r10\\n str r1, [r0, #40]\\n mov r1, r11\\n");
      c.append(" str r1, [r0, #44]\\n mov r1, r12\\n str r1, [r0, #48]\\n pop {r1}\\n");
      c.append(" str r1, [r0, #52]\\n pop {r1}\\n str r1, [r0, #0]\\n");
      c.append(" pop {r0-r3}\\n mov r8, r0\\n mov r9, r1\\n mov r10, r2\\n mov r11, r3\\n");
      c.append(" pop {r4-r7, pc}\\n .ltorg\\n\");\n}\n");
    }
    c.append("int main(void) {\n");
    c.append("  for (int i = 0; i < 32; i++) scratch[i] = 0x01234567u * (i + 1);\n");
    for (String name : names) {
      c.append("  ").append(name).append("();\n");
      c.append("  printf(\"").append(name).append(":");
      c.append(" %08lx".repeat(14)).append("\\n\"");
      for (int i = 0; i < 14; i++) {
        c.append(", (unsigned long)regs[").append(i).append("]");
      }
      c.append(");\n");
      if (memory) {
        c.append("  printf(\"  scratch:\");\n");
        c.append("  for (int i = 0; i < 32; i++) printf(\" %08lx\", (unsigned long)scratch[i]);\n");
        c.append("  printf(\"\\n\");\n");
      }
    }
    c.append("  return 0;\n}\n");
    return c.toString();
  }

  /** Values that hit the edges (0, 1, sign bit, all ones, small shifts) as often as random ones. */
  private static int value(SplittableRandom random) {
    int[] edges = {0, 1, -1, 0x7FFF_FFFF, 0x8000_0000, 31, 32, 33, 0xFF, 0x80, 0xFFFF_8000};
    return random.nextInt(3) == 0 ? edges[random.nextInt(edges.length)] : random.nextInt();
  }

  @Test
  void randomDataProcessingProgramsMatchQemu() throws Exception {
    compareWithQemu(SEED, false);
  }

  @Test
  void randomProgramsWithLoadsStoresStackAndConditionalSkipsMatchQemu() throws Exception {
    compareWithQemu(SEED + 1, true);
  }

  private void compareWithQemu(long seed, boolean memory) throws Exception {
    Path gcc = Tools.require("arm-none-eabi-gcc", "gcc-arm-none-eabi");
    Path qemuExe = Tools.require("qemu-system-arm", "qemu-system-arm");
    String source = source(seed, memory);
    Path c = work.resolve("random.c");
    Files.writeString(c, source);
    Path elf = work.resolve("random.elf");
    Path firmware = ProjectPaths.root().resolve("firmware");
    Process gccRun =
        new ProcessBuilder(
                gcc.toString(),
                "-mcpu=cortex-m0plus",
                "-mthumb",
                "-O1",
                "-I" + firmware.resolve("common"),
                "-T",
                firmware.resolve("common/mps2-an385-m0plus.ld").toString(),
                "-nostartfiles",
                "--specs=rdimon.specs",
                "-Wl,--no-warn-rwx-segments",
                firmware.resolve("common/startup.c").toString(),
                c.toString(),
                "-o",
                elf.toString())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("gcc.log").toFile())
            .start();
    assertThat(gccRun.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(gccRun.exitValue()).as(Files.readString(work.resolve("gcc.log"))).isZero();

    SimRunner.Result sim =
        new SimRunner(Clock.systemUTC()).run(FirmwareImages.load(elf), "random", 10_000_000L);
    QemuRunner.Result qemu = new QemuRunner(qemuExe, Duration.ofSeconds(60)).run(elf, List.of());
    assertThat(sim.stop()).isEqualTo(new StopReason.Exited(0));
    assertThat(qemu.exitCode()).isZero();
    String[] simLines = sim.text(OutputChannel.SEMIHOSTING_STDOUT).split("\n");
    String[] qemuLines = new String(qemu.console(), StandardCharsets.UTF_8).split("\n");
    assertThat(simLines).hasSize(memory ? 2 * BLOCKS : BLOCKS);
    assertThat(qemuLines).hasSameSizeAs(simLines);
    for (int line = 0; line < simLines.length; line++) {
      int i = memory ? line / 2 : line;
      assertThat(simLines[line])
          .as(
              "block %d (r0..r12, APSR), seed 0x%x; simulator vs QEMU; source:%n%s",
              i,
              SEED,
              source.substring(
                  source.indexOf("void block" + i + "("),
                  source.indexOf("}\n", source.indexOf("void block" + i + "("))))
          .isEqualTo(qemuLines[line]);
    }
  }
}
