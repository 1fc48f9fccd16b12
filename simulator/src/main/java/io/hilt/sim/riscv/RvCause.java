package io.hilt.sim.riscv;

import java.util.Arrays;
import java.util.Optional;

/** The synchronous exception causes of an M/U-mode RV32 hart (mcause values, interrupt bit 0). */
public enum RvCause {
  INSTRUCTION_ADDRESS_MISALIGNED(0, "InstructionAddressMisaligned"),
  INSTRUCTION_ACCESS_FAULT(1, "InstructionAccessFault"),
  ILLEGAL_INSTRUCTION(2, "IllegalInstruction"),
  BREAKPOINT(3, "Breakpoint"),
  LOAD_ADDRESS_MISALIGNED(4, "LoadAddressMisaligned"),
  LOAD_ACCESS_FAULT(5, "LoadAccessFault"),
  STORE_ADDRESS_MISALIGNED(6, "StoreAddressMisaligned"),
  STORE_ACCESS_FAULT(7, "StoreAccessFault"),
  ENVIRONMENT_CALL_FROM_U_MODE(8, "EnvironmentCallFromUMode"),
  ENVIRONMENT_CALL_FROM_M_MODE(11, "EnvironmentCallFromMMode");

  private final int code;
  private final String title;

  RvCause(int code, String title) {
    this.code = code;
    this.title = title;
  }

  /** The mcause value. */
  public int code() {
    return code;
  }

  /** The name a fault stop reports ({@code LoadAccessFault}). */
  public String title() {
    return title;
  }

  public static Optional<RvCause> of(int code) {
    return Arrays.stream(values()).filter(c -> c.code == code).findFirst();
  }
}
