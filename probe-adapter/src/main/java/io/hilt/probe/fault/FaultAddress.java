package io.hilt.probe.fault;

import java.util.Objects;

/**
 * A fault address the hardware marked valid.
 *
 * @param address the address that faulted
 * @param register where it was read ({@code MMFAR}, {@code BFAR}; {@code mtval} on RISC-V)
 */
public record FaultAddress(long address, String register) {
  public FaultAddress {
    Objects.requireNonNull(register, "register");
    if (address < 0 || address > 0xffff_ffffL) {
      throw new IllegalArgumentException("fault address is not 32-bit: " + address);
    }
  }

  @Override
  public String toString() {
    return Hex.word(address) + " (" + register + ")";
  }
}
