package io.hilt.orchestrator.config;

import io.hilt.orchestrator.results.ResultsFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One test of a plan: a sequence of steps run on one board.
 *
 * @param name the test name, unique within its plan
 * @param firmware overrides the plan's firmware (resolved and checked like it)
 * @param args overrides the plan's semihosting command line
 * @param steps the steps, in order
 * @param location where the test was defined
 * @param results the test-result protocol its console output is read with (each case reported
 *     becomes a test case under this test); empty: the plan's, if any
 */
public record TestCase(
    String name,
    Optional<Path> firmware,
    Optional<String> args,
    List<Step> steps,
    SourceLocation location,
    Optional<ResultsFormat> results) {
  public TestCase {
    Objects.requireNonNull(results, "results");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(firmware, "firmware");
    Objects.requireNonNull(args, "args");
    steps = List.copyOf(steps);
    Objects.requireNonNull(location, "location");
    if (name.isBlank()) {
      throw new IllegalArgumentException("test name is blank");
    }
  }

  /** A test whose output is not read for results (unless the plan says so). */
  public TestCase(
      String name,
      Optional<Path> firmware,
      Optional<String> args,
      List<Step> steps,
      SourceLocation location) {
    this(name, firmware, args, steps, location, Optional.empty());
  }
}
