package io.hilt.probe.fault;

/** Hex spelling used in reports. */
final class Hex {
  private Hex() {}

  /** {@code 0x} and eight digits. */
  static String word(long value) {
    return String.format("0x%08x", value & 0xffff_ffffL);
  }

  /** {@code 0x} and as many digits as needed. */
  static String of(long value) {
    return "0x" + Long.toHexString(value);
  }
}
