package io.hilt.bench;

import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.ImageSegment;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.OutputChunk;
import io.hilt.probe.target.StopReason;
import io.hilt.sim.board.RiscvBoard;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * sim-riscv32 next to {@code qemu-system-riscv32 -M virt -bios none} on
 * firmware/build/riscv32imac/crc-bench.elf (built by firmware/build.sh): simulated instructions per
 * host second on a fresh {@link RiscvBoard} per run (no debugger, no vector catch), and QEMU's wall
 * time for many passes and for one, as {@link CrcBenchmark} does for ARM. Prints a Markdown report
 * on stdout.
 *
 * <p>Options: {@code --elf PATH} (required), {@code --sim-passes N} (2000), {@code --qemu-passes N}
 * (100000), {@code --warmups N} (3), {@code --rounds N} (5), {@code --qemu PATH}
 * (qemu-system-riscv32), {@code --sim-only}.
 */
public final class RiscvCrcBenchmark {
  private static final Duration QEMU_TIMEOUT = Duration.ofMinutes(5);
  private static final long SLICE = 200_000;

  private RiscvCrcBenchmark() {}

  record Run(long instructions, long nanos, String console) {
    double mips() {
      return instructions / (nanos / 1e3);
    }
  }

  public static void main(String[] args) throws Exception {
    Path elf = null;
    long simPasses = 2000;
    long qemuPasses = 100_000;
    int warmups = 3;
    int rounds = 5;
    String qemu = "qemu-system-riscv32";
    boolean simOnly = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--elf" -> elf = Path.of(args[++i]);
        case "--sim-passes" -> simPasses = Long.parseLong(args[++i]);
        case "--qemu-passes" -> qemuPasses = Long.parseLong(args[++i]);
        case "--warmups" -> warmups = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--qemu" -> qemu = args[++i];
        case "--sim-only" -> simOnly = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (elf == null) {
      throw new IllegalArgumentException("--elf is required");
    }
    if (simPasses < 2 || qemuPasses < 2 || rounds < 1) {
      throw new IllegalArgumentException("passes must be at least 2 and rounds at least 1");
    }
    FirmwareImage image = FirmwareImages.load(elf);
    Run one = simulate(image, elf, 1);
    for (int i = 0; i < warmups; i++) {
      simulate(image, elf, simPasses);
    }
    List<Run> simRuns = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      simRuns.add(simulate(image, elf, simPasses));
    }
    simRuns.sort((a, b) -> Long.compare(a.nanos(), b.nanos()));
    Run median = simRuns.get(simRuns.size() / 2);
    double perPass = (median.instructions() - one.instructions()) / (double) (simPasses - 1);
    System.out.printf(
        Locale.ROOT,
        "Instructions: %d for one pass, %.1f per extra pass (counted by the simulator).%n%n",
        one.instructions(),
        perPass);
    System.out.println("| Engine | Passes | Instructions | Wall time (median) | MIPS |");
    System.out.println("|---|---:|---:|---:|---:|");
    System.out.printf(
        Locale.ROOT,
        "| hilt sim-riscv32 (`RiscvBoard`) | %d | %d | %.3f s | **%.1f** (best round %.1f) |%n",
        simPasses,
        median.instructions(),
        median.nanos() / 1e9,
        median.mips(),
        simRuns.get(0).mips());
    if (simOnly) {
      return;
    }
    Run qemuSame = qemuRun(qemu, elf, simPasses);
    if (!qemuSame.console().equals(median.console())) {
      throw new IllegalStateException(
          "QEMU and the simulator disagree: QEMU '"
              + qemuSame.console()
              + "', simulator '"
              + median.console()
              + "'");
    }
    List<Long> oneNanos = new ArrayList<>();
    List<Long> longNanos = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      oneNanos.add(qemuRun(qemu, elf, 1).nanos());
      longNanos.add(qemuRun(qemu, elf, qemuPasses).nanos());
    }
    oneNanos.sort(Long::compare);
    longNanos.sort(Long::compare);
    long oneN = oneNanos.get(rounds / 2);
    long longN = longNanos.get(rounds / 2);
    double qemuInstructions = one.instructions() + perPass * (qemuPasses - 1);
    double netMips = (qemuInstructions - one.instructions()) / ((longN - oneN) / 1e9) / 1e6;
    System.out.printf(
        Locale.ROOT,
        "| QEMU `virt` (start-up only) | 1 | %d | %.3f s | |%n",
        one.instructions(),
        oneN / 1e9);
    System.out.printf(
        Locale.ROOT,
        "| QEMU `virt` | %d | %.0f | %.3f s | **%.1f** net of start-up (%.1f gross) |%n%n",
        qemuPasses,
        qemuInstructions,
        longN / 1e9,
        netMips,
        qemuInstructions / (longN / 1e9) / 1e6);
    System.out.printf(
        Locale.ROOT,
        "Simulator / QEMU: **%.3f** (%.1f%%). QEMU command: `%s`%n%n",
        median.mips() / netMips,
        100 * median.mips() / netMips,
        String.join(" ", qemuCommand(qemu, elf, qemuPasses)));
    System.out.printf(
        "The simulator's output for %d passes matched QEMU's: `%s`.%n",
        simPasses, median.console().trim());
  }

  private static Run simulate(FirmwareImage image, Path elf, long passes) {
    RiscvBoard board = new RiscvBoard(Clock.systemUTC(), false);
    for (ImageSegment segment : image.segments()) {
      board.load(segment);
    }
    board.semihost().setCommandLine(elf + " " + passes);
    board.reset();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    long start = System.nanoTime();
    Optional<StopReason> stop;
    do {
      stop = board.run(SLICE);
      for (OutputChunk chunk : board.takeOutput()) {
        if (chunk.channel() == OutputChannel.SEMIHOSTING_STDOUT) {
          console.writeBytes(chunk.data());
        }
      }
    } while (stop.isEmpty() && !board.sleeping());
    long nanos = System.nanoTime() - start;
    if (!stop.equals(Optional.of(new StopReason.Exited(0)))) {
      throw new IllegalStateException("crc-bench did not exit 0 on the simulator: " + stop);
    }
    return new Run(board.instructions(), nanos, console.toString(StandardCharsets.UTF_8));
  }

  private static List<String> qemuCommand(String qemu, Path elf, long passes) {
    return List.of(
        qemu,
        "-M",
        "virt",
        "-bios",
        "none",
        "-nographic",
        "-monitor",
        "none",
        "-serial",
        "null",
        "-semihosting-config",
        "enable=on,target=native",
        "-kernel",
        elf.toString(),
        "-append",
        Long.toString(passes));
  }

  /** One QEMU run; picolibc's stdout (SYS_WRITEC) is QEMU 7.2's stderr. */
  private static Run qemuRun(String qemu, Path elf, long passes) {
    List<String> command = qemuCommand(qemu, elf, passes);
    try {
      Path stderr = Files.createTempFile("hilt-bench-qemu-", ".err");
      try {
        long start = System.nanoTime();
        Process process =
            new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(QEMU_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          throw new IllegalStateException("QEMU did not finish within " + QEMU_TIMEOUT);
        }
        long nanos = System.nanoTime() - start;
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              "QEMU exited with " + process.exitValue() + ": " + command);
        }
        try (InputStream in = Files.newInputStream(stderr)) {
          return new Run(0, nanos, new String(in.readNBytes(1 << 16), StandardCharsets.UTF_8));
        }
      } finally {
        Files.deleteIfExists(stderr);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("running " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
