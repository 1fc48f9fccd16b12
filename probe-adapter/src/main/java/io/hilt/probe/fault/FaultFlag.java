package io.hilt.probe.fault;

/**
 * One named status bit that says what went wrong: its register, bit and a one-line meaning.
 * Cortex-M flags are {@link CortexMFaultFlag}, RISC-V ones {@link RiscvFaultFlag}.
 */
public sealed interface FaultFlag permits CortexMFaultFlag, RiscvFaultFlag {
  /** The flag's name as the architecture manual spells it, for example {@code DACCVIOL}. */
  String name();

  /** The register (or sub-register) holding it, for example {@code MMFSR}. */
  String register();

  /**
   * Bit position within the 32-bit word read at the register's address; -1 for a RISC-V flag
   * derived from a field's value rather than being one bit.
   */
  int bit();

  /** What it means, in one line. */
  String meaning();

  /** Whether it names a cause (rather than marking an address valid, an escalation...). */
  boolean isCause();

  /** The meaning as part of an explanation, with the fault address when it belongs to this flag. */
  String phrase(java.util.Optional<FaultAddress> address);
}
