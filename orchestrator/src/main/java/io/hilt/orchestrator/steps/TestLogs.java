package io.hilt.orchestrator.steps;

import io.hilt.orchestrator.config.SourceLocation;
import io.hilt.orchestrator.config.Step;
import io.hilt.orchestrator.logs.LogLine;
import io.hilt.orchestrator.logs.RttLogReader;
import io.hilt.probe.defmt.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.opentest4j.AssertionFailedError;

/**
 * A test's target logs: what the RTT reader delivered so far (kept for {@code expect-log}, written
 * to system-out), and the {@code fail-on-log} level in force. Bounded: past {@link #MAX_LINES}
 * lines further ones still reach system-out (itself bounded) but are not kept for matching.
 */
final class TestLogs {
  static final int MAX_LINES = 100_000;

  private final RttLogReader reader;
  private final OutputRecorder output;
  private final Consumer<String> sink;
  private final List<LogLine> lines = new ArrayList<>();
  private Optional<Level> failOn;
  private Optional<SourceLocation> failOnSetAt;
  private long dropped;

  TestLogs(
      RttLogReader reader,
      OutputRecorder output,
      Optional<Level> failOn,
      Optional<SourceLocation> failOnSetAt) {
    this(reader, output, failOn, failOnSetAt, line -> {});
  }

  /**
   * @param sink receives every line as it is written to system-out (the test-result parser)
   */
  TestLogs(
      RttLogReader reader,
      OutputRecorder output,
      Optional<Level> failOn,
      Optional<SourceLocation> failOnSetAt,
      Consumer<String> sink) {
    this.sink = sink;
    this.reader = reader;
    this.output = output;
    this.failOn = failOn;
    this.failOnSetAt = failOnSetAt;
  }

  /**
   * Reads what arrived; throws when a line reaches the {@code fail-on-log} level.
   *
   * @param during the step being run, for the failure message
   */
  void poll(Step during) {
    add(reader.poll(), during);
  }

  /** Reads until nothing more arrives and ends partial lines (after a stop, at the test's end). */
  void drain(Step during) {
    add(reader.drain(), during);
  }

  /** After a reset or load: the firmware sets RTT up again. */
  void detach(Step during) {
    add(reader.detach(), during);
  }

  /**
   * Sets the level for every line read from now on, including lines the firmware wrote before this
   * step that were not read yet (hilt reads during waits); lines already read do not count.
   */
  void failOn(Step.FailOnLog step) {
    failOn = step.minimum();
    failOnSetAt = Optional.of(step.location());
  }

  /** After a failure: whatever logs are still in the buffers go to system-out, failing nothing. */
  void salvage() {
    List<LogLine> rest;
    try {
      rest = reader.drain();
    } catch (RuntimeException e) {
      output.note("RTT: logs after the failure could not be read: " + e);
      return;
    }
    rest.forEach(
        l -> {
          output.log(l.format());
          sink.accept(l.format());
        });
  }

  boolean seen(Optional<Level> level, Pattern pattern) {
    for (LogLine l : lines) {
      if (l.matches(level, pattern)) {
        return true;
      }
    }
    return false;
  }

  int count() {
    return lines.size();
  }

  private void add(List<LogLine> arrived, Step during) {
    Optional<LogLine> violation = Optional.empty();
    for (LogLine l : arrived) {
      output.log(l.format());
      sink.accept(l.format());
      if (lines.size() < MAX_LINES) {
        lines.add(l);
      } else {
        dropped++;
      }
      if (violation.isEmpty() && failOn.isPresent() && l.atLeast(failOn.get())) {
        violation = Optional.of(l);
      }
    }
    if (violation.isPresent()) {
      throw new AssertionFailedError(
          "fail-on-log "
              + failOn.get().lowerCase()
              + failOnSetAt.map(at -> " (set at " + at + ")").orElse("")
              + ": "
              + violation.get().format()
              + "\nwhile running "
              + during.keyword()
              + " at "
              + during.location());
    }
  }

  long dropped() {
    return dropped;
  }
}
