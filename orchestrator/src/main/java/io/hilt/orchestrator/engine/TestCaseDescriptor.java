package io.hilt.orchestrator.engine;

import io.hilt.orchestrator.config.DeviceProfile;
import io.hilt.orchestrator.config.TestCase;
import io.hilt.orchestrator.config.TestPlan;
import io.hilt.orchestrator.report.ReportKeys;
import io.hilt.orchestrator.results.ResultCase;
import io.hilt.orchestrator.steps.TestInvocation;
import io.hilt.orchestrator.steps.TestOutcome;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.hierarchical.ExclusiveResource;
import org.junit.platform.engine.support.hierarchical.Node;

/**
 * One test of a plan. It holds its board exclusively while it runs, so tests executed in parallel
 * never share a {@code DebugTarget}.
 */
final class TestCaseDescriptor extends AbstractTestDescriptor
    implements Node<HiltExecutionContext> {
  static final String SEGMENT = "test";

  private final TestPlan plan;
  private final TestCase test;
  private final BoardChoice board;

  TestCaseDescriptor(UniqueId uniqueId, TestPlan plan, TestCase test, BoardChoice board) {
    super(uniqueId, test.name(), Sources.of(test.location()));
    this.plan = plan;
    this.test = test;
    this.board = board;
  }

  @Override
  public Type getType() {
    return Type.TEST;
  }

  /** A test with a {@code results:} protocol registers the cases its firmware reports. */
  @Override
  public boolean mayRegisterTests() {
    return plan.resultsOf(test).isPresent();
  }

  @Override
  public Set<ExclusiveResource> getExclusiveResources() {
    return Set.of(
        new ExclusiveResource("hilt.board." + board.name(), ExclusiveResource.LockMode.READ_WRITE));
  }

  @Override
  public HiltExecutionContext execute(
      HiltExecutionContext context, DynamicTestExecutor dynamicTestExecutor) throws Exception {
    if (board instanceof BoardChoice.Failed failed) {
      throw failed.problem();
    }
    DeviceProfile profile = ((BoardChoice.Found) board).profile();
    TestOutcome outcome =
        context
            .runner()
            .run(
                new TestInvocation(profile, plan, test),
                context.cancellation()::isCancellationRequested);
    publish(context, outcome);
    register(outcome, dynamicTestExecutor);
    if (outcome.problem().isPresent()) {
      Throwable problem = outcome.problem().get();
      if (problem instanceof Exception exception) {
        throw exception;
      }
      if (problem instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(problem);
    }
    return context;
  }

  /** Each reported case becomes a test under this one, run (reported) at once. */
  private void register(TestOutcome outcome, DynamicTestExecutor executor)
      throws InterruptedException {
    Set<String> names = new HashSet<>();
    for (ResultCase result : outcome.results()) {
      String name = result.name();
      for (int n = 2; !names.add(name); n++) {
        name = result.name() + " (" + n + ")";
      }
      ResultCaseDescriptor child =
          new ResultCaseDescriptor(
              getUniqueId().append(ResultCaseDescriptor.SEGMENT, name), name, result, getSource());
      addChild(child);
      executor.execute(child);
    }
    executor.awaitFinished();
  }

  private void publish(HiltExecutionContext context, TestOutcome outcome) {
    for (Map.Entry<String, String> property : outcome.properties().entrySet()) {
      entry(context, ReportKeys.PROPERTY_PREFIX + property.getKey(), property.getValue());
    }
    entry(context, ReportKeys.SYSTEM_OUT, outcome.systemOut());
    entry(context, ReportKeys.SYSTEM_ERR, outcome.systemErr());
  }

  private void entry(HiltExecutionContext context, String key, String value) {
    // ReportEntry rejects blank values; empty output is simply not published
    if (!value.isBlank()) {
      context.listener().reportingEntryPublished(this, ReportEntry.from(key, value));
    }
  }
}
