package io.hilt.sim.thumb;

/**
 * The exception machinery a Thumb core hands events to (the M-profile NVIC/SCB, or a test double).
 * Each call runs inside the instruction that caused it, and may redirect the core (exception entry
 * sets the next PC) or stop it.
 */
public interface ExceptionModel {
  /** A synchronous fault; the faulting instruction has not changed any register. */
  void trap(Trap trap);

  /** SVC #imm was executed; the core's next PC is the return address. */
  void supervisorCall(int imm);

  /** BKPT #imm was executed at the core's PC. */
  void breakpoint(int imm);

  /** A BX or POP loaded an EXC_RETURN value in Handler mode. */
  void exceptionReturn(int excReturn);

  /** The core saw its event flag: take a pending exception, stop, or nothing. */
  void serviceEvents();

  /** WFI or WFE: the core may sleep until an interrupt. */
  void waitForInterrupt(boolean forEvent);

  /** SEV. */
  void sendEvent();

  /**
   * ExecutionPriority() of the ARM ARM: the lowest of the active exceptions' priorities and the
   * PRIMASK, BASEPRI and FAULTMASK boosts ({@code -2} NMI, {@code -1} HardFault or FAULTMASK, 256
   * when nothing is active or masked). ARMv7-M asks it before MSR FAULTMASK or CPSID f sets
   * FAULTMASK, which only takes effect above -1.
   */
  default int executionPriority() {
    return 256;
  }
}
