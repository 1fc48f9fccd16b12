package io.hilt.orchestrator.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.fault.CodeLocation;
import io.hilt.probe.fault.CortexMFaultDetails;
import io.hilt.probe.fault.FaultReport;
import io.hilt.probe.fault.HaltPoint;
import io.hilt.probe.target.Arch;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DetectedFaultTest {
  private static FaultReport report(int exception, Optional<Long> pc) {
    return new FaultReport(
        Arch.CORTEX_M3,
        exception == 3 ? "HardFault" : "MemManage",
        exception,
        Optional.empty(),
        false,
        List.of(),
        Optional.empty(),
        pc.map(CodeLocation::unresolved),
        Optional.empty(),
        List.of(),
        new CortexMFaultDetails(
            HaltPoint.IN_HANDLER,
            exception,
            exception,
            Optional.empty(),
            Optional.empty(),
            false,
            Optional.empty()));
  }

  private static DetectedFault seen(FaultDetection how, int exception, Optional<Long> pc) {
    return new DetectedFault(how, "stop", Optional.of(report(exception, pc)), Optional.empty());
  }

  @Test
  void theSameExceptionAtTheSamePcSeenAtAnExitIsTheAcceptedFault() {
    DetectedFault accepted = seen(FaultDetection.VECTOR_CATCH, 4, Optional.of(0x100L));

    assertThat(
            seen(FaultDetection.EXITED_FROM_HANDLER, 4, Optional.of(0x100L)).sameFaultAs(accepted))
        .isTrue();
    assertThat(seen(FaultDetection.HANDLER_AT_TIMEOUT, 4, Optional.empty()).sameFaultAs(accepted))
        .isTrue();
  }

  @Test
  void anotherPcOrExceptionIsANewFault() {
    DetectedFault accepted = seen(FaultDetection.VECTOR_CATCH, 4, Optional.of(0x100L));

    assertThat(
            seen(FaultDetection.BREAKPOINT_IN_HANDLER, 4, Optional.of(0x104L))
                .sameFaultAs(accepted))
        .isFalse();
    assertThat(
            seen(FaultDetection.EXITED_FROM_HANDLER, 3, Optional.of(0x100L)).sameFaultAs(accepted))
        .isFalse();
  }

  @Test
  void aVectorCatchOrLockupIsAlwaysANewFault() {
    DetectedFault accepted = seen(FaultDetection.HANDLER_AT_TIMEOUT, 3, Optional.of(0x100L));

    assertThat(seen(FaultDetection.VECTOR_CATCH, 3, Optional.of(0x100L)).sameFaultAs(accepted))
        .isFalse();
    assertThat(seen(FaultDetection.LOCKUP, 3, Optional.of(0x100L)).sameFaultAs(accepted)).isFalse();
  }

  @Test
  void aFaultThatCouldNotBeDecodedSaysWhyAndIsNeverTheSame() {
    DetectedFault undecoded =
        new DetectedFault(
            FaultDetection.LOCKUP,
            "core locked up at 0x00000000",
            Optional.empty(),
            Optional.of("no exception is active: IPSR is 0"));

    assertThat(undecoded.text())
        .isEqualTo(
            "core locked up at 0x00000000\n  no fault report: no exception is active: IPSR is 0\n");
    assertThat(undecoded.headline()).isEqualTo("core locked up at 0x00000000");
    assertThat(seen(FaultDetection.EXITED_FROM_HANDLER, 3, Optional.empty()).sameFaultAs(undecoded))
        .isFalse();
  }

  @Test
  void aDetectedFaultHasEitherAReportOrTheReasonWhyNot() {
    assertThatThrownBy(
            () -> new DetectedFault(FaultDetection.LOCKUP, "x", Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new DetectedFault(
                    FaultDetection.LOCKUP,
                    "x",
                    Optional.of(report(3, Optional.empty())),
                    Optional.of("why")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
