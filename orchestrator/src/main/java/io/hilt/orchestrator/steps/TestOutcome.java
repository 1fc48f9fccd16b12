package io.hilt.orchestrator.steps;

import io.hilt.orchestrator.results.ResultCase;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a test left behind, whether it passed or not.
 *
 * @param systemOut the target's standard output and UART, as text
 * @param systemErr the target's standard error, as text
 * @param properties name to value, in the order they were found (profile, firmware, stack...)
 * @param problem why the test did not pass: an {@link AssertionError} for a failed expectation, any
 *     other exception for trouble running it
 * @param results the cases the firmware reported in the test's {@code results:} protocol (empty
 *     without one), including error cases for what it announced and never reported
 */
public record TestOutcome(
    String systemOut,
    String systemErr,
    Map<String, String> properties,
    Optional<Throwable> problem,
    List<ResultCase> results) {
  public TestOutcome {
    results = List.copyOf(results);
    Objects.requireNonNull(systemOut, "systemOut");
    Objects.requireNonNull(systemErr, "systemErr");
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    Objects.requireNonNull(problem, "problem");
  }

  /** An outcome without reported results. */
  public TestOutcome(
      String systemOut,
      String systemErr,
      Map<String, String> properties,
      Optional<Throwable> problem) {
    this(systemOut, systemErr, properties, problem, List.of());
  }
}
