package io.hilt.bench;

import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.StopReason;
import io.hilt.sim.SimRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Simulated instructions per second of hilt's simulator on {@code crc-bench.elf}, and the same
 * ELF's wall time on QEMU, in one run. Prints a Markdown report on stdout (bench/run.sh puts it in
 * BENCHMARKS.md).
 *
 * <p>QEMU cannot count instructions without TCG plugins (Debian does not ship them), so its count
 * comes from the simulator: both run the identical program to the same exit, and the count per CRC
 * pass is the difference between a long and a one-pass run divided by the extra passes. QEMU's
 * start-up (about the wall time of the one-pass run) is subtracted the same way.
 */
public final class CrcBenchmark {
  private static final long MAX_INSTRUCTIONS = 1L << 40;
  private static final Duration QEMU_TIMEOUT = Duration.ofMinutes(5);

  private record Options(
      Path elf, Path qemu, long simPasses, long qemuPasses, int warmups, int rounds) {}

  private record Timing(long instructions, long nanos, String console) {}

  private CrcBenchmark() {}

  public static void main(String[] args) {
    Options options = parse(args);
    FirmwareImage image = FirmwareImages.load(options.elf());
    SimRunner sim = new SimRunner(Clock.systemUTC());

    Timing simOne = simRun(sim, image, options.elf(), 1);
    for (int i = 0; i < options.warmups(); i++) {
      simRun(sim, image, options.elf(), options.simPasses());
    }
    List<Timing> simRounds = new ArrayList<>();
    for (int i = 0; i < options.rounds(); i++) {
      simRounds.add(simRun(sim, image, options.elf(), options.simPasses()));
    }
    long simInstructions = simRounds.get(0).instructions();
    double perPass = (double) (simInstructions - simOne.instructions()) / (options.simPasses() - 1);
    long simNanos = median(simRounds);
    double simMips = simInstructions / (simNanos / 1e9) / 1e6;
    double simBestMips = simInstructions / (best(simRounds) / 1e9) / 1e6;

    Timing qemuSame = qemuRun(options, options.simPasses());
    if (!qemuSame.console().equals(simRounds.get(0).console())) {
      throw new IllegalStateException(
          "QEMU and the simulator disagree on "
              + options.elf()
              + ": QEMU printed "
              + qemuSame.console()
              + ", the simulator "
              + simRounds.get(0).console());
    }
    List<Timing> qemuOne = new ArrayList<>();
    List<Timing> qemuLong = new ArrayList<>();
    for (int i = 0; i < options.rounds(); i++) {
      qemuOne.add(qemuRun(options, 1));
      qemuLong.add(qemuRun(options, options.qemuPasses()));
    }
    long qemuOneNanos = median(qemuOne);
    long qemuLongNanos = median(qemuLong);
    double qemuInstructions = simOne.instructions() + perPass * (options.qemuPasses() - 1);
    double qemuNetMips =
        (qemuInstructions - simOne.instructions()) / ((qemuLongNanos - qemuOneNanos) / 1e9) / 1e6;
    double qemuGrossMips = qemuInstructions / (qemuLongNanos / 1e9) / 1e6;

    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Firmware: `%s`%n%n", options.elf()));
    out.append(
        String.format(
            Locale.ROOT,
            "Instructions: %d for one pass, %.1f per extra pass (counted by the simulator).%n%n",
            simOne.instructions(),
            perPass));
    out.append("| Engine | Passes | Instructions | Wall time (median) | MIPS |\n");
    out.append("|---|---:|---:|---:|---:|\n");
    out.append(
        String.format(
            Locale.ROOT,
            "| hilt simulator | %d | %d | %.3f s | **%.1f** (best round %.1f) |%n",
            options.simPasses(),
            simInstructions,
            simNanos / 1e9,
            simMips,
            simBestMips));
    out.append(
        String.format(
            Locale.ROOT,
            "| QEMU (start-up only) | 1 | %d | %.3f s | |%n",
            simOne.instructions(),
            qemuOneNanos / 1e9));
    out.append(
        String.format(
            Locale.ROOT,
            "| QEMU | %d | %.0f | %.3f s | **%.1f** net of start-up (%.1f gross) |%n%n",
            options.qemuPasses(),
            qemuInstructions,
            qemuLongNanos / 1e9,
            qemuNetMips,
            qemuGrossMips));
    out.append(
        String.format(
            Locale.ROOT,
            "Simulator / QEMU: **%.3f** (%.1f%% of QEMU; the goal is 50%%).%n%n",
            simMips / qemuNetMips,
            100 * simMips / qemuNetMips));
    out.append(
        String.format(
            Locale.ROOT,
            "%d warm-up runs, then %d measured rounds each; the simulator's output for %d passes"
                + " matched QEMU's: `%s`.%n",
            options.warmups(),
            options.rounds(),
            options.simPasses(),
            qemuSame.console().strip()));
    System.out.print(out);
  }

  private static Timing simRun(SimRunner sim, FirmwareImage image, Path elf, long passes) {
    SimRunner.Result result = sim.run(image, elf + " " + passes, MAX_INSTRUCTIONS);
    if (!(result.stop() instanceof StopReason.Exited exited) || exited.code() != 0) {
      throw new IllegalStateException(
          "the simulator stopped "
              + elf
              + " with "
              + result.stop()
              + "; output: "
              + result.text(OutputChannel.SEMIHOSTING_STDOUT));
    }
    return new Timing(
        result.instructions(),
        result.wallTime().toNanos(),
        result.text(OutputChannel.SEMIHOSTING_STDOUT));
  }

  private static Timing qemuRun(Options options, long passes) {
    List<String> command =
        List.of(
            options.qemu().toString(),
            "-M",
            "mps2-an385",
            "-nographic",
            "-monitor",
            "none",
            "-serial",
            "null",
            "-semihosting-config",
            "enable=on,target=native",
            "-kernel",
            options.elf().toString(),
            "-append",
            Long.toString(passes));
    try {
      Path stdout = Files.createTempFile("hilt-bench-qemu-", ".out");
      try {
        long start = System.nanoTime();
        Process process =
            new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!process.waitFor(QEMU_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          throw new IllegalStateException("QEMU did not finish within " + QEMU_TIMEOUT);
        }
        long nanos = System.nanoTime() - start;
        if (process.exitValue() != 0) {
          throw new IllegalStateException("QEMU exited with " + process.exitValue());
        }
        byte[] console;
        try (var in = Files.newInputStream(stdout)) {
          console = in.readNBytes(1 << 16);
        }
        return new Timing(0, nanos, new String(console, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(stdout);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("running " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static long median(List<Timing> timings) {
    long[] nanos = timings.stream().mapToLong(Timing::nanos).sorted().toArray();
    return nanos[nanos.length / 2];
  }

  private static long best(List<Timing> timings) {
    return timings.stream().mapToLong(Timing::nanos).min().orElseThrow();
  }

  private static Options parse(String[] args) {
    Path elf = Path.of("firmware/build/cortex-m0plus/crc-bench.elf");
    Path qemu = Path.of("qemu-system-arm");
    long simPasses = 2000;
    long qemuPasses = 100_000;
    int warmups = 3;
    int rounds = 5;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--elf" -> elf = Path.of(value);
        case "--qemu" -> qemu = Path.of(value);
        case "--sim-passes" -> simPasses = positive(args[i], value);
        case "--qemu-passes" -> qemuPasses = positive(args[i], value);
        case "--warmups" -> warmups = (int) positive(args[i], value);
        case "--rounds" -> rounds = (int) positive(args[i], value);
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; options: --elf --qemu --sim-passes --qemu-passes --warmups --rounds "
                    + Arrays.toString(args));
      }
      i++;
    }
    if (simPasses < 2 || qemuPasses < 2) {
      throw new IllegalArgumentException("--sim-passes and --qemu-passes must be at least 2");
    }
    return new Options(elf, qemu, simPasses, qemuPasses, warmups, rounds);
  }

  private static long positive(String option, String value) {
    try {
      long n = Long.parseLong(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " needs a positive number, got '" + value + "'", e);
    }
    throw new IllegalArgumentException(option + " needs a positive number, got '" + value + "'");
  }
}
