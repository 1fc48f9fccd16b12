package io.hilt.bench.defmt;

import io.hilt.probe.defmt.DefmtTable;
import io.hilt.probe.elf.ElfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * defmt decoding throughput on frames a gcc-built firmware really emitted: captures {@code
 * defmt-demo.elf}'s RTT channel 0 on the simulator (every-level and error scenarios), repeats those
 * frames into a stream of a few MB, runs {@link DefmtDecodeBenchmark} with JMH and writes a
 * Markdown report (frames/s, MB/s, the 50 MB/s goal) to {@code --out}. With {@code --jfr FILE},
 * when a benchmark misses the goal, records {@code decodeAndFormat} once more with Java Flight
 * Recorder.
 */
public final class DefmtBench {
  /** Issue 4's goal: decoding is never the bottleneck of even the fastest probe link. */
  static final double GOAL_MB_PER_S = 50.0;

  private static final List<String> SCENARIOS = List.of("", "error");

  private record Options(
      Path elf,
      int megabytes,
      int warmups,
      int iterations,
      int seconds,
      Path out,
      Optional<Path> jfr) {}

  private DefmtBench() {}

  public static void main(String[] args) throws RunnerException, IOException {
    Options options = parse(args);
    Path elf = options.elf().toAbsolutePath();
    DefmtTable table =
        DefmtTable.fromElf(ElfFile.read(elf))
            .orElseThrow(() -> new IllegalStateException(elf + " has no defmt table"));

    List<byte[]> frames = new ArrayList<>();
    for (String scenario : SCENARIOS) {
      frames.addAll(FrameMix.split(FrameCapture.run(elf, scenario)));
    }
    FrameMix mix = FrameMix.of(frames, table, options.megabytes() << 20);
    Path streamFile = Files.createTempFile("hilt-defmt-stream-", ".bin");
    try {
      Files.write(streamFile, mix.stream());
      Collection<RunResult> results =
          new Runner(
                  jmh(options, streamFile, elf)
                      .include(DefmtDecodeBenchmark.class.getName() + "\\.")
                      .build())
              .run();
      List<RunResult> sorted =
          results.stream()
              .sorted(
                  (a, b) -> a.getParams().getBenchmark().compareTo(b.getParams().getBenchmark()))
              .toList();
      boolean missed = sorted.stream().anyMatch(r -> megabytesPerSecond(r, mix) < GOAL_MB_PER_S);
      if (missed && options.jfr().isPresent()) {
        new Runner(
                jmh(
                        options,
                        streamFile,
                        elf,
                        "-XX:+UnlockDiagnosticVMOptions",
                        "-XX:+DebugNonSafepoints",
                        "-XX:StartFlightRecording=filename="
                            + options.jfr().get().toAbsolutePath()
                            + ",settings=profile")
                    .include(DefmtDecodeBenchmark.class.getName() + "\\.decodeAndFormat$")
                    .build())
            .run();
      }
      Files.writeString(options.out(), report(options, mix, table, sorted));
    } finally {
      Files.deleteIfExists(streamFile);
    }
  }

  /** JMH options; {@code jvmArgs} for the fork (JMH keeps only the last jvmArgsAppend call). */
  private static ChainedOptionsBuilder jmh(
      Options options, Path streamFile, Path elf, String... jvmArgs) {
    List<String> args = new ArrayList<>(Arrays.asList(jvmArgs));
    args.add("-D" + DefmtDecodeBenchmark.STREAM + "=" + streamFile);
    args.add("-D" + DefmtDecodeBenchmark.ELF + "=" + elf);
    return new OptionsBuilder()
        .forks(1)
        .warmupIterations(options.warmups())
        .warmupTime(TimeValue.seconds(options.seconds()))
        .measurementIterations(options.iterations())
        .measurementTime(TimeValue.seconds(options.seconds()))
        .jvmArgsAppend(args.toArray(String[]::new));
  }

  private static double megabytesPerSecond(RunResult r, FrameMix mix) {
    return r.getPrimaryResult().getScore() * mix.stream().length / 1e6;
  }

  private static String report(
      Options options, FrameMix mix, DefmtTable table, List<RunResult> results) {
    StringBuilder out = new StringBuilder();
    IntSummaryStatistics sizes = mix.frames().stream().mapToInt(f -> f.length).summaryStatistics();
    out.append(
        String.format(
            Locale.ROOT,
            "Frames: the %d frames `%s` wrote to RTT channel 0 on hilt's simulator (scenarios"
                + " every-level and `error`, %d-%d bytes each with rzCOBS and terminator, mean"
                + " %.1f), repeated into a %.2f MB stream of %d frames. Table: %d entries,"
                + " wire version %s, %s.%n%n",
            mix.frames().size(),
            options.elf(),
            sizes.getMin(),
            sizes.getMax(),
            sizes.getAverage(),
            mix.stream().length / 1e6,
            mix.frameCount(),
            table.entries().size(),
            table.version(),
            table.encoding().name().toLowerCase(Locale.ROOT)));
    out.append("| Benchmark | Passes/s (± 99.9% CI) | Frames/s | MB/s | Goal 50 MB/s |\n");
    out.append("|---|---:|---:|---:|---|\n");
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.') + 1);
      double score = r.getPrimaryResult().getScore();
      double error = r.getPrimaryResult().getScoreError();
      double mbps = megabytesPerSecond(r, mix);
      out.append(
          String.format(
              Locale.ROOT,
              "| `%s` | %.2f ± %.2f | %,.0f | **%.1f** | %s |%n",
              name,
              score,
              Double.isNaN(error) ? 0.0 : error,
              score * mix.frameCount(),
              mbps,
              mbps >= GOAL_MB_PER_S ? "met" : "**missed**"));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%nJMH %s, throughput mode, 1 fork, %d warm-up and %d measured iterations of %d s;"
                + " MB = 10^6 bytes of the encoded stream (what the probe link carries).%n%n",
            org.openjdk.jmh.util.Version.getPlainVersion(),
            options.warmups(),
            options.iterations(),
            options.seconds()));
    out.append("The distinct frames of the mix, as the decoder shows them:\n\n```\n");
    mix.lines(table).forEach(l -> out.append(l).append('\n'));
    out.append("```\n");
    return out.toString();
  }

  private static Options parse(String[] args) {
    Path elf = Path.of("firmware/build/cortex-m0plus/defmt-demo.elf");
    int megabytes = 4;
    int warmups = 3;
    int iterations = 5;
    int seconds = 2;
    Path out = Path.of("defmt-bench.md");
    Optional<Path> jfr = Optional.empty();
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--elf" -> elf = Path.of(value);
        case "--mb" -> megabytes = positive(args[i], value);
        case "--warmups" -> warmups = positive(args[i], value);
        case "--iterations" -> iterations = positive(args[i], value);
        case "--seconds" -> seconds = positive(args[i], value);
        case "--out" -> out = Path.of(value);
        case "--jfr" -> jfr = Optional.of(Path.of(value));
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; options: --elf --mb --warmups --iterations --seconds --out --jfr "
                    + Arrays.toString(args));
      }
    }
    return new Options(elf, megabytes, warmups, iterations, seconds, out, jfr);
  }

  private static int positive(String option, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0 && n <= 1024) {
        return n;
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " needs a number 1..1024, got '" + value + "'", e);
    }
    throw new IllegalArgumentException(option + " needs a number 1..1024, got '" + value + "'");
  }
}
