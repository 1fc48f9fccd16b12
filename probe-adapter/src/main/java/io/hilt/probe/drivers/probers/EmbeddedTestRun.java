package io.hilt.probe.drivers.probers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tests of an embedded-test firmware run by {@code probe-rs run --format json}, one outcome per
 * test. probe-rs runs the tests through libtest-mimic (0.8.1 in probe-rs 0.30 and 0.31, 0.8.2 in
 * 0.32, {@code Cargo.lock}), whose JSON printer ({@code src/printer.rs}) writes one object a line,
 * always with these spaces and key orders:
 *
 * <pre>
 * { "type": "suite", "event": "started", "test_count": 8 }
 * { "type": "test", "event": "started", "name": "tests::adds" }
 * { "type": "test", "name": "tests::adds", "event": "ok" }
 * { "type": "test", "name": "tests::fails", "event": "failed", "stdout": "Error: \"Test should Pass but it did Panic\"\n" }
 * { "type": "test", "name": "tests::later", "event": "ignored" }
 * { "type": "suite", "event": "failed", "passed": 1, "failed": 1, "ignored": 1, "measured": 0, "filtered_out": 0, "exec_time": 2.5 }
 * </pre>
 *
 * An ignored test gets a {@code started} event too. Between the events probe-rs prints the
 * firmware's semihosting and RTT output and, after a failure, its stack trace; those lines are kept
 * as the output of the test that was running. The parser takes any key order and extra fields.
 *
 * <p>A HardFault (any halt that is not semihosting) ends probe-rs at once (probe-rs-tools {@code
 * rpc/functions/test.rs}: "The CPU halted unexpectedly"; {@code util/cli.rs create_trial}: {@code
 * Error: ...} and exit 1), without a result for the running test or a closing suite event. The
 * caller records why ({@link #abort(Abort)}); the running test is then {@link Status#FAILED} when
 * the target stopped it, {@link Status#NOT_RUN} otherwise, and every test that never started is
 * {@link Status#NOT_RUN}: by the names the ELF lists ({@link EmbeddedTestElf}) when the caller gave
 * them, otherwise as {@code <test N not run>} up to the count the suite announced.
 */
public final class EmbeddedTestRun {
  /** Longest line taken as JSON; longer ones are firmware output. */
  static final int MAX_LINE = 256 * 1024;

  /** Output lines kept per test, at most; the rest are counted. */
  static final int MAX_OUTPUT_LINES = 2000;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** libtest-mimic's failure text: {@code Error: "MESSAGE"} and a newline. */
  private static final Pattern LIBTEST_ERROR = Pattern.compile("(?s)Error: \"(.*)\"\\n?");

  /** Where a libtest event starts when firmware output without a newline came before it. */
  private static final Pattern EVENT_START = Pattern.compile("\\{\\s*\"type\"\\s*:\\s*\"");

  /** What became of one test. */
  public enum Status {
    PASSED,
    FAILED,
    IGNORED,
    /** Announced, or started, but the suite ended before its result. */
    NOT_RUN
  }

  /**
   * One test case.
   *
   * @param message why it failed (libtest's text, for example {@code Test should Pass but it did
   *     Panic} or {@code Test timed out after 60s}) or why it never ran
   * @param output what probe-rs printed while it ran: firmware output, stack trace
   */
  public record Outcome(String name, Status status, Optional<String> message, List<String> output) {
    public Outcome {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(message, "message");
      output = List.copyOf(output);
    }
  }

  /** How a suite that did not finish ended. */
  public enum AbortKind {
    /**
     * The target stopped in a way a test cannot report (HardFault, lockup, a breakpoint, a
     * semihosting call probe-rs does not serve): the running test's doing.
     */
    TARGET,
    /** hilt's timeout ran out and probe-rs was killed. */
    TIMEOUT,
    /** probe-rs itself failed, crashed or was stopped by someone else. */
    PROBE_RS
  }

  /** Why the suite ended early. */
  public record Abort(AbortKind kind, String message) {
    public Abort {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(message, "message");
    }
  }

  private final List<String> expected;
  private final Map<String, Outcome> outcomes = new LinkedHashMap<>();
  private Optional<String> running = Optional.empty();
  private final List<String> runningOutput = new ArrayList<>();
  private int droppedOutput;
  private OptionalInt announced = OptionalInt.empty();
  private boolean suiteEnded;
  private Optional<Abort> abort = Optional.empty();

  /** A run whose test names are known only from its events. */
  public EmbeddedTestRun() {
    this(List.of());
  }

  /**
   * @param expected the names of the tests the run will report, in order (from {@link
   *     EmbeddedTestElf} and the {@link EmbeddedTestSelection}), to name the ones never started
   */
  public EmbeddedTestRun(List<String> expected) {
    this.expected = List.copyOf(expected);
  }

  /** Takes one line of probe-rs's standard output; false when it was not a test event. */
  public synchronized boolean accept(String line) {
    String s = ProbeRsFailure.stripAnsi(line);
    Optional<JsonNode> event = event(s.strip());
    if (event.isEmpty()) {
      // Firmware output printed without a newline runs into the next event's line.
      Matcher m = EVENT_START.matcher(s);
      if (m.find() && m.start() > 0) {
        event = event(s.substring(m.start()).strip());
        if (event.isPresent()) {
          output(s.substring(0, m.start()));
        }
      }
    }
    if (event.isEmpty() || !handle(event.get())) {
      output(s);
      return false;
    }
    return true;
  }

  private static Optional<JsonNode> event(String s) {
    if (!s.startsWith("{") || s.length() > MAX_LINE) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(s);
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private boolean handle(JsonNode node) {
    String type = node.path("type").asText("");
    String event = node.path("event").asText("");
    if (type.equals("suite")) {
      if (event.equals("started") && node.path("test_count").canConvertToInt()) {
        announced = OptionalInt.of(node.path("test_count").asInt());
      } else if (event.equals("ok") || event.equals("failed")) {
        suiteEnded = true;
      } else {
        return false;
      }
      return true;
    }
    if (!type.equals("test") || !node.path("name").isTextual()) {
      return false;
    }
    String name = node.path("name").asText();
    switch (event) {
      case "started" -> {
        running = Optional.of(name);
        runningOutput.clear();
        droppedOutput = 0;
      }
      case "ok" -> finish(name, Status.PASSED, Optional.empty());
      case "failed", "timeout" ->
          finish(
              name,
              Status.FAILED,
              Optional.of(
                  node.path("stdout").isTextual()
                      ? failureText(node.path("stdout").asText())
                      : "libtest reported " + event + " without a message"));
      case "ignored" -> finish(name, Status.IGNORED, Optional.empty());
      default -> {
        return false;
      }
    }
    return true;
  }

  private static String failureText(String stdout) {
    Matcher m = LIBTEST_ERROR.matcher(stdout);
    return m.matches() ? m.group(1) : stdout.strip();
  }

  private void output(String line) {
    if (running.isEmpty() || line.isBlank()) {
      return;
    }
    if (runningOutput.size() < MAX_OUTPUT_LINES) {
      runningOutput.add(line);
    } else {
      droppedOutput++;
    }
  }

  private List<String> takeOutput() {
    List<String> out = new ArrayList<>(runningOutput);
    if (droppedOutput > 0) {
      out.add("[... " + droppedOutput + " more lines]");
    }
    runningOutput.clear();
    droppedOutput = 0;
    return out;
  }

  private void finish(String name, Status status, Optional<String> message) {
    List<String> output = running.filter(name::equals).isPresent() ? takeOutput() : List.of();
    outcomes.put(name, new Outcome(name, status, message, output));
    if (running.filter(name::equals).isPresent()) {
      running = Optional.empty();
    }
  }

  /** Whether the suite's {@code started} event was seen. */
  public synchronized boolean started() {
    return announced.isPresent();
  }

  /** Whether the suite's closing event was seen (false after an abort). */
  public synchronized boolean complete() {
    return suiteEnded;
  }

  /** The test that started and has no result yet. */
  public synchronized Optional<String> running() {
    return running;
  }

  /** Records why the suite ended before its closing event. */
  public synchronized void abort(Abort why) {
    this.abort = Optional.of(Objects.requireNonNull(why, "why"));
  }

  /** Why the suite ended early, when it did and the caller said why. */
  public synchronized Optional<Abort> abort() {
    return abort;
  }

  /** Whether the suite finished and every test passed or was ignored. */
  public synchronized boolean passed() {
    return suiteEnded
        && outcomes.values().stream()
            .allMatch(o -> o.status() == Status.PASSED || o.status() == Status.IGNORED);
  }

  /** Every test: finished ones in the order reported, then the running one, then the rest. */
  public synchronized List<Outcome> outcomes() {
    List<Outcome> all = new ArrayList<>(outcomes.values());
    if (suiteEnded) {
      return all;
    }
    String why =
        abort.map(Abort::message).orElse("probe-rs ended without finishing the test suite");
    if (running.isPresent()) {
      String name = running.get();
      boolean targetStopped = abort.map(a -> a.kind() == AbortKind.TARGET).orElse(false);
      all.add(
          new Outcome(
              name,
              targetStopped ? Status.FAILED : Status.NOT_RUN,
              Optional.of(targetStopped ? why : "aborted while running: " + why),
              new ArrayList<>(runningOutput)));
    }
    String never =
        "never started: the suite was aborted"
            + running.map(r -> " during " + r).orElse("")
            + " ("
            + why
            + ")";
    int total = announced.orElse(expected.size());
    for (String name : expected) {
      if (all.size() >= total) {
        break;
      }
      if (!outcomes.containsKey(name) && running.filter(name::equals).isEmpty()) {
        all.add(new Outcome(name, Status.NOT_RUN, Optional.of(never), List.of()));
      }
    }
    while (all.size() < total) {
      all.add(
          new Outcome(
              "<test " + (all.size() + 1) + " not run>",
              Status.NOT_RUN,
              Optional.of(never),
              List.of()));
    }
    return all;
  }
}
