package io.hilt.probe.fault;

import io.hilt.probe.target.Arch;
import java.util.Optional;

/**
 * An EXC_RETURN value: what LR holds in an exception handler, telling the hardware how to return.
 *
 * <ul>
 *   <li>bit 2 (SPSEL): the interrupted code's stack, 1 = PSP;
 *   <li>bit 3 (Mode): 1 = the interrupted code ran in thread mode;
 *   <li>bit 4 (FType): 0 = the frame is extended with s0-s15 and FPSCR (cores with an FPU);
 *   <li>ARMv8-M also: bit 0 (ES) the exception was taken to Secure state, bit 5 (DCRS) 0 = the
 *       callee registers were stacked too (additional state context), bit 6 (S) the frame is on a
 *       Secure stack.
 * </ul>
 *
 * Valid values: ARMv6-M {@code 0xFFFFFFF1/F9/FD}; ARMv7-M the same plus {@code E1/E9/ED} with an
 * FPU (Cortex-M4); ARMv8-M {@code 0xFF} in bits 31:24, ones in bits 23:7 and bit 1 clear.
 *
 * @param value the 32-bit EXC_RETURN
 * @param arch the core it came from
 */
public record ExcReturn(long value, Arch arch) {
  /** Size in bytes of the additional state context ARMv8-M stacks below the frame. */
  public static final int ADDITIONAL_STATE_CONTEXT_BYTES = 0x28;

  public ExcReturn {
    if (!isValid(value, arch)) {
      throw new IllegalArgumentException(
          Hex.word(value) + " is not an EXC_RETURN value on " + arch);
    }
  }

  /** The value as an EXC_RETURN of this architecture, if it is one. */
  public static Optional<ExcReturn> decode(long value, Arch arch) {
    return isValid(value, arch) ? Optional.of(new ExcReturn(value, arch)) : Optional.empty();
  }

  /** Whether {@code value} is an EXC_RETURN this architecture can produce. */
  public static boolean isValid(long value, Arch arch) {
    int low = (int) (value & 0xf);
    boolean classic = low == 0x1 || low == 0x9 || low == 0xd;
    return switch (arch) {
      case CORTEX_M0PLUS, CORTEX_M3 -> (value & 0xffff_fff0L) == 0xffff_fff0L && classic;
      case CORTEX_M4 -> (value & 0xffff_ffe0L) == 0xffff_ffe0L && classic;
      case CORTEX_M33 ->
          (value & 0xff00_0000L) == 0xff00_0000L
              && (value & 0x00ff_ff80L) == 0x00ff_ff80L
              && (value & 0x2) == 0
              && value <= 0xffff_ffffL;
      case RISCV32IMAC -> false;
    };
  }

  /** The stack the interrupted code used, where its frame is. */
  public StackPointer stack() {
    return (value & 0x4) != 0 ? StackPointer.PSP : StackPointer.MSP;
  }

  /** True when the interrupted code ran in thread mode, false for handler mode. */
  public boolean threadMode() {
    return (value & 0x8) != 0;
  }

  /** True when the frame carries s0-s15 and FPSCR (FType = 0). */
  public boolean extendedFrame() {
    return (value & 0x10) == 0;
  }

  /**
   * ARMv8-M: the frame starts {@link #ADDITIONAL_STATE_CONTEXT_BYTES} above SP because the callee
   * registers were stacked too (a Secure exception, ES = 1, with DCRS = 0).
   */
  public boolean additionalStateContext() {
    return arch == Arch.CORTEX_M33 && (value & 0x1) != 0 && (value & 0x20) == 0;
  }

  /** ARMv8-M: the frame is on a Secure stack (S = 1); false elsewhere. */
  public boolean secureStack() {
    return arch == Arch.CORTEX_M33 && (value & 0x40) != 0;
  }

  /** For example {@code thread mode, PSP, basic frame}. */
  public String describe() {
    return (threadMode() ? "thread mode" : "handler mode")
        + ", "
        + stack()
        + ", "
        + (extendedFrame() ? "extended (FP) frame" : "basic frame")
        + (secureStack() ? ", Secure stack" : "");
  }

  @Override
  public String toString() {
    return "EXC_RETURN " + Hex.word(value) + " (" + describe() + ")";
  }
}
