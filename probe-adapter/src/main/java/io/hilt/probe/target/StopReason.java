package io.hilt.probe.target;

import java.util.Objects;

/** Why a target is not running (or, for {@link TimedOut}, why a wait gave up). */
public sealed interface StopReason {
  /** Stopped on request (halt, or a reset with {@link ResetMode#HALT}). */
  record Halted(long pc) implements StopReason {}

  /** A breakpoint (hardware comparator or a BKPT instruction) at {@code address}. */
  record Breakpoint(long address) implements StopReason {}

  /** The firmware ended itself (semihosting exit) with this code. */
  record Exited(int code) implements StopReason {}

  /**
   * A fault exception was entered while the target catches it (vector catch).
   *
   * @param exception the exception name, for example {@code HardFault}
   * @param pc the address of the instruction that faulted
   * @param detail what went wrong, for example the bad address
   */
  record Fault(String exception, long pc, String detail) implements StopReason {
    public Fault {
      Objects.requireNonNull(exception, "exception");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** The core locked up (a fault during fault handling, an unusable vector). */
  record Lockup(long pc, String detail) implements StopReason {
    public Lockup {
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** The instruction budget of the target ran out. */
  record LimitReached(long instructions) implements StopReason {}

  /** A wait ended before the target stopped; the target is still running. */
  record TimedOut() implements StopReason {}
}
