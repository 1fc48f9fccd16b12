package io.hilt.probe.fault;

/** The two Cortex-M stack pointers. */
public enum StackPointer {
  /** Main stack: handlers, and thread mode unless CONTROL.SPSEL is set. */
  MSP,
  /** Process stack: thread mode under an RTOS (CONTROL.SPSEL = 1). */
  PSP
}
