package io.hilt.probe.drivers.gdb;

import java.util.HexFormat;
import java.util.OptionalLong;

/** Hex as the remote protocol writes it. */
final class Hex {
  private Hex() {}

  /** A big-endian hex number of at most 16 digits ({@code 1f}), or empty when it is not one. */
  static OptionalLong parse(String text) {
    if (text.isEmpty() || text.length() > 16) {
      return OptionalLong.empty();
    }
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      int d = Character.digit(text.charAt(i), 16);
      if (d < 0) {
        return OptionalLong.empty();
      }
      value = (value << 4) | d;
    }
    return OptionalLong.of(value);
  }

  /** Bytes in hex, as register values come ({@code d8000000} is 0xd8): up to 8 bytes. */
  static OptionalLong littleEndian(String hex) {
    if (hex.isEmpty() || hex.length() % 2 != 0 || hex.length() > 16) {
      return OptionalLong.empty();
    }
    long value = 0;
    for (int i = hex.length() - 2; i >= 0; i -= 2) {
      int hi = Character.digit(hex.charAt(i), 16);
      int lo = Character.digit(hex.charAt(i + 1), 16);
      if (hi < 0 || lo < 0) {
        return OptionalLong.empty();
      }
      value = (value << 8) | (hi << 4) | lo;
    }
    return OptionalLong.of(value);
  }

  static String littleEndian(long value, int bytes) {
    StringBuilder out = new StringBuilder(bytes * 2);
    for (int i = 0; i < bytes; i++) {
      out.append(String.format("%02x", (value >>> (8 * i)) & 0xFF));
    }
    return out.toString();
  }

  /** Decodes hex pairs; empty when odd or not hex. */
  static java.util.Optional<byte[]> bytes(String hex) {
    if (hex.length() % 2 != 0) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }
}
