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

/**
 * The tests of an embedded-test firmware run by {@code probe-rs run --format json}: probe-rs runs
 * each test through libtest-mimic (0.8 in probe-rs-tools 0.30 to 0.32, {@code Cargo.toml}), which
 * prints libtest's JSON events, one object a line: {@code {"type":"suite","event":"started",
 * "test_count":N}}, {@code {"type":"test","event":"started","name":...}}, {@code
 * {"type":"test","name":...,"event":"ok"|"failed"|"ignored", "stdout":...}} and a closing {@code
 * suite} event. Other lines (firmware output) are ignored, keys may come in any order.
 *
 * <p>A HardFault aborts the whole suite (probe-rs-tools {@code rpc/functions/test.rs}, "The CPU
 * halted unexpectedly"): the test that was running and those never started are then {@link
 * Status#NOT_RUN}, so every test the suite announced ends up as one JUnit case.
 */
public final class EmbeddedTestRun {
  /** Longest line taken as JSON; longer ones are firmware output. */
  static final int MAX_LINE = 256 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What became of one test. */
  public enum Status {
    PASSED,
    FAILED,
    IGNORED,
    /** Started or announced, but the suite ended before its result. */
    NOT_RUN
  }

  /**
   * One test case.
   *
   * @param message the failure text libtest reports ({@code stdout}), or why it never ran
   */
  public record Outcome(String name, Status status, Optional<String> message) {
    public Outcome {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(message, "message");
    }
  }

  private final Map<String, Outcome> outcomes = new LinkedHashMap<>();
  private Optional<String> running = Optional.empty();
  private OptionalInt announced = OptionalInt.empty();
  private boolean suiteEnded;

  /** Takes one line of probe-rs's standard output; false when it was not a test event. */
  public boolean accept(String line) {
    String s = ProbeRsFailure.stripAnsi(line).strip();
    if (!s.startsWith("{") || s.length() > MAX_LINE) {
      return false;
    }
    JsonNode node;
    try {
      node = JSON.readTree(s);
    } catch (IOException e) {
      return false;
    }
    if (node == null || !node.isObject()) {
      return false;
    }
    String type = node.path("type").asText("");
    String event = node.path("event").asText("");
    if (type.equals("suite")) {
      if (event.equals("started") && node.path("test_count").canConvertToInt()) {
        announced = OptionalInt.of(node.path("test_count").asInt());
      } else if (!event.equals("started")) {
        suiteEnded = true;
      }
      return true;
    }
    if (!type.equals("test") || !node.path("name").isTextual()) {
      return false;
    }
    String name = node.path("name").asText();
    Optional<String> stdout =
        node.path("stdout").isTextual()
            ? Optional.of(node.path("stdout").asText())
            : Optional.empty();
    switch (event) {
      case "started" -> running = Optional.of(name);
      case "ok" -> finish(name, Status.PASSED, Optional.empty());
      case "failed", "timeout" -> finish(name, Status.FAILED, stdout.or(() -> Optional.of(event)));
      case "ignored" -> finish(name, Status.IGNORED, Optional.empty());
      default -> {
        return false;
      }
    }
    return true;
  }

  private void finish(String name, Status status, Optional<String> message) {
    outcomes.put(name, new Outcome(name, status, message));
    if (running.filter(name::equals).isPresent()) {
      running = Optional.empty();
    }
  }

  /** Whether the suite's closing event was seen (false after an abort). */
  public boolean complete() {
    return suiteEnded;
  }

  /**
   * Every test, in the order seen. After an abort the running test is {@link Status#NOT_RUN} with
   * {@code why}, and the count the suite announced is made up with unnamed {@code NOT_RUN} cases
   * ({@code <test N not run>}), since libtest names tests only when it starts them.
   */
  public List<Outcome> outcomes(String why) {
    List<Outcome> all = new ArrayList<>(outcomes.values());
    if (!suiteEnded) {
      running.ifPresent(
          name ->
              all.add(
                  new Outcome(name, Status.NOT_RUN, Optional.of("aborted while running: " + why))));
      int missing = announced.orElse(all.size()) - all.size();
      for (int i = 0; i < missing; i++) {
        all.add(
            new Outcome(
                "<test " + (all.size() + 1) + " not run>",
                Status.NOT_RUN,
                Optional.of("never started: " + why)));
      }
    }
    return all;
  }
}
