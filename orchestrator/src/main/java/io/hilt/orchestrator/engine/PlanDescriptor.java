package io.hilt.orchestrator.engine;

import io.hilt.orchestrator.config.FirmwarePaths;
import io.hilt.orchestrator.config.TestPlan;
import io.hilt.orchestrator.report.ReportKeys;
import io.hilt.probe.target.Arch;
import java.util.stream.Collectors;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

/** A plan file: a container of tests, skipped when the profile's core is not one it requires. */
final class PlanDescriptor extends AbstractTestDescriptor implements Node<HiltExecutionContext> {
  static final String SEGMENT = "plan";

  private final TestPlan plan;
  private final BoardChoice board;

  PlanDescriptor(UniqueId uniqueId, TestPlan plan, BoardChoice board) {
    super(uniqueId, plan.name(), Sources.of(plan.location()));
    this.plan = plan;
    this.board = board;
  }

  TestPlan plan() {
    return plan;
  }

  @Override
  public Type getType() {
    return Type.CONTAINER;
  }

  @Override
  public SkipResult shouldBeSkipped(HiltExecutionContext context) {
    if (board instanceof BoardChoice.Found found) {
      Arch arch = found.profile().arch();
      if (!plan.appliesTo(arch)) {
        return SkipResult.skip(
            "plan requires "
                + plan.requiredArchs().stream()
                    .map(Archs::name)
                    .sorted()
                    .collect(Collectors.joining(" or "))
                + ", profile "
                + found.name()
                + " is "
                + Archs.name(arch));
      }
    }
    return SkipResult.doNotSkip();
  }

  @Override
  public HiltExecutionContext before(HiltExecutionContext context) {
    if (board instanceof BoardChoice.Failed failed) {
      throw failed.problem();
    }
    // suite-level properties; tests publish theirs too, and the report drops equal duplicates
    publish(context, "profile", board.name());
    plan.firmware()
        .map(
            f ->
                board instanceof BoardChoice.Found found
                    ? FirmwarePaths.forArch(f, found.profile().arch())
                    : f)
        .ifPresent(
            firmware -> {
              publish(context, "firmware", firmware.toString());
              Hashes.sha256(firmware).ifPresent(hash -> publish(context, "firmware.sha256", hash));
            });
    return context;
  }

  private void publish(HiltExecutionContext context, String name, String value) {
    context
        .listener()
        .reportingEntryPublished(this, ReportEntry.from(ReportKeys.PROPERTY_PREFIX + name, value));
  }
}
