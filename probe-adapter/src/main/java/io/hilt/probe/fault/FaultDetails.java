package io.hilt.probe.fault;

import java.util.Map;
import java.util.Optional;

/**
 * The architecture-specific part of a {@link FaultReport}: Cortex-M ({@link CortexMFaultDetails})
 * or RISC-V ({@link RiscvFaultDetails}: mcause, mtval, mepc, PMP).
 */
public sealed interface FaultDetails permits CortexMFaultDetails, RiscvFaultDetails {
  /** A sentence on how the faulting code ran, for example which stack it used. */
  Optional<String> contextSentence();

  /** False when the hardware has no registers recording the cause (ARMv6-M). */
  boolean statusRecorded();

  /** Label and value lines for {@link FaultReport#text()}, in order. */
  Map<String, String> textLines();

  /** Entries added to {@link FaultReport#fields()}. */
  Map<String, Object> fields();

  /**
   * What went wrong, when the architecture says it better than the cause flags' phrases (RISC-V:
   * the access, its address and the PMP entry that denied it). Empty: the report joins the phrases
   * of its cause flags.
   */
  default Optional<String> causeText() {
    return Optional.empty();
  }
}
