package io.hilt.probe.drivers.gdb;

import java.nio.charset.StandardCharsets;

/** Packet text for messages: printable, bounded. */
final class RspText {
  static final int PREVIEW = 80;

  private RspText() {}

  /** The first {@link #PREVIEW} bytes, non-printable ones as {@code \xNN}. */
  static String preview(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    int n = Math.min(bytes.length, PREVIEW);
    for (int i = 0; i < n; i++) {
      int b = bytes[i] & 0xFF;
      if (b >= 0x20 && b < 0x7F) {
        out.append((char) b);
      } else {
        out.append(String.format("\\x%02x", b));
      }
    }
    if (bytes.length > n) {
      out.append("... (").append(bytes.length).append(" bytes)");
    }
    return out.toString();
  }

  static String preview(String text) {
    return preview(text.getBytes(StandardCharsets.ISO_8859_1));
  }
}
