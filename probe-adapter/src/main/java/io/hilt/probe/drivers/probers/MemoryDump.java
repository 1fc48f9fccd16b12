package io.hilt.probe.drivers.probers;

import java.io.ByteArrayOutputStream;

/**
 * Reads the words {@code probe-rs read WIDTH ADDRESS WORDS} prints on the console.
 *
 * <ul>
 *   <li>0.30 and 0.31 ({@code cmd/read.rs}, {@code read_to_console}): every word as lowercase hex
 *       padded to its width, each followed by one space, then a newline: {@code 20001000 0000002a
 *       }.
 *   <li>0.32 ({@code cmd/read.rs}, default {@code --format hex-table}): lines of 32 bytes (8 for
 *       b8, 16 for b16), each {@code ADDRESS: w w w}, the address as 8 hex digits.
 * </ul>
 *
 * Words are little-endian in memory on every Cortex-M, so bytes come out least significant first.
 */
public final class MemoryDump {
  private MemoryDump() {}

  /** Bytes per word for a read width ({@code b8}, {@code b16}, {@code b32}). */
  public static int wordBytes(String width) {
    return switch (width) {
      case "b8" -> 1;
      case "b16" -> 2;
      case "b32" -> 4;
      default -> throw new IllegalArgumentException("width must be b8, b16 or b32: " + width);
    };
  }

  /**
   * The bytes of {@code words} words of {@code width} starting at {@code address}.
   *
   * @throws ProbeRsException ({@link ProbeRsFailure#BAD_OUTPUT}) when the text is not exactly that
   *     many words of that width (and, for 0.32, the right addresses)
   */
  public static byte[] parse(
      ProbeRsVersion version, String width, long address, int words, String stdout) {
    int bytesPerWord = wordBytes(width);
    String text = ProbeRsFailure.stripAnsi(stdout);
    ByteArrayOutputStream out = new ByteArrayOutputStream(words * bytesPerWord);
    boolean table = version.atLeast(ProbeRsVersion.V0_32);
    int lineBytes = bytesPerWord == 1 ? 8 : bytesPerWord == 2 ? 16 : 32;
    long expectedAddress = address;
    int count = 0;
    for (String raw : text.split("\r?\n", -1)) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (table) {
        int colon = line.indexOf(": ");
        if (colon != 8 || !isHex(line.substring(0, 8))) {
          throw bad(width, address, words, "line without an 8-digit address: " + line, stdout);
        }
        long lineAddress = Long.parseLong(line.substring(0, 8), 16);
        if (lineAddress != (expectedAddress & 0xFFFF_FFFFL)) {
          throw bad(
              width,
              address,
              words,
              String.format("line at 0x%08x where 0x%08x was next", lineAddress, expectedAddress),
              stdout);
        }
        expectedAddress += lineBytes;
        line = line.substring(colon + 2).strip();
      }
      for (String word : line.split(" +")) {
        if (word.length() != bytesPerWord * 2 || !isHex(word)) {
          throw bad(width, address, words, "'" + word + "' is not a " + width + " word", stdout);
        }
        long value = Long.parseUnsignedLong(word, 16);
        for (int i = 0; i < bytesPerWord; i++) {
          out.write((int) (value >>> (8 * i)) & 0xff);
        }
        count++;
      }
    }
    if (count != words) {
      throw bad(width, address, words, count + " words printed", stdout);
    }
    return out.toByteArray();
  }

  private static boolean isHex(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static ProbeRsException bad(
      String width, long address, int words, String why, String stdout) {
    return new ProbeRsException(
        ProbeRsFailure.BAD_OUTPUT,
        String.format(
            "probe-rs read %s 0x%08x %d: %s; output: %s",
            width, address, words, why, ProbeRsFailure.excerpt(stdout)),
        "");
  }
}
