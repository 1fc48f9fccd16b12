package io.hilt.orchestrator.steps;

import io.hilt.probe.fault.FaultReport;
import java.util.Objects;
import java.util.Optional;

/**
 * A fault hilt noticed: how, and the decoded report (empty when the core's state could not be
 * analysed; {@code analysisProblem} then says why).
 *
 * @param summary one line: the stop reason or the report's headline
 */
public record DetectedFault(
    FaultDetection how,
    String summary,
    Optional<FaultReport> report,
    Optional<String> analysisProblem) {
  public DetectedFault {
    Objects.requireNonNull(how, "how");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(analysisProblem, "analysisProblem");
    if (report.isPresent() == analysisProblem.isPresent()) {
      throw new IllegalArgumentException("a detected fault has a report or a reason why not");
    }
  }

  /** The report's text, or the summary and why there is no report; ends with a newline. */
  public String text() {
    return report
        .map(FaultReport::text)
        .orElseGet(() -> summary + "\n  no fault report: " + analysisProblem.orElseThrow() + "\n");
  }

  /** The exception, for messages: {@code HardFault}, or the summary when not analysed. */
  public String headline() {
    return report.map(FaultReport::headline).orElse(summary);
  }

  /**
   * Whether this is {@code earlier} seen again: the same exception, noticed by a stop that does not
   * itself mean a new fault entry (a vector catch or a lockup always does), at the same faulting PC
   * when both analyses found it. Later in a handler (deep in its exit path, say) the frame may not
   * be found any more; the same exception is then taken as the same fault.
   */
  boolean sameFaultAs(DetectedFault earlier) {
    if (how == FaultDetection.VECTOR_CATCH || how == FaultDetection.LOCKUP) {
      return false;
    }
    if (report.isEmpty() || earlier.report.isEmpty()) {
      return false;
    }
    FaultReport now = report.get();
    FaultReport before = earlier.report.get();
    if (now.exceptionNumber() != before.exceptionNumber()) {
      return false;
    }
    return now.pc().isEmpty()
        || before.pc().isEmpty()
        || now.pc().get().address() == before.pc().get().address();
  }
}
