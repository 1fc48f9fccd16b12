package io.hilt.probe.fault;

import java.util.Map;
import java.util.Optional;

/**
 * The architecture-specific part of a {@link FaultReport}: Cortex-M now, RISC-V (mcause, mtval,
 * mepc) later.
 */
public sealed interface FaultDetails permits CortexMFaultDetails {
  /** A sentence on how the faulting code ran, for example which stack it used. */
  Optional<String> contextSentence();

  /** False when the hardware has no registers recording the cause (ARMv6-M). */
  boolean statusRecorded();

  /** Label and value lines for {@link FaultReport#text()}, in order. */
  Map<String, String> textLines();

  /** Entries added to {@link FaultReport#fields()}. */
  Map<String, Object> fields();
}
