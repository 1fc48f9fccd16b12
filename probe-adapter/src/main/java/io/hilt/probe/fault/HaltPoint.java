package io.hilt.probe.fault;

/** Where in the exception the core was halted when it was analysed. */
public enum HaltPoint {
  /**
   * At the first instruction of the handler (vector catch, or a breakpoint there): LR holds
   * EXC_RETURN and the frame is exactly at the stack pointer EXC_RETURN names.
   */
  HANDLER_ENTRY,
  /**
   * Later inside the handler (a spinning default handler, a BKPT or semihosting call in the
   * handler): the handler may have pushed registers and reused LR, so EXC_RETURN and the frame are
   * located as documented on {@link FaultAnalyzer}.
   */
  IN_HANDLER,
  /** The core is locked up (a fault while handling a HardFault or NMI; PC reads 0xEFFFFFFE). */
  LOCKUP
}
