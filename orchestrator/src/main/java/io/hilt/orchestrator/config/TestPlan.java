package io.hilt.orchestrator.config;

import io.hilt.orchestrator.results.ResultsFormat;
import io.hilt.probe.defmt.Level;
import io.hilt.probe.target.Arch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One YAML file in {@code test-plans/}: a container of tests that share a firmware.
 *
 * @param name plan name (defaults to the file name without extension)
 * @param firmware the ELF every test uses unless it names its own; resolved against the plan's
 *     folder, and checked to exist when the plan is loaded
 * @param args semihosting command line given to the firmware unless a test sets its own
 * @param requiredArchs the architectures this plan applies to; empty means any
 * @param timeout the default timeout of waiting steps
 * @param tests the tests, in file order
 * @param location where the plan was defined
 * @param failOnLog the lowest log level that fails every test of the plan from its start (a test's
 *     {@code fail-on-log} step changes it from there on); empty: none
 * @param rtt the plan's {@code rtt:} settings, over the profile's
 * @param results the test-result protocol of every test that names none
 */
public record TestPlan(
    String name,
    Optional<Path> firmware,
    Optional<String> args,
    Set<Arch> requiredArchs,
    Duration timeout,
    List<TestCase> tests,
    SourceLocation location,
    Optional<Level> failOnLog,
    RttSettings rtt,
    Optional<ResultsFormat> results) {
  public TestPlan {
    Objects.requireNonNull(results, "results");
    Objects.requireNonNull(failOnLog, "failOnLog");
    Objects.requireNonNull(rtt, "rtt");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(firmware, "firmware");
    Objects.requireNonNull(args, "args");
    requiredArchs = Set.copyOf(requiredArchs);
    Objects.requireNonNull(timeout, "timeout");
    tests = List.copyOf(tests);
    Objects.requireNonNull(location, "location");
    if (name.isBlank()) {
      throw new IllegalArgumentException("plan name is blank");
    }
    Set<String> names = new HashSet<>();
    for (TestCase t : tests) {
      if (!names.add(t.name())) {
        throw new IllegalArgumentException("plan " + name + ": two tests named " + t.name());
      }
    }
  }

  /** A plan without a results protocol. */
  public TestPlan(
      String name,
      Optional<Path> firmware,
      Optional<String> args,
      Set<Arch> requiredArchs,
      Duration timeout,
      List<TestCase> tests,
      SourceLocation location,
      Optional<Level> failOnLog,
      RttSettings rtt) {
    this(
        name,
        firmware,
        args,
        requiredArchs,
        timeout,
        tests,
        location,
        failOnLog,
        rtt,
        Optional.empty());
  }

  /** The protocol a test's output is read with: its own, else the plan's. */
  public Optional<ResultsFormat> resultsOf(TestCase test) {
    return test.results().or(() -> results);
  }

  /** A plan without log settings. */
  public TestPlan(
      String name,
      Optional<Path> firmware,
      Optional<String> args,
      Set<Arch> requiredArchs,
      Duration timeout,
      List<TestCase> tests,
      SourceLocation location) {
    this(
        name,
        firmware,
        args,
        requiredArchs,
        timeout,
        tests,
        location,
        Optional.empty(),
        RttSettings.DEFAULT);
  }

  public boolean appliesTo(Arch arch) {
    return requiredArchs.isEmpty() || requiredArchs.contains(arch);
  }
}
