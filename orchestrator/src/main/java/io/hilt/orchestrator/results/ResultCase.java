package io.hilt.orchestrator.results;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One test case a firmware reported on its console, or one the report shows as an error because the
 * firmware announced it (or a summary promised it) and never reported it.
 *
 * @param name the case's name as the framework prints it (Unity's test function, ztest's {@code
 *     suite.test}, defmt-test's function, TAP's description)
 * @param status how it ended
 * @param message empty for a passed case; the failure or skip message, or what went missing
 * @param location {@code file:line} when the framework gave one
 * @param output the console lines that belong to the case (bounded), for its system-out
 */
public record ResultCase(
    String name, Status status, String message, Optional<String> location, List<String> output) {
  public enum Status {
    PASSED,
    /** The framework reported a failure. */
    FAILED,
    /** Ignored or skipped (Unity IGNORE, ztest SKIP, defmt-test ignoring, TAP SKIP/TODO). */
    SKIPPED,
    /** Announced but never reported, or a summary that disagrees with the cases seen. */
    ERROR
  }

  public ResultCase {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(location, "location");
    output = List.copyOf(output);
    if (name.isBlank()) {
      throw new IllegalArgumentException("result case name is blank");
    }
  }

  static ResultCase passed(String name, Optional<String> location, List<String> output) {
    return new ResultCase(name, Status.PASSED, "", location, output);
  }

  static ResultCase error(String name, String message) {
    return new ResultCase(name, Status.ERROR, message, Optional.empty(), List.of());
  }
}
