package io.hilt.probe.fault;

import java.util.List;
import java.util.Optional;

/**
 * A decoded RV32 {@code mcause}: interrupt or exception, its code, its name, and what {@code mtval}
 * holds for it (privileged spec, "Machine Cause Register" and "Machine Trap Value Register").
 *
 * <p>Names are the spec's descriptions in one word each: {@code InstructionAddressMisaligned},
 * {@code InstructionAccessFault}, {@code IllegalInstruction}, {@code Breakpoint}, {@code
 * LoadAddressMisaligned}, {@code LoadAccessFault}, {@code StoreAddressMisaligned} (store or AMO),
 * {@code StoreAccessFault} (store or AMO), {@code EnvironmentCallFromUMode}, {@code
 * EnvironmentCallFromSMode}, {@code EnvironmentCallFromMMode}, {@code InstructionPageFault}, {@code
 * LoadPageFault}, {@code StorePageFault}, {@code SoftwareCheck}, {@code HardwareError}; interrupts
 * {@code SupervisorSoftwareInterrupt}, {@code MachineSoftwareInterrupt}, {@code
 * SupervisorTimerInterrupt}, {@code MachineTimerInterrupt}, {@code SupervisorExternalInterrupt},
 * {@code MachineExternalInterrupt}, {@code Interrupt 16} and up (platform); reserved and custom
 * codes are {@code Exception N} and {@code Interrupt N}.
 *
 * @param mcause the 32-bit register value
 */
public record RiscvTrapCause(long mcause) {
  /** What a trap's {@code mtval} holds. */
  public enum TrapValue {
    /** The faulting address (misaligned, access and page faults). */
    ADDRESS,
    /** The illegal instruction's bits, or 0 when the hart does not provide them. */
    INSTRUCTION,
    /** The address of the EBREAK, or 0. */
    BREAKPOINT_ADDRESS,
    /** Nothing: mtval is 0 (environment calls, interrupts) or implementation-defined. */
    NONE
  }

  /** The kind of memory access that trapped. */
  public enum Access {
    FETCH,
    LOAD,
    /** A store or an AMO (the spec reports both as store/AMO). */
    STORE
  }

  private static final String[] EXCEPTIONS = {
    "InstructionAddressMisaligned",
    "InstructionAccessFault",
    "IllegalInstruction",
    "Breakpoint",
    "LoadAddressMisaligned",
    "LoadAccessFault",
    "StoreAddressMisaligned",
    "StoreAccessFault",
    "EnvironmentCallFromUMode",
    "EnvironmentCallFromSMode",
    "",
    "EnvironmentCallFromMMode",
    "InstructionPageFault",
    "LoadPageFault",
    "",
    "StorePageFault",
    "",
    "",
    "SoftwareCheck",
    "HardwareError",
  };

  /** The synchronous exception names the privileged spec defines, in cause order. */
  public static List<String> exceptionNames() {
    return java.util.Arrays.stream(EXCEPTIONS).filter(n -> !n.isEmpty()).toList();
  }

  public RiscvTrapCause {
    if (mcause < 0 || mcause > 0xffff_ffffL) {
      throw new IllegalArgumentException("mcause is not a 32-bit value: " + mcause);
    }
  }

  /** mcause bit 31. */
  public boolean interrupt() {
    return (mcause & 0x8000_0000L) != 0;
  }

  /** The exception or interrupt code (bits 30:0). */
  public int code() {
    return (int) (mcause & 0x7fff_ffffL);
  }

  public String name() {
    int code = code();
    if (interrupt()) {
      return switch (code) {
        case 1 -> "SupervisorSoftwareInterrupt";
        case 3 -> "MachineSoftwareInterrupt";
        case 5 -> "SupervisorTimerInterrupt";
        case 7 -> "MachineTimerInterrupt";
        case 9 -> "SupervisorExternalInterrupt";
        case 11 -> "MachineExternalInterrupt";
        default -> "Interrupt " + code;
      };
    }
    if (code < EXCEPTIONS.length && !EXCEPTIONS[code].isEmpty()) {
      return EXCEPTIONS[code];
    }
    return "Exception " + code;
  }

  /** The memory access that trapped, for misaligned, access and page faults. */
  public Optional<Access> access() {
    if (interrupt()) {
      return Optional.empty();
    }
    return switch (code()) {
      case 0, 1, 12 -> Optional.of(Access.FETCH);
      case 4, 5, 13 -> Optional.of(Access.LOAD);
      case 6, 7, 15 -> Optional.of(Access.STORE);
      default -> Optional.empty();
    };
  }

  public boolean misaligned() {
    return !interrupt() && (code() == 0 || code() == 4 || code() == 6);
  }

  public boolean accessFault() {
    return !interrupt() && (code() == 1 || code() == 5 || code() == 7);
  }

  public boolean pageFault() {
    return !interrupt() && (code() == 12 || code() == 13 || code() == 15);
  }

  public boolean environmentCall() {
    return !interrupt() && (code() == 8 || code() == 9 || code() == 11);
  }

  /**
   * Whether this is a fault: a synchronous exception other than an environment call or a breakpoint
   * (those are requests, not errors).
   */
  public boolean isFault() {
    return !interrupt() && !environmentCall() && code() != 3;
  }

  public TrapValue trapValue() {
    if (access().isPresent()) {
      return TrapValue.ADDRESS;
    }
    if (interrupt()) {
      return TrapValue.NONE;
    }
    return switch (code()) {
      case 2 -> TrapValue.INSTRUCTION;
      case 3 -> TrapValue.BREAKPOINT_ADDRESS;
      default -> TrapValue.NONE;
    };
  }

  @Override
  public String toString() {
    return Hex.word(mcause) + " (" + name() + ")";
  }
}
