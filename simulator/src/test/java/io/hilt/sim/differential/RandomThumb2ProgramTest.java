package io.hilt.sim.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.ImageSegment;
import io.hilt.probe.testsupport.Tools;
import io.hilt.sim.bus.RamRegion;
import io.hilt.sim.bus.SystemBus;
import io.hilt.sim.thumb.ExceptionModel;
import io.hilt.sim.thumb.ThumbCore;
import io.hilt.sim.thumb.ThumbFields;
import io.hilt.sim.thumb.ThumbProfile;
import io.hilt.sim.thumb.Trap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random Thumb-2 programs (and DSP ones for the M4) assembled by gcc, run on a bare
 * ARMv7-M/ARMv7E-M core and on QEMU's mps2-an385 (Cortex-M3) and mps2-an386 (Cortex-M4): every
 * block loads random registers and flags, runs random instructions (data processing in every form,
 * IT blocks with 16-bit flag-setting ops, multiplies, divides, bitfields, saturation, extends,
 * loads and stores around a scratch buffer), and stores r0..r12 and APSR. The programs print the
 * results and the scratch buffer through semihosting; both outputs must be equal line by line.
 */
class RandomThumb2ProgramTest {
  static final long SEED = 0x7432_2026L;
  static final int BLOCKS = 60;
  static final int LENGTH = 12;
  static final String[] CONDS = {
    "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le"
  };

  @TempDir Path work;

  /** More seeds with {@code -Dhilt.random.rounds=N} (one by default, to keep the build quick). */
  static final int ROUNDS = Integer.getInteger("hilt.random.rounds", 1);

  @Test
  void randomThumb2ProgramsMatchQemuOnCortexM3() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      compare(ThumbProfile.ARMV7M, "cortex-m3", "mps2-an385", SEED + 2 * round);
    }
  }

  @Test
  void randomDspProgramsMatchQemuOnCortexM4() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      compare(ThumbProfile.ARMV7EM, "cortex-m4", "mps2-an386", SEED + 2 * round + 1);
    }
  }

  private void compare(ThumbProfile profile, String cpu, String machine, long seed)
      throws Exception {
    Path gcc = Tools.require("arm-none-eabi-gcc", "gcc-arm-none-eabi");
    Path qemu = Tools.require("qemu-system-arm", "qemu-system-arm");
    String blocks = blocks(new SplittableRandom(seed), profile.dsp());
    Path elf = build(gcc, cpu, blocks);
    String sim = runOnSimulator(elf, profile);
    String reference = runOnQemu(qemu, machine, elf);
    String[] simLines = sim.split("\n");
    String[] qemuLines = reference.split("\n");
    assertThat(qemuLines).as("QEMU output").hasSize(BLOCKS + 4);
    assertThat(simLines).as("simulator output:%n%s", sim).hasSameSizeAs(qemuLines);
    for (int i = 0; i < qemuLines.length; i++) {
      String block = i < BLOCKS ? blockSource(blocks, i) : "(scratch buffer)";
      assertThat(simLines[i])
          .as(
              "line %d (r0..r12 APSR), seed 0x%x, %s; simulator vs QEMU; block:%n%s",
              i, seed, cpu, block)
          .isEqualTo(qemuLines[i]);
    }
  }

  private static String blockSource(String blocks, int i) {
    int start = blocks.indexOf("block" + i + ":");
    int end = blocks.indexOf(".ltorg", start);
    return blocks.substring(start, end);
  }

  // Program generation --------------------------------------------------------------------------

  /** Registers random instructions write: r0..r11 (r12 is the scratch base). */
  private static String reg(SplittableRandom random) {
    return "r" + random.nextInt(12);
  }

  private static String src(SplittableRandom random) {
    return "r" + random.nextInt(13);
  }

  private static int value(SplittableRandom random) {
    int[] edges = {0, 1, -1, 0x7FFF_FFFF, 0x8000_0000, 0x8000, 0x7FFF, 0xFFFF, 0x80, 0x7F, 31, 32};
    return random.nextInt(3) == 0 ? edges[random.nextInt(edges.length)] : random.nextInt();
  }

  private static String shift(SplittableRandom random) {
    return switch (random.nextInt(6)) {
      case 0 -> "";
      case 1 -> ", lsl #" + random.nextInt(32);
      case 2 -> ", lsr #" + (1 + random.nextInt(32));
      case 3 -> ", asr #" + (1 + random.nextInt(32));
      case 4 -> ", ror #" + (1 + random.nextInt(31));
      default -> ", rrx";
    };
  }

  private static String constant(SplittableRandom random) {
    return "#0x" + Integer.toHexString(ThumbFields.expandImm(random.nextInt(0x1000)));
  }

  private static String instruction(SplittableRandom random, boolean dsp) {
    String d = reg(random);
    String n = src(random);
    String m = src(random);
    String s = random.nextBoolean() ? "s" : "";
    String[] dp = {"and", "bic", "orr", "orn", "eor", "add", "adc", "sbc", "sub", "rsb"};
    int kind = random.nextInt(dsp ? 29 : 23);
    if (kind >= 18) {
      // The control-flow and addressing kinds sit at the end for both profiles.
      kind = dsp ? (kind < 24 ? kind : kind - 24 + 100) : kind - 18 + 100;
    }
    return switch (kind) {
      case 0 -> dp[random.nextInt(dp.length)] + s + " " + d + ", " + n + ", " + constant(random);
      case 1 -> dp[random.nextInt(dp.length)] + s + ".w " + d + ", " + n + ", " + m + shift(random);
      case 2 -> {
        String[] cmp = {"tst", "teq", "cmn", "cmp"};
        String op = cmp[random.nextInt(4)];
        yield random.nextBoolean()
            ? op + " " + n + ", " + constant(random)
            : op + ".w " + n + ", " + m + shift(random);
      }
      case 3 -> (random.nextBoolean() ? "mov" : "mvn") + s + ".w " + d + ", " + constant(random);
      case 4 -> {
        String[] sh = {"lsl", "lsr", "asr", "ror"};
        yield sh[random.nextInt(4)] + s + ".w " + d + ", " + n + ", " + m;
      }
      case 5 ->
          random.nextBoolean()
              ? "movw " + d + ", #" + random.nextInt(0x10000)
              : "movt " + d + ", #" + random.nextInt(0x10000);
      case 6 ->
          (random.nextBoolean() ? "addw " : "subw ")
              + d
              + ", "
              + reg(random)
              + ", #"
              + random.nextInt(4096);
      case 7 -> {
        int lsb = random.nextInt(32);
        int width = 1 + random.nextInt(32 - lsb);
        yield switch (random.nextInt(4)) {
          case 0 -> "bfi " + d + ", " + n + ", #" + lsb + ", #" + width;
          case 1 -> "bfc " + d + ", #" + lsb + ", #" + width;
          case 2 -> "ubfx " + d + ", " + n + ", #" + lsb + ", #" + width;
          default -> "sbfx " + d + ", " + n + ", #" + lsb + ", #" + width;
        };
      }
      case 8 ->
          random.nextBoolean()
              ? "ssat "
                  + d
                  + ", #"
                  + (1 + random.nextInt(32))
                  + ", "
                  + n
                  + (random.nextBoolean()
                      ? ", lsl #" + random.nextInt(32)
                      : ", asr #" + (1 + random.nextInt(31)))
              : "usat "
                  + d
                  + ", #"
                  + random.nextInt(32)
                  + ", "
                  + n
                  + (random.nextBoolean()
                      ? ", lsl #" + random.nextInt(32)
                      : ", asr #" + (1 + random.nextInt(31)));
      case 9 -> {
        String[] bits = {"clz", "rbit", "rev.w", "rev16.w", "revsh.w"};
        yield bits[random.nextInt(bits.length)] + " " + d + ", " + m;
      }
      case 10 ->
          switch (random.nextInt(3)) {
            case 0 -> "mul.w " + d + ", " + n + ", " + m;
            case 1 -> "mla " + d + ", " + n + ", " + m + ", " + src(random);
            default -> "mls " + d + ", " + n + ", " + m + ", " + src(random);
          };
      case 11 -> {
        String lo = reg(random);
        String hi;
        do {
          hi = reg(random);
        } while (hi.equals(lo));
        String[] longs = {"smull", "umull", "smlal", "umlal"};
        yield longs[random.nextInt(4)] + " " + lo + ", " + hi + ", " + n + ", " + m;
      }
      case 12 -> (random.nextBoolean() ? "sdiv " : "udiv ") + d + ", " + n + ", " + m;
      case 13 -> {
        String[] ext = {"sxtb.w", "sxth.w", "uxtb.w", "uxth.w"};
        yield ext[random.nextInt(4)] + " " + d + ", " + m + ", ror #" + 8 * random.nextInt(4);
      }
      case 14 -> {
        // An IT block of up to three 16-bit-capable instructions on low registers.
        String cond = CONDS[random.nextInt(CONDS.length)];
        int count = 1 + random.nextInt(3);
        StringBuilder pattern = new StringBuilder("it");
        List<String> conds = new ArrayList<>();
        conds.add(cond);
        for (int i = 1; i < count; i++) {
          boolean then = random.nextBoolean();
          pattern.append(then ? 't' : 'e');
          conds.add(then ? cond : CONDS[java.util.Arrays.asList(CONDS).indexOf(cond) ^ 1]);
        }
        StringBuilder block = new StringBuilder(pattern + " " + cond);
        String[] ops = {
          "add", "sub", "and", "orr", "eor", "adc", "sbc", "lsl", "lsr", "asr", "mul", "bic", "mvn",
          "cmp"
        };
        for (String c : conds) {
          String op = ops[random.nextInt(ops.length)];
          String rd = "r" + random.nextInt(8);
          String rm = "r" + random.nextInt(8);
          String text =
              switch (op) {
                case "lsl", "lsr", "asr" ->
                    op + c + " " + rd + ", " + rm + ", #" + (1 + random.nextInt(31));
                case "mvn" -> op + c + " " + rd + ", " + rm;
                case "cmp" -> op + c + " " + rd + ", " + rm;
                default -> op + c + " " + rd + ", " + rd + ", " + rm;
              };
          block.append("\n  ").append(text);
        }
        yield block.toString();
      }
      case 15 -> {
        // Loads and stores around r12 (the scratch buffer's middle), unaligned ones included.
        String[] loads = {"ldr", "ldrh", "ldrsh", "ldrb", "ldrsb"};
        String[] stores = {"str", "strh", "strb"};
        int offset = random.nextInt(120) - 60;
        String op =
            random.nextBoolean()
                ? loads[random.nextInt(loads.length)]
                : stores[random.nextInt(stores.length)];
        yield op + ".w " + d + ", [r12, #" + offset + "]";
      }
      case 16 -> {
        int offset = 4 * (random.nextInt(28) - 14);
        String t = "r" + 2 * random.nextInt(5);
        String t2 = "r" + (Integer.parseInt(t.substring(1)) + 1);
        yield (random.nextBoolean() ? "ldrd " : "strd ")
            + t
            + ", "
            + t2
            + ", [r12, #"
            + offset
            + "]";
      }
      case 17 ->
          "adds " + "r" + random.nextInt(8) + ", r" + random.nextInt(8) + ", #" + random.nextInt(8);
      // DSP from here on (ARMv7E-M only).
      case 100 -> {
        // Pre- and post-indexed with writeback, then r12 restored.
        int offset = random.nextInt(61) - 30;
        String[] ops = {"ldr", "ldrh", "ldrsb", "str", "strb"};
        String op = ops[random.nextInt(ops.length)];
        yield random.nextBoolean()
            ? op + " " + d + ", [r12, #" + offset + "]!\n  sub.w r12, r12, #" + offset
            : op + " " + d + ", [r12], #" + offset + "\n  sub.w r12, r12, #" + offset;
      }
      case 101 -> {
        int list = 0;
        while (Integer.bitCount(list) < 2) {
          list |= 1 << random.nextInt(12);
        }
        StringBuilder regs = new StringBuilder();
        for (int r = 0; r < 12; r++) {
          if ((list & (1 << r)) != 0) {
            regs.append(regs.length() == 0 ? "" : ", ").append('r').append(r);
          }
        }
        String[] ops = {"ldmia.w", "ldmdb", "stmia.w", "stmdb"};
        yield ops[random.nextInt(4)] + " r12, {" + regs + "}";
      }
      case 102 -> {
        String cond = CONDS[random.nextInt(CONDS.length)];
        yield "cmp.w "
            + n
            + ", "
            + m
            + "\n  b"
            + cond
            + ".w 1f\n  add.w "
            + d
            + ", "
            + n
            + ", "
            + m
            + "\n1:";
      }
      case 103 -> "cbz r" + random.nextInt(8) + ", 1f\n  add.w " + d + ", " + n + ", #1\n1:";
      case 104 -> {
        String t = "r" + random.nextInt(6);
        String status = "r" + (6 + random.nextInt(6));
        int offset = 4 * random.nextInt(8);
        yield "ldrex "
            + t
            + ", [r12, #"
            + offset
            + "]\n  add.w "
            + t
            + ", "
            + t
            + ", #3\n  strex "
            + status
            + ", "
            + t
            + ", [r12, #"
            + offset
            + "]";
      }
      case 18 -> {
        String[] prefixes = {"s", "q", "sh", "u", "uq", "uh"};
        String[] ops = {"add16", "asx", "sax", "sub16", "add8", "sub8"};
        yield prefixes[random.nextInt(6)] + ops[random.nextInt(6)] + " " + d + ", " + n + ", " + m;
      }
      case 19 -> {
        String[] ops = {"qadd", "qsub", "qdadd", "qdsub", "sel", "usad8"};
        yield ops[random.nextInt(ops.length)] + " " + d + ", " + n + ", " + m;
      }
      case 20 -> {
        String[] ops = {
          "smlabb", "smlabt", "smlatb", "smlatt", "smlawb", "smlawt", "smlad", "smladx", "smlsd",
          "smlsdx", "smmla", "smmlar", "smmls", "smmlsr", "usada8"
        };
        yield ops[random.nextInt(ops.length)] + " " + d + ", " + n + ", " + m + ", " + src(random);
      }
      case 21 -> {
        String[] ops = {
          "smulbb", "smulbt", "smultb", "smultt", "smulwb", "smulwt", "smuad", "smuadx", "smusd",
          "smusdx", "smmul", "smmulr"
        };
        yield ops[random.nextInt(ops.length)] + " " + d + ", " + n + ", " + m;
      }
      case 22 -> {
        String lo = reg(random);
        String hi;
        do {
          hi = reg(random);
        } while (hi.equals(lo));
        String[] longs = {"umaal", "smlalbb", "smlaltb", "smlald", "smlaldx", "smlsld", "smlsldx"};
        yield longs[random.nextInt(longs.length)] + " " + lo + ", " + hi + ", " + n + ", " + m;
      }
      default ->
          switch (random.nextInt(5)) {
            case 0 -> "pkhbt " + d + ", " + n + ", " + m + ", lsl #" + random.nextInt(32);
            case 1 -> "pkhtb " + d + ", " + n + ", " + m + ", asr #" + (1 + random.nextInt(32));
            case 2 -> {
              String[] ext = {"sxtab", "sxtah", "uxtab", "uxtah", "sxtab16", "uxtab16"};
              yield ext[random.nextInt(ext.length)]
                  + " "
                  + d
                  + ", "
                  + n
                  + ", "
                  + m
                  + ", ror #"
                  + 8 * random.nextInt(4);
            }
            case 3 -> (random.nextBoolean() ? "sxtb16 " : "uxtb16 ") + d + ", " + m;
            default ->
                random.nextBoolean()
                    ? "ssat16 " + d + ", #" + (1 + random.nextInt(16)) + ", " + n
                    : "usat16 " + d + ", #" + random.nextInt(16) + ", " + n;
          };
    };
  }

  static String blocks(SplittableRandom random, boolean dsp) {
    StringBuilder s = new StringBuilder();
    s.append(".syntax unified\n.thumb\n.text\n");
    for (int b = 0; b < BLOCKS; b++) {
      s.append(".global block").append(b).append("\n.thumb_func\nblock").append(b).append(":\n");
      s.append("  push {r4-r11, lr}\n");
      int flags = random.nextInt(16) << 28 | (random.nextBoolean() ? 1 << 27 : 0);
      if (dsp) {
        flags |= random.nextInt(16) << 16;
      }
      s.append("  ldr r0, =0x").append(Integer.toHexString(flags)).append('\n');
      s.append(dsp ? "  msr APSR_nzcvqg, r0\n" : "  msr APSR_nzcvq, r0\n");
      for (int r = 0; r < 12; r++) {
        s.append("  ldr r")
            .append(r)
            .append(", =0x")
            .append(Integer.toHexString(value(random)))
            .append('\n');
      }
      s.append("  ldr r12, =scratch + 128\n");
      for (int i = 0; i < LENGTH; i++) {
        s.append("  ").append(instruction(random, dsp)).append('\n');
      }
      s.append("  push {r0-r12}\n");
      s.append("  mrs r0, APSR\n");
      s.append("  ldr r1, =results + ").append(56 * b).append('\n');
      s.append("  str r0, [r1, #52]\n");
      s.append("  pop {r2-r8}\n  stm r1!, {r2-r8}\n  pop {r2-r7}\n  stm r1!, {r2-r7}\n");
      s.append("  pop {r4-r11, pc}\n.ltorg\n");
    }
    return s.toString();
  }

  private static final String MAIN =
      """
      #include <stdint.h>
      #define BLOCKS %d
      uint32_t results[BLOCKS * 14];
      uint32_t scratch[64];
      extern uint32_t __stack_top[];
      void reset(void);
      __attribute__((section(".vectors"), used)) const void *vectors[4] = {
          __stack_top, (void *)reset, (void *)reset, (void *)reset};
      static int semihost(int op, const void *arg) {
        register int r0 __asm__("r0") = op;
        register const void *r1 __asm__("r1") = arg;
        __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
        return r0;
      }
      static void hex(char *out, uint32_t v) {
        for (int i = 0; i < 8; i++) out[i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15];
      }
      static void line(const uint32_t *words, int count) {
        char text[16 * 9 + 2];
        for (int i = 0; i < count; i++) { hex(text + 9 * i, words[i]); text[9 * i + 8] = ' '; }
        text[9 * count - 1] = '\\n';
        text[9 * count] = 0;
        semihost(4, text);
      }
      %s
      void reset(void) {
        for (int i = 0; i < 64; i++) scratch[i] = 0x01010101u * (uint32_t)(i * 7 + 3);
        %s
        for (int b = 0; b < BLOCKS; b++) line(results + 14 * b, 14);
        for (int i = 0; i < 64; i += 16) line(scratch + i, 16);
        static const uint32_t exit_block[2] = {0x20026, 0};
        semihost(0x18, (const void *)0x20026);
        (void)exit_block;
        for (;;) {}
      }
      """;

  private static final String LINKER =
      """
      MEMORY { FLASH (rx) : ORIGIN = 0, LENGTH = 1M  RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 256K }
      SECTIONS {
        .text : { KEEP(*(.vectors)) *(.text*) *(.rodata*) } > FLASH
        .bss (NOLOAD) : { *(.bss*) *(COMMON) } > RAM
        __stack_top = ORIGIN(RAM) + LENGTH(RAM);
      }
      """;

  private Path build(Path gcc, String cpu, String blocks) throws IOException, InterruptedException {
    StringBuilder declarations = new StringBuilder();
    StringBuilder calls = new StringBuilder();
    for (int b = 0; b < BLOCKS; b++) {
      declarations.append("void block").append(b).append("(void);\n");
      calls.append("block").append(b).append("();\n");
    }
    Files.writeString(work.resolve("blocks.s"), blocks);
    Files.writeString(
        work.resolve("main.c"), MAIN.formatted(BLOCKS, declarations, calls).replace("%%", "%"));
    Files.writeString(work.resolve("link.ld"), LINKER);
    Path elf = work.resolve("random.elf");
    Process process =
        new ProcessBuilder(
                gcc.toString(),
                "-mcpu=" + cpu,
                "-mthumb",
                "-mfloat-abi=soft",
                "-O1",
                "-ffreestanding",
                "-nostdlib",
                "-nostartfiles",
                "-Wl,--no-warn-rwx-segments",
                "-T",
                "link.ld",
                "main.c",
                "blocks.s",
                "-o",
                elf.toString())
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("gcc.log").toFile())
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(work.resolve("gcc.log"))).isZero();
    return elf;
  }

  // Running -------------------------------------------------------------------------------------

  private static String runOnSimulator(Path elf, ThumbProfile profile) {
    SystemBus bus = new SystemBus();
    RamRegion code = new RamRegion("code", 0, 1 << 20, 1 << 20);
    RamRegion ram = new RamRegion("ram", 0x2000_0000, 1 << 18, 1 << 18);
    bus.map(code).map(ram);
    FirmwareImage image = FirmwareImages.load(elf);
    for (ImageSegment segment : image.segments()) {
      byte[] data = segment.data();
      for (int i = 0; i < data.length; i++) {
        bus.write8((int) segment.address() + i, data[i]);
      }
    }
    ThumbCore core = new ThumbCore(bus, profile);
    StringBuilder console = new StringBuilder();
    List<Trap> traps = new ArrayList<>();
    core.setExceptionModel(
        new ExceptionModel() {
          @Override
          public void trap(Trap trap) {
            traps.add(trap);
            core.raiseEvent(ThumbCore.EVENT_STOP);
          }

          @Override
          public void supervisorCall(int imm) {}

          @Override
          public void breakpoint(int imm) {
            int op = core.register(0);
            if (op == 4) {
              for (int a = core.register(1); bus.read8(a) > 0; a++) {
                console.append((char) bus.read8(a));
              }
            } else {
              core.raiseEvent(ThumbCore.EVENT_STOP);
            }
          }

          @Override
          public void exceptionReturn(int excReturn) {}

          @Override
          public void serviceEvents() {}

          @Override
          public void waitForInterrupt(boolean forEvent) {}

          @Override
          public void sendEvent() {}
        });
    core.resetState();
    core.setMsp((int) bus.read32(0));
    core.setPc((int) bus.read32(4));
    core.run(50_000_000L);
    assertThat(traps).as("traps on the simulator").isEmpty();
    return console.toString();
  }

  private String runOnQemu(Path qemu, String machine, Path elf) {
    QemuRunner.Result result =
        new QemuRunner(qemu, machine, Duration.ofSeconds(60)).run(elf, List.of());
    return new String(result.console(), StandardCharsets.UTF_8)
        + new String(result.stderr(), StandardCharsets.UTF_8);
  }
}
