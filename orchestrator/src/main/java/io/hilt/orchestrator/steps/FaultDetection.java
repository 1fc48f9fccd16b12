package io.hilt.orchestrator.steps;

/** How hilt noticed a fault; docs/faults.md explains each. */
public enum FaultDetection {
  /** The target stopped on entry to a fault handler ({@code StopReason.Fault}). */
  VECTOR_CATCH("vector-catch", "the target stopped on entry to the fault handler (vector catch)"),
  /** The firmware's fault handler ran into a breakpoint (BKPT). */
  BREAKPOINT_IN_HANDLER("breakpoint", "the fault handler hit a breakpoint"),
  /** The core locked up ({@code StopReason.Lockup}). */
  LOCKUP("lockup", "the core locked up"),
  /** A wait ran out and the halted core was in a fault handler (a handler that spins). */
  HANDLER_AT_TIMEOUT(
      "timeout", "the core was in a fault handler when the step's timeout ran out (halted there)"),
  /** The core stopped for another reason (instruction budget, halt) inside a fault handler. */
  STOPPED_IN_HANDLER("stopped-in-handler", "the core stopped inside a fault handler"),
  /** The firmware exited (semihosting) from inside its fault handler. */
  EXITED_FROM_HANDLER("exit-from-handler", "the firmware exited from inside its fault handler");

  private final String id;
  private final String description;

  FaultDetection(String id, String description) {
    this.id = id;
    this.description = description;
  }

  /** Short name, for the {@code fault.detected-by} property. */
  public String id() {
    return id;
  }

  public String description() {
    return description;
  }
}
