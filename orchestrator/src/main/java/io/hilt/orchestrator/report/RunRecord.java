package io.hilt.orchestrator.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * What happened so far in one run, and the rules that turn it into suites and cases: one suite per
 * top-level container (a plan), its tests as cases. Both reports read it, so the console summary
 * and the XML always agree. Not thread-safe: the reports synchronize.
 *
 * <p>A test without a result of its own takes one from its nearest container that was skipped
 * (skipped) or ended with a failure (failure or error, message prefixed with the container's name).
 * Failing that it is an error: "not finished" if it started, "not run" if not, because the run was
 * interrupted or the engine never reported it. A container that failed while all its tests have
 * results of their own becomes one more case, {@code (plan)}, so its failure is counted.
 */
final class RunRecord {
  static final String SEPARATOR = " › ";
  static final String CONTAINER_CASE = "(plan)";
  static final String ENGINE_CASE = "(engine)";
  static final String INTERRUPTED = "interrupted";

  /** One testcase of the report. */
  record Case(
      String name,
      String className,
      Outcome outcome,
      Duration time,
      String out,
      String err,
      Optional<TestIdentifier> test) {}

  /** One testsuite: a plan, or the engine itself for tests directly under it. */
  record Suite(
      String name,
      Instant timestamp,
      Duration time,
      Map<String, String> properties,
      List<Case> cases,
      String out,
      String err) {
    long count(Outcome.Status status) {
      return cases.stream().filter(c -> c.outcome().status() == status).count();
    }
  }

  private static final class Node {
    Instant start;
    Instant end;
    TestExecutionResult result;
    String skipReason;
    final CappedText out;
    final CappedText err;
    final Map<String, String> properties = new LinkedHashMap<>();

    Node(int maxOutputChars) {
      out = new CappedText(maxOutputChars);
      err = new CappedText(maxOutputChars);
    }
  }

  private final Clock clock;
  private final int maxOutputChars;
  private final Map<String, Node> nodes = new HashMap<>();
  private Optional<TestPlan> plan = Optional.empty();
  private Instant runStart;
  private Instant runEnd;

  RunRecord(Clock clock, int maxOutputChars) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxOutputChars = maxOutputChars;
    this.runStart = clock.instant();
  }

  void runStarted(TestPlan testPlan) {
    plan = Optional.of(testPlan);
    runStart = clock.instant();
  }

  void runFinished() {
    runEnd = clock.instant();
  }

  boolean isFinished() {
    return runEnd != null;
  }

  Duration runTime() {
    return Duration.between(runStart, runEnd != null ? runEnd : clock.instant());
  }

  void started(TestIdentifier id) {
    node(id).start = clock.instant();
  }

  void skipped(TestIdentifier id, String reason) {
    Node n = node(id);
    n.skipReason = reason == null || reason.isBlank() ? "skipped" : reason;
    n.end = clock.instant();
  }

  void finished(TestIdentifier id, TestExecutionResult result) {
    Node n = node(id);
    n.result = result;
    n.end = clock.instant();
  }

  void entry(TestIdentifier id, ReportEntry entry) {
    Node n = node(id);
    entry
        .getKeyValuePairs()
        .forEach(
            (key, value) -> {
              if (key.equals(ReportKeys.SYSTEM_OUT)) {
                n.out.append(value);
              } else if (key.equals(ReportKeys.SYSTEM_ERR)) {
                n.err.append(value);
              } else if (key.startsWith(ReportKeys.PROPERTY_PREFIX)
                  && key.length() > ReportKeys.PROPERTY_PREFIX.length()) {
                n.properties.put(key.substring(ReportKeys.PROPERTY_PREFIX.length()), value);
              } else {
                n.out.append(key + " = " + value + "\n");
              }
            });
  }

  /** Whether the identifier is an engine root or a container directly under one (a plan). */
  boolean isTopLevel(TestIdentifier id) {
    return id.getParentIdObject().isEmpty()
        || plan.flatMap(p -> p.getParent(id))
            .map(p -> p.getParentIdObject().isEmpty())
            .orElse(false);
  }

  /** Every test below {@code id} (itself included when it is a test), depth first. */
  List<TestIdentifier> testsUnder(TestIdentifier id) {
    List<TestIdentifier> out = new ArrayList<>();
    collectTests(id, out);
    return out;
  }

  private void collectTests(TestIdentifier id, List<TestIdentifier> out) {
    if (id.isTest()) {
      out.add(id);
    }
    plan.ifPresent(p -> p.getChildren(id).forEach(c -> collectTests(c, out)));
  }

  /** The test's display name below its suite, and the suite's name: {@code plan › test}. */
  String qualifiedName(TestIdentifier test) {
    List<String> names = new ArrayList<>();
    for (Optional<TestIdentifier> at = Optional.of(test);
        at.isPresent() && at.get().getParentIdObject().isPresent();
        at = parent(at.get())) {
      names.add(0, at.get().getDisplayName());
    }
    return String.join(SEPARATOR, names);
  }

  Duration time(TestIdentifier id) {
    Node n = nodes.get(id.getUniqueId());
    if (n == null || n.start == null) {
      return Duration.ZERO;
    }
    return Duration.between(n.start, n.end != null ? n.end : clock.instant());
  }

  /** How the test ended, or how the report shows it when it has not (see the class comment). */
  Outcome outcome(TestIdentifier test) {
    Node own = nodes.get(test.getUniqueId());
    if (own != null && own.skipReason != null) {
      return Outcome.skipped(own.skipReason);
    }
    if (own != null && own.result != null) {
      return fromResult(own.result, "");
    }
    for (Optional<TestIdentifier> a = parent(test); a.isPresent(); a = parent(a.get())) {
      Node n = nodes.get(a.get().getUniqueId());
      if (n == null) {
        continue;
      }
      if (n.skipReason != null) {
        return Outcome.skipped(n.skipReason);
      }
      if (n.result != null && n.result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
        return fromResult(n.result, a.get().getDisplayName() + " failed: ");
      }
    }
    boolean started = own != null && own.start != null;
    if (isFinished()) {
      return Outcome.error(
          INTERRUPTED,
          (started ? "not finished" : "not run") + ": the run ended without a result for it");
    }
    return Outcome.error(
        INTERRUPTED, started ? "not finished: run interrupted" : "not run: run interrupted");
  }

  private static Outcome fromResult(TestExecutionResult result, String prefix) {
    Optional<Throwable> t = result.getThrowable();
    return switch (result.getStatus()) {
      case SUCCESSFUL -> Outcome.passed();
      case ABORTED ->
          Outcome.skipped(
              prefix
                  + t.map(x -> Objects.toString(x.getMessage(), x.toString())).orElse("aborted"));
      case FAILED ->
          t.map(x -> Outcome.ofThrowable(x, prefix))
              .orElseGet(() -> Outcome.error("", prefix + "failed"));
    };
  }

  private boolean hasOwnResult(TestIdentifier test) {
    Node n = nodes.get(test.getUniqueId());
    return n != null && (n.result != null || n.skipReason != null);
  }

  private Optional<TestIdentifier> parent(TestIdentifier id) {
    return plan.flatMap(p -> p.getParent(id));
  }

  private Node node(TestIdentifier id) {
    return nodes.computeIfAbsent(id.getUniqueId(), k -> new Node(maxOutputChars));
  }

  /** The report as it stands: one suite per plan, in plan order. */
  List<Suite> suites(Map<String, String> runProperties) {
    List<Suite> suites = new ArrayList<>();
    if (plan.isEmpty()) {
      return suites;
    }
    for (TestIdentifier root : plan.get().getRoots()) {
      List<TestIdentifier> direct = new ArrayList<>();
      List<Suite> planSuites = new ArrayList<>();
      for (TestIdentifier child : plan.get().getChildren(root)) {
        if (child.isTest()) {
          direct.add(child);
        } else {
          planSuites.add(
              suite(child, child.getDisplayName(), testsUnder(child), runProperties, root));
        }
      }
      Node rootNode = nodes.get(root.getUniqueId());
      boolean rootFailed =
          rootNode != null
              && rootNode.result != null
              && rootNode.result.getStatus() == TestExecutionResult.Status.FAILED;
      if (!direct.isEmpty() || rootFailed || (rootNode != null && !rootNode.out.isEmpty())) {
        suites.add(suite(root, root.getDisplayName(), direct, runProperties, root));
      }
      suites.addAll(planSuites);
    }
    return suites;
  }

  private Suite suite(
      TestIdentifier container,
      String name,
      List<TestIdentifier> tests,
      Map<String, String> runProperties,
      TestIdentifier root) {
    Map<String, String> properties = new LinkedHashMap<>(runProperties);
    Node rootNode = nodes.get(root.getUniqueId());
    if (rootNode != null && container != root) {
      properties.putAll(rootNode.properties);
    }
    Node suiteNode = nodes.get(container.getUniqueId());
    if (suiteNode != null) {
      properties.putAll(suiteNode.properties);
    }
    List<Case> cases = new ArrayList<>();
    for (TestIdentifier test : tests) {
      // a case a test registered while running (a firmware's reported result) is named on its
      // own, its class being the test that ran it: classname "plan.test"
      Optional<TestIdentifier> parentTest = parent(test).filter(TestIdentifier::isTest);
      String caseName =
          parentTest.isPresent() ? test.getDisplayName() : relativeName(container, test);
      String className = parentTest.map(p -> name + "." + relativeName(container, p)).orElse(name);
      Node n = nodes.get(test.getUniqueId());
      if (n != null) {
        // a test repeating what its suite already says (the profile, say) adds nothing
        String owner = relativeName(container, test);
        n.properties.forEach(
            (k, v) -> {
              if (!v.equals(properties.get(k))) {
                properties.put(owner + SEPARATOR + k, v);
              }
            });
      }
      cases.add(
          new Case(
              caseName,
              className,
              outcome(test),
              time(test),
              n == null ? "" : n.out.toString(),
              n == null ? "" : n.err.toString(),
              Optional.of(test)));
    }
    if (suiteNode != null
        && suiteNode.result != null
        && suiteNode.result.getStatus() == TestExecutionResult.Status.FAILED
        && (container == root ? testsUnder(root) : tests).stream().allMatch(this::hasOwnResult)) {
      cases.add(
          new Case(
              container == root ? ENGINE_CASE : CONTAINER_CASE,
              name,
              fromResult(suiteNode.result, ""),
              time(container),
              "",
              "",
              Optional.empty()));
    }
    Instant timestamp = suiteNode != null && suiteNode.start != null ? suiteNode.start : runStart;
    Duration time =
        suiteNode != null && suiteNode.start != null
            ? time(container)
            : cases.stream().map(Case::time).reduce(Duration.ZERO, Duration::plus);
    return new Suite(
        name,
        timestamp,
        time,
        properties,
        cases,
        suiteNode == null ? "" : suiteNode.out.toString(),
        suiteNode == null ? "" : suiteNode.err.toString());
  }

  private String relativeName(TestIdentifier container, TestIdentifier test) {
    List<String> names = new ArrayList<>();
    for (Optional<TestIdentifier> at = Optional.of(test);
        at.isPresent() && !at.get().equals(container);
        at = parent(at.get())) {
      names.add(0, at.get().getDisplayName());
    }
    return String.join(SEPARATOR, names);
  }
}
