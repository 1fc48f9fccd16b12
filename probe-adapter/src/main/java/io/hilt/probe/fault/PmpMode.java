package io.hilt.probe.fault;

/** The address-matching mode of a RISC-V PMP entry: {@code pmpcfg.A}, bits 4:3 of its byte. */
public enum PmpMode {
  /** The entry is disabled and matches no address. */
  OFF,
  /** Top of range: {@code [pmpaddr[i-1] << 2, pmpaddr[i] << 2)}, from 0 for entry 0. */
  TOR,
  /** Naturally aligned four-byte region at {@code pmpaddr << 2}. */
  NA4,
  /**
   * Naturally aligned power-of-two region of at least eight bytes: the trailing ones of {@code
   * pmpaddr} give its size.
   */
  NAPOT;

  static PmpMode ofConfig(int cfg) {
    return values()[(cfg >>> 3) & 3];
  }
}
