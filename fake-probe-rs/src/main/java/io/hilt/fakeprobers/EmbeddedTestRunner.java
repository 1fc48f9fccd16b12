package io.hilt.fakeprobers;

import io.hilt.probe.drivers.probers.EmbeddedTestElf;
import io.hilt.probe.drivers.probers.EmbeddedTestSelection;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.Semihosting;
import io.hilt.probe.target.StopReason;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code probe-rs run} on an embedded-test ELF (protocol version 1), as probe-rs 0.30 to 0.32 does
 * it with libtest-mimic 0.8: the tests in the ELF's symbol table order, each after a reset of the
 * core, told which test to run by the answer to its {@code SYS_GET_CMDLINE} ({@code run_addr
 * <decimal address>}), its semihosting exit taken as the result; libtest's output in the pretty,
 * terse or JSON format. Sources: probe-rs-tools {@code cmd/run.rs} (options), {@code util/cli.rs}
 * ({@code test}, {@code create_trial}: "Error: ..." and exit 1 when a test cannot be run), {@code
 * rpc/functions/test.rs} ({@code run_test_impl}: 60 s default timeout, "Test should Pass but it did
 * Panic", "Test timed out after 1s", "The CPU halted unexpectedly: ..."); libtest-mimic {@code
 * src/lib.rs} ({@code run}, filtering) and {@code src/printer.rs} (every text and JSON line).
 *
 * <p>Differences, all of them limits of driving the simulator from outside: the simulator serves
 * semihosting itself, so a call probe-rs would refuse during a test (SYS_ISTTY, say, which aborts a
 * real run with "Unexpected semihosting command") is served, and a second {@code SYS_GET_CMDLINE}
 * is answered again; RTT is not polled while tests run.
 */
final class EmbeddedTestRunner {
  /** probe-rs's timeout for a test without {@code #[timeout]}. */
  static final int DEFAULT_TIMEOUT_SECONDS = 60;

  private enum Format {
    PRETTY,
    TERSE,
    JSON
  }

  /** libtest-mimic's outcomes, with their JSON event, pretty and terse words. */
  private enum Event {
    OK("ok", "ok", "."),
    FAILED("failed", "FAILED", "F"),
    IGNORED("ignored", "ignored", "i");

    final String json;
    final String pretty;
    final String terse;

    Event(String json, String pretty, String terse) {
      this.json = json;
      this.pretty = pretty;
      this.terse = terse;
    }
  }

  /** A test's result as libtest-mimic sees it. */
  private record Result(String name, Event event, Optional<String> message) {}

  private final Version version;
  private final FakeBoard board;
  private final EmbeddedTestElf elf;
  private final CommandLine cmd;
  private final PrintStream out;
  private final PrintStream err;
  private final Runnable stackTrace;
  private final Object lock = new Object();
  private boolean done;

  EmbeddedTestRunner(
      Version version,
      FakeBoard board,
      EmbeddedTestElf elf,
      CommandLine cmd,
      PrintStream out,
      PrintStream err,
      Runnable stackTrace) {
    this.version = version;
    this.board = board;
    this.elf = elf;
    this.cmd = cmd;
    this.out = out;
    this.err = err;
    this.stackTrace = stackTrace;
  }

  /** The libtest options of the command line, as probe-rs passes them to libtest-mimic. */
  static EmbeddedTestSelection selection(CommandLine cmd) {
    List<String> positionals = cmd.positionals();
    Optional<String> filter =
        positionals.size() > 1
            ? Optional.of(String.join(" ", positionals.subList(1, positionals.size())))
            : Optional.empty();
    return new EmbeddedTestSelection(
        filter, cmd.flag("--exact"), cmd.values("--skip-test"), cmd.flag("--include-ignored"));
  }

  private Format format() {
    String value = cmd.option("--format").orElse("pretty");
    return switch (value) {
      case "pretty" -> Format.PRETTY;
      case "terse" -> Format.TERSE;
      case "json" -> Format.JSON;
      default ->
          throw new CommandLine.UsageError(
              "invalid value '"
                  + value
                  + "' for '--format <pretty|terse|json>'\n  [possible values: pretty, terse,"
                  + " json]");
    };
  }

  /** Runs the suite; the exit status (a failed suite is an error: "Some tests failed"). */
  int run() throws IOException {
    Format format = format();
    if (elf.version() != 1) {
      throw new FakeProbeRs.ProbeError(
          "fake-probe-rs: embedded-test protocol version "
              + elf.version()
              + " (embedded-test before 0.7) lists its tests over semihosting, which the stand-in"
              + " cannot answer; build the firmware with embedded-test 0.7");
    }
    EmbeddedTestSelection selection = selection(cmd);
    boolean onlyIgnored = cmd.flag("--ignored");
    List<EmbeddedTestElf.Test> tests = new ArrayList<>();
    for (EmbeddedTestElf.Test t : elf.tests()) {
      if (selection.selects(t.name()) && (!onlyIgnored || t.ignored())) {
        tests.add(t);
      }
    }
    int filteredOut = elf.tests().size() - tests.size();
    if (cmd.flag("--list")) {
      for (EmbeddedTestElf.Test t : tests) {
        out.println(t.name() + ": test");
      }
      return 0;
    }
    installCancel();
    board.sim.addOutputListener(
        chunk -> {
          if (chunk.channel() == OutputChannel.SEMIHOSTING_STDOUT
              || chunk.channel() == OutputChannel.SEMIHOSTING_STDERR) {
            out.print(new String(chunk.data(), StandardCharsets.UTF_8));
            out.flush();
          }
        });
    int width =
        tests.stream().mapToInt(t -> t.name().codePointCount(0, t.name().length())).max().orElse(0);
    long start = System.nanoTime();
    title(format, tests.size());
    int passed = 0;
    int failed = 0;
    int ignored = 0;
    List<Result> failures = new ArrayList<>();
    for (EmbeddedTestElf.Test test : tests) {
      started(format, test.name(), width);
      Result result;
      if (test.ignored() && !selection.includeIgnored() && !onlyIgnored) {
        result = new Result(test.name(), Event.IGNORED, Optional.empty());
      } else {
        result = runOne(test);
      }
      switch (result.event()) {
        case OK -> passed++;
        case FAILED -> {
          failed++;
          failures.add(result);
        }
        case IGNORED -> ignored++;
      }
      outcome(format, result);
    }
    if (!failures.isEmpty() && format != Format.JSON) {
      out.println();
      out.println("failures:");
      out.println();
      for (Result f : failures) {
        out.println("---- " + f.name() + " ----");
        f.message().ifPresent(out::println);
        out.println();
      }
      out.println();
      out.println("failures:");
      for (Result f : failures) {
        out.println("    " + f.name());
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    summary(format, passed, failed, ignored, filteredOut, seconds);
    synchronized (lock) {
      done = true;
      board.halted = true;
      board.save();
    }
    if (failed > 0) {
      throw new FakeProbeRs.ProbeError("Some tests failed");
    }
    return 0;
  }

  /**
   * rpc/functions/test.rs run_test_impl: reset and halt, run until the firmware's semihosting exit
   * or the timeout; util/cli.rs create_trial prints the stack trace of a failed test.
   */
  private Result runOne(EmbeddedTestElf.Test test) throws IOException {
    int timeoutSeconds = test.timeoutSeconds().orElse(DEFAULT_TIMEOUT_SECONDS);
    Semihosting semihosting =
        board
            .sim
            .semihosting()
            .orElseThrow(() -> new IllegalStateException("the simulator serves no semihosting"));
    synchronized (lock) {
      board.reset(false);
      semihosting.setCommandLine(
          "run_addr " + Long.toUnsignedString(test.address() & 0xFFFF_FFFFL));
      board.sim.resume();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    StopReason stop;
    while ((stop = board.sim.waitForStop(Duration.ofMillis(20))) instanceof StopReason.TimedOut) {
      if (System.nanoTime() - deadline >= 0) {
        board.sim.halt();
        board.sim.waitForStop(Duration.ofSeconds(5));
        out.flush();
        stackTrace.run();
        return new Result(
            test.name(), Event.FAILED, Optional.of("Test timed out after " + timeoutSeconds + "s"));
      }
    }
    out.flush();
    if (stop instanceof StopReason.Exited e) {
      String did = e.code() == 0 ? "Pass" : "Panic";
      String should = test.shouldPanic() ? "Panic" : "Pass";
      if (did.equals(should)) {
        return new Result(test.name(), Event.OK, Optional.empty());
      }
      stackTrace.run();
      return new Result(
          test.name(), Event.FAILED, Optional.of("Test should " + should + " but it did " + did));
    }
    // Anything else ends probe-rs at once: create_trial prints "Error: {e:?}" and exits 1.
    synchronized (lock) {
      done = true;
      board.halted = true;
      board.snapshotScs();
      board.save();
    }
    if (stop instanceof StopReason.Lockup) {
      throw new FakeProbeRs.ProbeError("The target locked up while running the test.");
    }
    String reason =
        stop instanceof StopReason.Fault
            ? "Exception"
            : stop instanceof StopReason.Breakpoint ? "Breakpoint(Software)" : "Request";
    throw new FakeProbeRs.ProbeError(
        "The CPU halted unexpectedly: "
            + reason
            + ". Test should signal failure via a panic handler that calls `semihosting::"
            + (version.atLeast(0, 32) ? "process" : "proces")
            + "::abort()` instead");
  }

  /**
   * SIGTERM or Ctrl-C: util/cli.rs with_ctrl_c says so, the running test comes back Cancelled and
   * create_trial prints "Cancelled" and exits 0.
   */
  private void installCancel() {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  synchronized (lock) {
                    if (done) {
                      return;
                    }
                    done = true;
                    board.sim.halt();
                    board.halted = true;
                    try {
                      board.save();
                    } catch (IOException e) {
                      err.println("fake-probe-rs: cannot save the board: " + e);
                    }
                    out.flush();
                    err.println("Received SIGTERM, exiting");
                    err.println("Cancelled");
                    err.flush();
                    Runtime.getRuntime().halt(0);
                  }
                }));
  }

  // libtest-mimic's printer --------------------------------------------------------------------

  private void title(Format format, int count) {
    if (format == Format.JSON) {
      out.println("{ \"type\": \"suite\", \"event\": \"started\", \"test_count\": " + count + " }");
    } else {
      out.println();
      out.println("running " + count + " test" + (count == 1 ? "" : "s"));
    }
    out.flush();
  }

  private void started(Format format, String name, int width) {
    switch (format) {
      case PRETTY -> {
        StringBuilder padded = new StringBuilder(name);
        while (padded.codePointCount(0, padded.length()) < width) {
          padded.append(' ');
        }
        out.print("test " + padded + " ... ");
      }
      case TERSE -> {}
      case JSON ->
          out.println(
              "{ \"type\": \"test\", \"event\": \"started\", \"name\": \"" + escape(name) + "\" }");
    }
    out.flush();
  }

  private void outcome(Format format, Result r) {
    switch (format) {
      case PRETTY -> out.println(r.event().pretty);
      case TERSE -> out.print(r.event().terse);
      case JSON ->
          out.println(
              "{ \"type\": \"test\", \"name\": \""
                  + escape(r.name())
                  + "\", \"event\": \""
                  + r.event().json
                  + "\""
                  + r.message()
                      .map(m -> ", \"stdout\": \"Error: \\\"" + escape(m) + "\\\"\\n\"")
                      .orElse("")
                  + " }");
    }
    out.flush();
  }

  private void summary(
      Format format, int passed, int failed, int ignored, int filteredOut, double seconds) {
    if (format == Format.JSON) {
      out.println(
          "{ \"type\": \"suite\", \"event\": \""
              + (failed > 0 ? "failed" : "ok")
              + "\", \"passed\": "
              + passed
              + ", \"failed\": "
              + failed
              + ", \"ignored\": "
              + ignored
              + ", \"measured\": 0, \"filtered_out\": "
              + filteredOut
              + ", \"exec_time\": "
              + rustF64(seconds)
              + " }");
    } else {
      out.println();
      out.printf(
          Locale.ROOT,
          "test result: %s. %d passed; %d failed; %d ignored; 0 measured; %d filtered out;"
              + " finished in %.2fs%n",
          failed > 0 ? "FAILED" : "ok",
          passed,
          failed,
          ignored,
          filteredOut,
          seconds);
      out.println();
    }
    out.flush();
  }

  /** Rust's {@code Display} of an f64: the shortest exact digits, never an exponent. */
  static String rustF64(double v) {
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  /** escape8259::escape: JSON string escapes (RFC 8259), control characters as {@code \\u00xx}. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
