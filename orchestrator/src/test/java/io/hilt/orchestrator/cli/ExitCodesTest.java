package io.hilt.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.orchestrator.config.ConfigException;
import io.hilt.orchestrator.config.SourceLocation;
import io.hilt.orchestrator.results.UnreportedResultException;
import io.hilt.probe.elf.ElfException;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.launcher.TestIdentifier;
import org.opentest4j.AssertionFailedError;

class ExitCodesTest {
  @Test
  void badInputIsTwoAndTroubleIsThree() {
    assertThat(ExitCodes.of(new ConfigException(SourceLocation.of(Path.of("p.yaml")), "bad")))
        .isEqualTo(2);
    assertThat(ExitCodes.of(new ElfException("not an ELF"))).isEqualTo(2);
    assertThat(ExitCodes.of(new UsageException("unknown profile"))).isEqualTo(2);
    assertThat(ExitCodes.of(new TargetException("probe gone"))).isEqualTo(3);
    assertThat(ExitCodes.of(new IllegalStateException("bug"))).isEqualTo(3);
  }

  @Test
  void aFailedTestWinsOverInfrastructureErrors() {
    RunTally tally = new RunTally();
    tally.executionFinished(test("a"), TestExecutionResult.failed(new TargetException("gone")));
    assertThat(ExitCodes.of(tally)).isEqualTo(3);

    tally.executionFinished(test("b"), TestExecutionResult.failed(new AssertionFailedError("x")));
    assertThat(ExitCodes.of(tally)).isEqualTo(1);
  }

  @Test
  void aTestTheFirmwareNeverReportedCountsAsAFailure() {
    RunTally tally = new RunTally();
    tally.executionFinished(
        test("a"), TestExecutionResult.failed(new UnreportedResultException("never reported")));
    assertThat(tally.failures()).isEqualTo(1);
    assertThat(ExitCodes.of(tally)).isEqualTo(1);
  }

  @Test
  void allPassedOrSkippedIsZero() {
    RunTally tally = new RunTally();
    tally.executionFinished(test("a"), TestExecutionResult.successful());
    tally.executionSkipped(test("b"), "wrong arch");
    assertThat(ExitCodes.of(tally)).isZero();
    assertThat(tally.passed()).isEqualTo(1);
    assertThat(tally.skipped()).isEqualTo(1);
  }

  @Test
  void execPassesTheFirmwareExitCodeAndNamesTimeoutsAndFaults() {
    assertThat(ExitCodes.ofExec(new StopReason.Exited(0))).isZero();
    assertThat(ExitCodes.ofExec(new StopReason.Exited(42))).isEqualTo(42);
    assertThat(ExitCodes.ofExec(new StopReason.Exited(256))).isEqualTo(1);
    assertThat(ExitCodes.ofExec(new StopReason.Exited(-1))).isEqualTo(1);
    assertThat(ExitCodes.ofExec(new StopReason.TimedOut())).isEqualTo(124);
    assertThat(ExitCodes.ofExec(new StopReason.LimitReached(1000))).isEqualTo(124);
    assertThat(ExitCodes.ofExec(new StopReason.Fault("HardFault", 0x1a4, ""))).isEqualTo(125);
    assertThat(ExitCodes.ofExec(new StopReason.Lockup(0x1a4, "fault in HardFault"))).isEqualTo(125);
  }

  private static TestIdentifier test(String name) {
    UniqueId id = UniqueId.forEngine("hilt").append("test", name);
    return TestIdentifier.from(
        new AbstractTestDescriptor(id, name) {
          @Override
          public Type getType() {
            return Type.TEST;
          }
        });
  }
}
