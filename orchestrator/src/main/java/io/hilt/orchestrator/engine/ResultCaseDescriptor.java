package io.hilt.orchestrator.engine;

import io.hilt.orchestrator.report.ReportKeys;
import io.hilt.orchestrator.results.ResultCase;
import io.hilt.orchestrator.results.UnreportedResultException;
import java.util.Optional;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;
import org.opentest4j.AssertionFailedError;

/**
 * One case the firmware reported (or failed to report) in its test-result protocol, registered at
 * run time under the plan's test that ran it: passed, failed (an {@link AssertionFailedError} with
 * the framework's message), skipped, or an error ({@link UnreportedResultException}).
 */
final class ResultCaseDescriptor extends AbstractTestDescriptor
    implements Node<HiltExecutionContext> {
  static final String SEGMENT = "result";

  private final ResultCase result;

  ResultCaseDescriptor(
      UniqueId uniqueId, String displayName, ResultCase result, Optional<TestSource> source) {
    super(uniqueId, displayName, source.orElse(null));
    this.result = result;
  }

  @Override
  public Type getType() {
    return Type.TEST;
  }

  @Override
  public SkipResult shouldBeSkipped(HiltExecutionContext context) {
    return result.status() == ResultCase.Status.SKIPPED
        ? SkipResult.skip(result.message().isEmpty() ? "skipped" : result.message())
        : SkipResult.doNotSkip();
  }

  @Override
  public HiltExecutionContext execute(
      HiltExecutionContext context, DynamicTestExecutor dynamicTestExecutor) {
    String out = String.join("\n", result.output());
    if (!out.isBlank()) {
      context
          .listener()
          .reportingEntryPublished(this, ReportEntry.from(ReportKeys.SYSTEM_OUT, out + "\n"));
    }
    switch (result.status()) {
      case PASSED, SKIPPED -> {}
      case FAILED -> throw new AssertionFailedError(result.message());
      case ERROR -> throw new UnreportedResultException(result.message());
    }
    return context;
  }
}
