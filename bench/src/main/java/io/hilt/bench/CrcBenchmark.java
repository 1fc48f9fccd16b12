package io.hilt.bench;

import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.StopReason;
import io.hilt.sim.SimRunner;
import io.hilt.sim.cortexm.CoreModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Simulated instructions per second of hilt's simulator on {@code crc-bench.elf}, and the same
 * ELF's wall time on QEMU, in one run, for each chosen CPU (the ELF built for it, the simulator's
 * core model and the QEMU machine go together). Prints a Markdown report on stdout (bench/run.sh
 * puts it in BENCHMARKS.md).
 *
 * <p>QEMU cannot count instructions without TCG plugins (Debian does not ship them), so its count
 * comes from the simulator: both run the identical program to the same exit (checked by comparing
 * their output), and the count per CRC pass is the difference between a long and a one-pass run
 * divided by the extra passes. QEMU's start-up (about the wall time of the one-pass run) is
 * subtracted the same way.
 */
public final class CrcBenchmark {
  private static final long MAX_INSTRUCTIONS = 1L << 40;
  private static final Duration QEMU_TIMEOUT = Duration.ofMinutes(5);
  private static final Path LOADAVG = Path.of("/proc/loadavg");

  /** A CPU the benchmark runs: its firmware build, the simulator's core and QEMU's machine. */
  enum Cpu {
    CORTEX_M0PLUS("cortex-m0plus", CoreModel.CORTEX_M0PLUS, "mps2-an385"),
    CORTEX_M3("cortex-m3", CoreModel.CORTEX_M3, "mps2-an385"),
    CORTEX_M4("cortex-m4", CoreModel.CORTEX_M4, "mps2-an386");

    private final String id;
    private final CoreModel model;
    private final String qemuMachine;

    Cpu(String id, CoreModel model, String qemuMachine) {
      this.id = id;
      this.model = model;
      this.qemuMachine = qemuMachine;
    }

    static Cpu parse(String id) {
      return Arrays.stream(values())
          .filter(c -> c.id.equals(id))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "--cpu must be one of "
                          + Arrays.stream(values()).map(c -> c.id).collect(Collectors.joining("|"))
                          + ", got '"
                          + id
                          + "'"));
    }
  }

  private record Options(
      List<Cpu> cpus,
      Path firmwareDir,
      Optional<Path> elf,
      Path qemu,
      long simPasses,
      long qemuPasses,
      int warmups,
      int rounds,
      boolean simOnly) {
    Options {
      cpus = List.copyOf(cpus);
      if (cpus.isEmpty()) {
        throw new IllegalArgumentException("no CPU to measure");
      }
      if (elf.isPresent() && cpus.size() != 1) {
        throw new IllegalArgumentException("--elf needs exactly one --cpu");
      }
      if (simPasses < 2 || qemuPasses < 2) {
        throw new IllegalArgumentException("--sim-passes and --qemu-passes must be at least 2");
      }
    }

    Path elfOf(Cpu cpu) {
      return elf.orElse(firmwareDir.resolve(cpu.id).resolve("crc-bench.elf"));
    }
  }

  private record Timing(long instructions, long nanos, String console) {}

  private record SimResult(
      long onePass, double perPass, long instructions, long nanos, double mips, double bestMips) {}

  private record QemuResult(
      List<String> command,
      long oneNanos,
      long longNanos,
      double instructions,
      double netMips,
      double grossMips,
      String console) {}

  private record Measurement(
      Cpu cpu, Path elf, String loadAverage, SimResult sim, Optional<QemuResult> qemu) {}

  private CrcBenchmark() {}

  public static void main(String[] args) {
    Options options = parse(args);
    SimRunner sim = new SimRunner(Clock.systemUTC());
    List<Measurement> measurements = new ArrayList<>();
    for (Cpu cpu : options.cpus()) {
      measurements.add(measure(sim, cpu, options));
    }
    System.out.print(report(options, measurements));
  }

  private static Measurement measure(SimRunner sim, Cpu cpu, Options options) {
    Path elf = options.elfOf(cpu);
    System.err.println("bench: " + cpu.id + ": " + elf);
    String load = loadAverage();
    FirmwareImage image = FirmwareImages.load(elf);
    Timing simOne = simRun(sim, cpu, image, elf, 1);
    for (int i = 0; i < options.warmups(); i++) {
      simRun(sim, cpu, image, elf, options.simPasses());
    }
    List<Timing> simRounds = new ArrayList<>();
    for (int i = 0; i < options.rounds(); i++) {
      simRounds.add(simRun(sim, cpu, image, elf, options.simPasses()));
    }
    long instructions = simRounds.get(0).instructions();
    for (Timing t : simRounds) {
      if (t.instructions() != instructions || !t.console().equals(simRounds.get(0).console())) {
        throw new IllegalStateException(
            "the simulator is not deterministic on " + elf + ": " + simRounds);
      }
    }
    double perPass = (double) (instructions - simOne.instructions()) / (options.simPasses() - 1);
    long simNanos = median(simRounds);
    SimResult simResult =
        new SimResult(
            simOne.instructions(),
            perPass,
            instructions,
            simNanos,
            mips(instructions, simNanos),
            mips(instructions, best(simRounds)));
    if (options.simOnly()) {
      return new Measurement(cpu, elf, load, simResult, Optional.empty());
    }

    Timing qemuSame = qemuRun(options, cpu, elf, options.simPasses());
    if (!qemuSame.console().equals(simRounds.get(0).console())) {
      throw new IllegalStateException(
          "QEMU and the simulator disagree on "
              + elf
              + ": QEMU printed "
              + qemuSame.console()
              + ", the simulator "
              + simRounds.get(0).console());
    }
    List<Timing> qemuOne = new ArrayList<>();
    List<Timing> qemuLong = new ArrayList<>();
    for (int i = 0; i < options.rounds(); i++) {
      qemuOne.add(qemuRun(options, cpu, elf, 1));
      qemuLong.add(qemuRun(options, cpu, elf, options.qemuPasses()));
    }
    long oneNanos = median(qemuOne);
    long longNanos = median(qemuLong);
    if (longNanos <= oneNanos) {
      throw new IllegalStateException(
          fmt(
              "QEMU took %.3f s for %d passes and %.3f s for one: too few passes to measure %s,"
                  + " raise --qemu-passes",
              longNanos / 1e9, options.qemuPasses(), oneNanos / 1e9, cpu.id));
    }
    double qemuInstructions = simOne.instructions() + perPass * (options.qemuPasses() - 1);
    double netMips =
        (qemuInstructions - simOne.instructions()) / ((longNanos - oneNanos) / 1e9) / 1e6;
    return new Measurement(
        cpu,
        elf,
        load,
        simResult,
        Optional.of(
            new QemuResult(
                qemuCommand(options, cpu, elf, options.qemuPasses()),
                oneNanos,
                longNanos,
                qemuInstructions,
                netMips,
                qemuInstructions / (longNanos / 1e9) / 1e6,
                qemuSame.console())));
  }

  private static String report(Options options, List<Measurement> measurements) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| CPU | Simulator core / QEMU machine | Command | Instructions per pass |"
            + " Simulator MIPS | QEMU MIPS | Simulator / QEMU | Load average (1/5/15 min) |\n");
    out.append("|---|---|---|---:|---:|---:|---:|---|\n");
    for (Measurement m : measurements) {
      String qemuMips = m.qemu().map(q -> fmt("%.1f", q.netMips())).orElse("not run");
      String ratio =
          m.qemu()
              .map(
                  q ->
                      fmt(
                          "**%.3f** (%.1f%%)",
                          m.sim().mips() / q.netMips(), 100 * m.sim().mips() / q.netMips()))
              .orElse("");
      out.append(
          fmt(
              "| %s | `%s` / `%s` | `bench/run.sh --cpu %s` | %.1f | %.1f | %s | %s | %s |%n",
              m.cpu().id,
              m.cpu().model,
              m.cpu().qemuMachine,
              m.cpu().id,
              m.sim().perPass(),
              m.sim().mips(),
              qemuMips,
              ratio,
              m.loadAverage()));
    }
    out.append(
        fmt(
            "%nSimulator MIPS: median of %d rounds of %d passes after %d warm-up runs; QEMU MIPS:"
                + " net of start-up, medians of %d rounds of %d passes and of one pass. The goal"
                + " is a ratio of at least 0.5. Load average read from /proc/loadavg when each"
                + " CPU's measurement started.%n",
            options.rounds(),
            options.simPasses(),
            options.warmups(),
            options.rounds(),
            options.qemuPasses()));
    for (Measurement m : measurements) {
      out.append(fmt("%n### %s: `%s`%n%n", m.cpu().id, m.elf()));
      out.append(
          fmt(
              "Instructions: %d for one pass, %.1f per extra pass (counted by the simulator).%n%n",
              m.sim().onePass(), m.sim().perPass()));
      out.append("| Engine | Passes | Instructions | Wall time (median) | MIPS |\n");
      out.append("|---|---:|---:|---:|---:|\n");
      out.append(
          fmt(
              "| hilt simulator (`%s`) | %d | %d | %.3f s | **%.1f** (best round %.1f) |%n",
              m.cpu().model,
              options.simPasses(),
              m.sim().instructions(),
              m.sim().nanos() / 1e9,
              m.sim().mips(),
              m.sim().bestMips()));
      if (m.qemu().isEmpty()) {
        continue;
      }
      QemuResult q = m.qemu().get();
      out.append(
          fmt(
              "| QEMU `%s` (start-up only) | 1 | %d | %.3f s | |%n",
              m.cpu().qemuMachine, m.sim().onePass(), q.oneNanos() / 1e9));
      out.append(
          fmt(
              "| QEMU `%s` | %d | %.0f | %.3f s | **%.1f** net of start-up (%.1f gross) |%n%n",
              m.cpu().qemuMachine,
              options.qemuPasses(),
              q.instructions(),
              q.longNanos() / 1e9,
              q.netMips(),
              q.grossMips()));
      out.append(fmt("QEMU command: `%s`%n%n", String.join(" ", q.command())));
      out.append(
          fmt(
              "The simulator's output for %d passes matched QEMU's: `%s`.%n",
              options.simPasses(), q.console().strip()));
    }
    return out.toString();
  }

  private static Timing simRun(SimRunner sim, Cpu cpu, FirmwareImage image, Path elf, long passes) {
    SimRunner.Result result = sim.run(cpu.model, image, elf + " " + passes, MAX_INSTRUCTIONS);
    if (!(result.stop() instanceof StopReason.Exited exited) || exited.code() != 0) {
      throw new IllegalStateException(
          "the simulator ("
              + cpu.model
              + ") stopped "
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

  private static List<String> qemuCommand(Options options, Cpu cpu, Path elf, long passes) {
    return List.of(
        options.qemu().toString(),
        "-M",
        cpu.qemuMachine,
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

  private static Timing qemuRun(Options options, Cpu cpu, Path elf, long passes) {
    List<String> command = qemuCommand(options, cpu, elf, passes);
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
          throw new IllegalStateException(
              "QEMU did not finish within " + QEMU_TIMEOUT + ": " + command);
        }
        long nanos = System.nanoTime() - start;
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              "QEMU exited with " + process.exitValue() + ": " + command);
        }
        return new Timing(0, nanos, readBounded(stdout));
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

  private static String readBounded(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(1 << 16), StandardCharsets.UTF_8);
    }
  }

  /** The first three fields of /proc/loadavg, or "unknown" where there is none. */
  private static String loadAverage() {
    try {
      String[] fields = readBounded(LOADAVG).strip().split("\\s+");
      return fields.length >= 3 ? String.join(" / ", fields[0], fields[1], fields[2]) : "unknown";
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static double mips(long instructions, long nanos) {
    return instructions / (nanos / 1e9) / 1e6;
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static long median(List<Timing> timings) {
    long[] nanos = timings.stream().mapToLong(Timing::nanos).sorted().toArray();
    return nanos[nanos.length / 2];
  }

  private static long best(List<Timing> timings) {
    return timings.stream().mapToLong(Timing::nanos).min().orElseThrow();
  }

  private static Options parse(String[] args) {
    Set<Cpu> cpus = new LinkedHashSet<>();
    Path firmwareDir = Path.of("firmware/build");
    Optional<Path> elf = Optional.empty();
    Path qemu = Path.of("qemu-system-arm");
    long simPasses = 2000;
    long qemuPasses = 100_000;
    int warmups = 3;
    int rounds = 5;
    boolean simOnly = false;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--sim-only" -> {
          simOnly = true;
          continue;
        }
        case "--cpu" -> cpus.add(Cpu.parse(value));
        case "--firmware-dir" -> firmwareDir = Path.of(value);
        case "--elf" -> elf = Optional.of(Path.of(value));
        case "--qemu" -> qemu = Path.of(value);
        case "--sim-passes" -> simPasses = count(args[i], value, 1);
        case "--qemu-passes" -> qemuPasses = count(args[i], value, 1);
        case "--warmups" -> warmups = (int) count(args[i], value, 0);
        case "--rounds" -> rounds = (int) count(args[i], value, 1);
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; options: --cpu cortex-m0plus|cortex-m3|cortex-m4 (repeatable; default"
                    + " all) --firmware-dir --elf --qemu --sim-passes --qemu-passes --warmups"
                    + " --rounds --sim-only; got "
                    + Arrays.toString(args));
      }
      i++;
    }
    if (cpus.isEmpty()) {
      cpus.addAll(List.of(Cpu.values()));
    }
    return new Options(
        List.copyOf(cpus), firmwareDir, elf, qemu, simPasses, qemuPasses, warmups, rounds, simOnly);
  }

  private static long count(String option, String value, long min) {
    String problem = option + " needs a number from " + min + " to " + Integer.MAX_VALUE;
    try {
      long n = Long.parseLong(value);
      if (n >= min && n <= Integer.MAX_VALUE) {
        return n;
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(problem + ", got '" + value + "'", e);
    }
    throw new IllegalArgumentException(problem + ", got '" + value + "'");
  }
}
