package io.hilt.orchestrator.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the value syntaxes of profiles and plans. Each method returns the value or throws an
 * {@link IllegalArgumentException} whose message says what was expected and what was found. The
 * rules are the same in every locale (no locale-dependent digits or separators).
 */
final class Units {
  static final long MAX_ADDRESS = 0xFFFF_FFFFL;
  static final Duration MAX_DURATION = Duration.ofDays(1);

  private static final Pattern DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)[ ]?(ms|s|m|h)");
  private static final Pattern INTEGER = Pattern.compile("(-)?(0[xX][0-9a-fA-F_]+|[0-9][0-9_]*)");
  private static final Pattern SIZE =
      Pattern.compile("(0[xX][0-9a-fA-F_]+|[0-9][0-9_]*)[ ]?([A-Za-z]*)");
  private static final Pattern DECIMAL = Pattern.compile("[0-9]+(?:\\.[0-9]+)?");

  private static final int MAX_DIGITS = 40;

  private Units() {}

  static final String DURATION_EXPECTED = "a duration like 5s, 200ms, 1m";

  /** {@code 200ms}, {@code 5s}, {@code 1.5s}, {@code 2m}, {@code 1h}; at most one day. */
  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      String hint = INTEGER.matcher(text.trim()).matches() ? " (add a unit: ms, s, m or h)" : "";
      throw new IllegalArgumentException(
          "expected " + DURATION_EXPECTED + ", got '" + text + "'" + hint);
    }
    if (m.group(1).length() > MAX_DIGITS) {
      throw new IllegalArgumentException("expected a duration of at most 24h, got '" + text + "'");
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    BigDecimal millisPerUnit =
        switch (m.group(2)) {
          case "ms" -> BigDecimal.ONE;
          case "s" -> BigDecimal.valueOf(1_000);
          case "m" -> BigDecimal.valueOf(60_000);
          case "h" -> BigDecimal.valueOf(3_600_000);
          default -> throw new IllegalStateException(m.group(2));
        };
    BigDecimal millis = amount.multiply(millisPerUnit);
    if (millis.compareTo(BigDecimal.valueOf(MAX_DURATION.toMillis())) > 0) {
      throw new IllegalArgumentException("expected a duration of at most 24h, got '" + text + "'");
    }
    if (millis.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException(
          "expected a duration in whole milliseconds, got '" + text + "'");
    }
    return Duration.ofMillis(millis.longValueExact());
  }

  /**
   * A byte count: {@code 4096}, {@code 0x1000}, {@code 512KiB}, {@code 4MiB}, {@code 1GiB} (powers
   * of 1024); at most 4GiB.
   */
  static long size(String text) {
    String expected = "expected a size like 4096, 0x1000, 512KiB or 4MiB, got '" + text + "'";
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(expected);
    }
    long multiplier =
        switch (m.group(2)) {
          case "", "B" -> 1L;
          case "KiB" -> 1L << 10;
          case "MiB" -> 1L << 20;
          case "GiB" -> 1L << 30;
          default -> {
            String unit = m.group(2).toUpperCase(Locale.ROOT);
            String hint =
                unit.startsWith("K") || unit.startsWith("M") || unit.startsWith("G")
                    ? " (sizes use KiB, MiB, GiB: powers of 1024)"
                    : "";
            throw new IllegalArgumentException(expected + hint);
          }
        };
    BigInteger value = unsigned(m.group(1)).multiply(BigInteger.valueOf(multiplier));
    if (value.compareTo(BigInteger.valueOf(MAX_ADDRESS + 1)) > 0) {
      throw new IllegalArgumentException("expected a size of at most 4GiB, got '" + text + "'");
    }
    return value.longValueExact();
  }

  /** A 32-bit address or word: {@code 0x20000000} or decimal. */
  static long word32(String text, String what) {
    Matcher m = INTEGER.matcher(text.trim());
    if (!m.matches() || m.group(1) != null) {
      throw new IllegalArgumentException(
          "expected " + what + " like 0x20000000 (hex) or 536870912, got '" + text + "'");
    }
    BigInteger value = unsigned(m.group(2));
    if (value.compareTo(BigInteger.valueOf(MAX_ADDRESS)) > 0) {
      throw new IllegalArgumentException(
          "expected " + what + " of at most 0xFFFFFFFF (32 bits), got '" + text + "'");
    }
    return value.longValueExact();
  }

  /** A signed 32-bit integer, decimal or hex. */
  static int int32(String text) {
    Matcher m = INTEGER.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("expected an integer like 0 or -1, got '" + text + "'");
    }
    BigInteger value = unsigned(m.group(2));
    if (m.group(1) != null) {
      value = value.negate();
    }
    if (value.bitLength() > 31) {
      throw new IllegalArgumentException("expected a 32-bit integer, got '" + text + "'");
    }
    return value.intValueExact();
  }

  /** {@code true} or {@code false} (also {@code True}/{@code TRUE}, as YAML 1.2 allows). */
  static boolean bool(String text) {
    return switch (text.trim()) {
      case "true", "True", "TRUE" -> true;
      case "false", "False", "FALSE" -> false;
      default -> throw new IllegalArgumentException("expected true or false, got '" + text + "'");
    };
  }

  /** A percentage above 0 and at most 100: {@code 50}, {@code 12.5}, {@code 75%}. */
  static double percent(String text) {
    String t = text.trim();
    if (t.endsWith("%")) {
      t = t.substring(0, t.length() - 1).trim();
    }
    if (t.length() > MAX_DIGITS || !DECIMAL.matcher(t).matches()) {
      throw new IllegalArgumentException(
          "expected a percentage like 50 or 12.5, got '" + text + "'");
    }
    BigDecimal value = new BigDecimal(t);
    if (value.signum() <= 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
      throw new IllegalArgumentException(
          "expected a percentage above 0 and at most 100, got '" + text + "'");
    }
    return value.doubleValue();
  }

  private static BigInteger unsigned(String digits) {
    if (digits.length() > MAX_DIGITS) {
      throw new IllegalArgumentException("number too long: '" + digits + "'");
    }
    String d = digits.replace("_", "");
    if (d.startsWith("0x") || d.startsWith("0X")) {
      String hex = d.substring(2);
      if (hex.isEmpty()) {
        throw new IllegalArgumentException("expected hex digits after '0x', got '" + digits + "'");
      }
      return new BigInteger(hex, 16);
    }
    return new BigInteger(d, 10);
  }
}
