package io.hilt.orchestrator.steps;

import io.hilt.probe.target.StopReason;
import java.util.OptionalInt;

/** How steps and commands read a {@link StopReason}: the one place that knows its variants. */
public final class StopReasons {
  private StopReasons() {}

  /** The wait ended without the core stopping. */
  public static boolean stillRunning(StopReason reason) {
    return reason instanceof StopReason.TimedOut;
  }

  /** The firmware cannot go on without a reset (it exited, faulted, locked up, ran out). */
  public static boolean isFinal(StopReason reason) {
    return reason instanceof StopReason.Exited
        || reason instanceof StopReason.Fault
        || reason instanceof StopReason.Lockup
        || reason instanceof StopReason.LimitReached;
  }

  public static OptionalInt exitCode(StopReason reason) {
    return reason instanceof StopReason.Exited exited
        ? OptionalInt.of(exited.code())
        : OptionalInt.empty();
  }

  /**
   * A short name of the kind of stop, for structured output: {@code exited}, {@code fault}, {@code
   * lockup}, {@code breakpoint}, {@code halted}, {@code limit} or {@code timeout}.
   */
  public static String kind(StopReason reason) {
    if (reason instanceof StopReason.Exited) {
      return "exited";
    }
    if (reason instanceof StopReason.Fault) {
      return "fault";
    }
    if (reason instanceof StopReason.Lockup) {
      return "lockup";
    }
    if (reason instanceof StopReason.Breakpoint) {
      return "breakpoint";
    }
    if (reason instanceof StopReason.Halted) {
      return "halted";
    }
    if (reason instanceof StopReason.LimitReached) {
      return "limit";
    }
    return "timeout";
  }

  /** For messages: "firmware exited with 1", "HardFault at 0x000001a4 (...)"... */
  public static String describe(StopReason reason) {
    if (reason instanceof StopReason.Exited exited) {
      return "firmware exited with " + exited.code();
    }
    if (reason instanceof StopReason.Fault fault) {
      return fault.exception()
          + " at "
          + StackRegion.hex(fault.pc())
          + (fault.detail().isBlank() ? "" : " (" + fault.detail() + ")");
    }
    if (reason instanceof StopReason.Lockup lockup) {
      return "core locked up at "
          + StackRegion.hex(lockup.pc())
          + (lockup.detail().isBlank() ? "" : " (" + lockup.detail() + ")");
    }
    if (reason instanceof StopReason.LimitReached limit) {
      return "instruction limit reached after " + limit.instructions() + " instructions";
    }
    if (reason instanceof StopReason.Breakpoint breakpoint) {
      return "core stopped at a breakpoint at " + StackRegion.hex(breakpoint.address());
    }
    if (reason instanceof StopReason.Halted halted) {
      return "core halted at " + StackRegion.hex(halted.pc());
    }
    return "core still running";
  }
}
