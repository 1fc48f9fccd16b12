package io.hilt.probe.defmt;

import java.util.Objects;
import java.util.Optional;

/**
 * A display hint ({@code :x}, {@code :#010b}, {@code :us}...).
 *
 * @param kind which hint
 * @param alternate {@code #} given (prefix {@code 0x}, {@code 0b}, {@code 0o})
 * @param uppercase {@code X}
 * @param zeroPad minimum width, zero padded ({@code 08} in {@code :08x}); 0 for none
 * @param text the unknown hint, or the bitflags key {@code name@package@disambiguator[@crate]}
 */
public record DisplayHint(
    Kind kind, boolean alternate, boolean uppercase, int zeroPad, String text) {
  /** Every hint defmt knows, plus {@link #UNKNOWN} for newer ones (shown as if absent). */
  public enum Kind {
    NO_HINT,
    HEXADECIMAL,
    OCTAL,
    BINARY,
    ASCII,
    DEBUG,
    SECONDS_MICROS,
    SECONDS_MILLIS,
    TIME_MICROS,
    TIME_MILLIS,
    TIME_SECONDS,
    ISO8601_MILLIS,
    ISO8601_SECONDS,
    BITFLAGS,
    CBOR,
    UNKNOWN
  }

  private static final String BITFLAGS_PREFIX = "__internal_bitflags_";

  /** Widths beyond this are not padding but garbage; capped so a hint cannot allocate much. */
  static final int MAX_ZERO_PAD = 256;

  public DisplayHint {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
    if (zeroPad < 0 || zeroPad > MAX_ZERO_PAD) {
      throw new IllegalArgumentException("zero pad " + zeroPad);
    }
  }

  static DisplayHint of(Kind kind) {
    return new DisplayHint(kind, false, false, 0, "");
  }

  /** Parses the text after {@code :}; unknown hints parse as {@link Kind#UNKNOWN}. */
  static DisplayHint parse(String input) {
    String s = input;
    boolean alternate = false;
    if (s.startsWith("#")) {
      alternate = true;
      s = s.substring(1);
    }
    int zeroPad = 0;
    if (s.startsWith("0")) {
      int digits = 1;
      while (digits < s.length() && Character.isDigit(s.charAt(digits)) && s.charAt(digits) < 128) {
        digits++;
      }
      if (digits == 1) {
        return unknown(input);
      }
      Optional<Integer> pad = parsePad(s.substring(1, digits));
      if (pad.isEmpty()) {
        return unknown(input);
      }
      zeroPad = pad.get();
      s = s.substring(digits);
    }
    if (s.startsWith(BITFLAGS_PREFIX)) {
      String[] parts = s.substring(BITFLAGS_PREFIX.length()).split("@", -1);
      if (parts.length < 3 || parts.length > 4) {
        return unknown(input);
      }
      return new DisplayHint(Kind.BITFLAGS, false, false, 0, s.substring(BITFLAGS_PREFIX.length()));
    }
    Kind kind =
        switch (s) {
          case "" -> Kind.NO_HINT;
          case "us" -> Kind.SECONDS_MICROS;
          case "ms" -> Kind.SECONDS_MILLIS;
          case "tus" -> Kind.TIME_MICROS;
          case "tms" -> Kind.TIME_MILLIS;
          case "ts" -> Kind.TIME_SECONDS;
          case "a" -> Kind.ASCII;
          case "b" -> Kind.BINARY;
          case "o" -> Kind.OCTAL;
          case "x", "X" -> Kind.HEXADECIMAL;
          case "iso8601ms" -> Kind.ISO8601_MILLIS;
          case "iso8601s" -> Kind.ISO8601_SECONDS;
          case "cbor" -> Kind.CBOR;
          case "?" -> Kind.DEBUG;
          default -> Kind.UNKNOWN;
        };
    if (kind == Kind.UNKNOWN) {
      return unknown(input);
    }
    return new DisplayHint(kind, alternate, s.equals("X"), zeroPad, "");
  }

  private static Optional<Integer> parsePad(String digits) {
    if (digits.length() > 3) {
      return Optional.empty();
    }
    int value = Integer.parseInt(digits);
    return value > MAX_ZERO_PAD ? Optional.empty() : Optional.of(value);
  }

  private static DisplayHint unknown(String text) {
    return new DisplayHint(Kind.UNKNOWN, false, false, 0, text);
  }
}
