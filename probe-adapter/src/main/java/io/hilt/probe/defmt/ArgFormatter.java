package io.hilt.probe.defmt;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Renders decoded arguments as defmt-decoder's {@code frame.rs} does: the argument's own hint wins
 * over the enclosing one, {@code :?} on an integer defers to the enclosing hint, {@code :a} turns
 * byte slices into {@code b"..."}, hex of signed values is the two's complement of their width,
 * floats print as Rust's {@code ryu} does.
 */
final class ArgFormatter {
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ISO_SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);

  private final DefmtTable table;

  ArgFormatter(DefmtTable table) {
    this.table = table;
  }

  String format(FormatString format, List<Arg> args, Optional<DisplayHint> parentHint) {
    StringBuilder b = new StringBuilder();
    for (FormatString.Fragment f : format.fragments()) {
      fragment(f, args, parentHint, b);
    }
    return b.toString();
  }

  void fragment(
      FormatString.Fragment fragment,
      List<Arg> args,
      Optional<DisplayHint> parentHint,
      StringBuilder b) {
    if (fragment instanceof FormatString.Literal l) {
      b.append(l.text());
      return;
    }
    FormatString.Parameter p = (FormatString.Parameter) fragment;
    if (p.index() >= args.size()) {
      b.append("{missing argument ").append(p.index()).append('}');
      return;
    }
    Optional<DisplayHint> hint = p.hint().isPresent() ? p.hint() : parentHint;
    Arg arg = args.get(p.index());
    if (arg instanceof Arg.Bool v) {
      b.append(v.value());
    } else if (arg instanceof Arg.F32 v) {
      b.append(ryu(v.value()));
    } else if (arg instanceof Arg.F64 v) {
      b.append(ryu(v.value()));
    } else if (arg instanceof Arg.Uxx v) {
      unsignedArg(p, v, hint, parentHint, b);
    } else if (arg instanceof Arg.Ixx v) {
      signed(v, p.type(), hint, b);
    } else if (arg instanceof Arg.Str v) {
      string(v.value(), hint, b);
    } else if (arg instanceof Arg.IStr v) {
      string(v.value(), hint, b);
    } else if (arg instanceof Arg.Preformatted v) {
      string(v.value(), hint, b);
    } else if (arg instanceof Arg.Format v) {
      boolean ascii = parentHint.map(h -> h.kind() == DisplayHint.Kind.ASCII).orElse(false);
      b.append(format(v.format(), v.args(), ascii ? parentHint : hint));
    } else if (arg instanceof Arg.FormatSequence v) {
      for (Arg.Format part : v.parts()) {
        b.append(format(part.format(), part.args(), hint));
      }
    } else if (arg instanceof Arg.FormatSlice v) {
      formatSlice(v, hint, b);
    } else if (arg instanceof Arg.Slice v) {
      bytes(v.bytes(), hint, b);
    } else if (arg instanceof Arg.Char v) {
      b.appendCodePoint(v.codePoint());
    } else {
      throw new IllegalStateException("unhandled argument " + arg);
    }
  }

  private void unsignedArg(
      FormatString.Parameter p,
      Arg.Uxx v,
      Optional<DisplayHint> hint,
      Optional<DisplayHint> parentHint,
      StringBuilder b) {
    if (p.type().kind() == ArgType.Kind.BITFIELD) {
      int start = p.type().first();
      int end = p.type().second();
      BigInteger field =
          v.toBigInteger()
              .shiftRight(start)
              .and(BigInteger.ONE.shiftLeft(end - start).subtract(BigInteger.ONE));
      if (kind(hint) == DisplayHint.Kind.ASCII) {
        // the field's value as big-endian bytes, as many as defmt keeps (16 - (128-end+start)/8)
        byte[] be = toBytes128(field);
        int skip = (128 - end + start) / 8;
        bytes(java.util.Arrays.copyOfRange(be, skip, 16), hint, b);
      } else {
        unsigned(field, hint, b);
      }
      return;
    }
    DisplayHint.Kind k = kind(hint);
    if (k == DisplayHint.Kind.ISO8601_MILLIS || k == DisplayHint.Kind.ISO8601_SECONDS) {
      iso8601(v.low(), k == DisplayHint.Kind.ISO8601_MILLIS, b);
    } else if (k == DisplayHint.Kind.DEBUG) {
      unsigned(v, parentHint, b);
    } else {
      unsigned(v, hint, b);
    }
  }

  /** Values up to 64 bits with the common hints, without BigInteger. */
  private void unsigned(Arg.Uxx v, Optional<DisplayHint> hint, StringBuilder b) {
    long x = v.low();
    if (v.high() != 0) {
      unsigned(v.toBigInteger(), hint, b);
      return;
    }
    if (hint.isEmpty()) {
      b.append(Long.toUnsignedString(x));
      return;
    }
    DisplayHint h = hint.get();
    switch (h.kind()) {
      case NO_HINT -> pad(b, "", "", Long.toUnsignedString(x), h.zeroPad());
      case BINARY -> pad(b, "", h.alternate() ? "0b" : "", Long.toBinaryString(x), h.zeroPad());
      case OCTAL -> pad(b, "", h.alternate() ? "0o" : "", Long.toOctalString(x), h.zeroPad());
      case HEXADECIMAL -> {
        String digits = Long.toHexString(x);
        pad(
            b,
            "",
            h.alternate() ? "0x" : "",
            h.uppercase() ? digits.toUpperCase(java.util.Locale.ROOT) : digits,
            h.zeroPad());
      }
      case ASCII, DEBUG, ISO8601_MILLIS, ISO8601_SECONDS, CBOR, UNKNOWN ->
          b.append(Long.toUnsignedString(x));
      case SECONDS_MICROS, SECONDS_MILLIS -> {
        if (x < 0) {
          unsigned(v.toBigInteger(), hint, b);
        } else {
          long per = h.kind() == DisplayHint.Kind.SECONDS_MICROS ? 1_000_000 : 1_000;
          b.append(x / per).append('.');
          pad(b, "", "", Long.toString(x % per), per == 1_000 ? 3 : 6);
        }
      }
      case TIME_MICROS, TIME_MILLIS, TIME_SECONDS, BITFLAGS -> unsigned(v.toBigInteger(), hint, b);
    }
  }

  private static DisplayHint.Kind kind(Optional<DisplayHint> hint) {
    return hint.map(DisplayHint::kind).orElse(DisplayHint.Kind.UNKNOWN);
  }

  void unsigned(BigInteger x, Optional<DisplayHint> hint, StringBuilder b) {
    if (hint.isEmpty()) {
      b.append(x);
      return;
    }
    DisplayHint h = hint.get();
    switch (h.kind()) {
      case NO_HINT -> pad(b, "", "", x.toString(), h.zeroPad());
      case BINARY -> pad(b, "", h.alternate() ? "0b" : "", x.toString(2), h.zeroPad());
      case OCTAL -> pad(b, "", h.alternate() ? "0o" : "", x.toString(8), h.zeroPad());
      case HEXADECIMAL -> {
        String digits = x.toString(16);
        pad(
            b,
            "",
            h.alternate() ? "0x" : "",
            h.uppercase() ? digits.toUpperCase(java.util.Locale.ROOT) : digits,
            h.zeroPad());
      }
      case SECONDS_MICROS -> seconds(x, 1_000_000, 6, b);
      case SECONDS_MILLIS -> seconds(x, 1_000, 3, b);
      case TIME_MICROS -> time(x, 1_000_000, 6, b);
      case TIME_MILLIS -> time(x, 1_000, 3, b);
      case TIME_SECONDS -> time(x, 1, 0, b);
      case BITFLAGS -> bitflags(x, h.text(), b);
      case ASCII, DEBUG, ISO8601_MILLIS, ISO8601_SECONDS, CBOR, UNKNOWN -> b.append(x);
    }
  }

  private void signed(Arg.Ixx v, ArgType type, Optional<DisplayHint> hint, StringBuilder b) {
    boolean fitsLong = v.high() == (v.low() >> 63);
    if (hint.isEmpty() && fitsLong) {
      b.append(v.low());
      return;
    }
    BigInteger x = v.toBigInteger();
    if (hint.isEmpty()) {
      b.append(x);
      return;
    }
    DisplayHint h = hint.get();
    switch (h.kind()) {
      case NO_HINT -> pad(b, x.signum() < 0 ? "-" : "", "", x.abs().toString(), h.zeroPad());
      case BINARY ->
          pad(b, "", h.alternate() ? "0b" : "", twosComplement(x, 128).toString(2), h.zeroPad());
      case OCTAL ->
          pad(b, "", h.alternate() ? "0o" : "", twosComplement(x, 128).toString(8), h.zeroPad());
      case HEXADECIMAL -> {
        int bits =
            switch (type.kind()) {
              case I8 -> 8;
              case I16 -> 16;
              case I32, ISIZE -> 32;
              case I64 -> 64;
              default -> 128;
            };
        String digits = twosComplement(x, bits).toString(16);
        pad(
            b,
            "",
            h.alternate() ? "0x" : "",
            h.uppercase() ? digits.toUpperCase(java.util.Locale.ROOT) : digits,
            h.zeroPad());
      }
      default -> b.append(x);
    }
  }

  private static BigInteger twosComplement(BigInteger x, int bits) {
    BigInteger modulus = BigInteger.ONE.shiftLeft(bits);
    return x.mod(modulus);
  }

  /** Rust's {@code {:#0N}}: sign, prefix, zeros, digits, at least {@code width} in all. */
  private static void pad(StringBuilder b, String sign, String prefix, String digits, int width) {
    b.append(sign).append(prefix);
    for (int i = sign.length() + prefix.length() + digits.length(); i < width; i++) {
      b.append('0');
    }
    b.append(digits);
  }

  private static void seconds(BigInteger x, long per, int decimals, StringBuilder b) {
    BigInteger[] qr = x.divideAndRemainder(BigInteger.valueOf(per));
    b.append(qr[0]).append('.');
    pad(b, "", "", qr[1].toString(), decimals);
  }

  private static void time(BigInteger x, long per, int decimals, StringBuilder b) {
    BigInteger[] qr = x.divideAndRemainder(BigInteger.valueOf(per));
    BigInteger rest = qr[0];
    BigInteger[] s = rest.divideAndRemainder(BigInteger.valueOf(60));
    BigInteger[] m = s[0].divideAndRemainder(BigInteger.valueOf(60));
    BigInteger[] h = m[0].divideAndRemainder(BigInteger.valueOf(24));
    BigInteger days = h[0];
    if (days.signum() != 0) {
      b.append(days).append(':');
    }
    pad(b, "", "", h[1].toString(), 2);
    b.append(':');
    pad(b, "", "", m[1].toString(), 2);
    b.append(':');
    pad(b, "", "", s[1].toString(), 2);
    if (decimals > 0) {
      b.append('.');
      pad(b, "", "", qr[1].toString(), decimals);
    }
  }

  private static void iso8601(long value, boolean millis, StringBuilder b) {
    // u64 of milliseconds or seconds since the epoch; beyond what java.time holds, the number
    try {
      if (value < 0) {
        throw new ArithmeticException("beyond java.time");
      }
      Instant t = millis ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
      if (t.atZone(ZoneOffset.UTC).getYear() > 9999) {
        throw new ArithmeticException("beyond four-digit years");
      }
      b.append((millis ? ISO_MILLIS : ISO_SECONDS).format(t));
    } catch (ArithmeticException | java.time.DateTimeException e) {
      b.append(Long.toUnsignedString(value));
    }
  }

  private void bitflags(BigInteger x, String key, StringBuilder b) {
    if (!table.hasBitflags(key)) {
      b.append(x);
      return;
    }
    StringBuilder names = new StringBuilder();
    for (DefmtTable.Flag f : table.bitflags(key)) {
      BigInteger value = f.value().toBigInteger();
      boolean set = value.signum() == 0 ? x.signum() == 0 : x.and(value).equals(value);
      if (set) {
        names.append(names.length() == 0 ? "" : " | ").append(f.name());
      }
    }
    b.append(names.length() == 0 ? "(empty)" : names);
  }

  private void formatSlice(Arg.FormatSlice v, Optional<DisplayHint> hint, StringBuilder b) {
    if (kind(hint) == DisplayHint.Kind.ASCII) {
      byte[] asBytes = byteElements(v.elements());
      if (asBytes != null) {
        bytes(asBytes, hint, b);
        return;
      }
    }
    b.append('[');
    boolean first = true;
    for (Arg.Format e : v.elements()) {
      if (!first) {
        b.append(", ");
      }
      first = false;
      b.append(format(e.format(), e.args(), hint));
    }
    b.append(']');
  }

  /** The elements as bytes when every one is a {@code {=u8}}; null otherwise. */
  private static byte[] byteElements(List<Arg.Format> elements) {
    boolean anyU8 = false;
    byte[] out = new byte[elements.size()];
    for (int i = 0; i < elements.size(); i++) {
      Arg.Format e = elements.get(i);
      anyU8 |= e.format().text().equals("{=u8}");
      if (e.args().size() != 1
          || !(e.args().get(0) instanceof Arg.Uxx u)
          || u.high() != 0
          || u.low() < 0
          || u.low() > 0xff) {
        return null;
      }
      out[i] = (byte) u.low();
    }
    return anyU8 ? out : null;
  }

  private void bytes(byte[] bytes, Optional<DisplayHint> hint, StringBuilder b) {
    DisplayHint.Kind k = kind(hint);
    switch (k) {
      case ASCII -> {
        b.append("b\"");
        for (byte x : bytes) {
          int c = x & 0xff;
          switch (c) {
            case '\t' -> b.append("\\t");
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            case '"' -> b.append("\\\"");
            case '\\' -> b.append("\\\\");
            default -> {
              if (c >= 0x20 && c < 0x7f) {
                b.append((char) c);
              } else {
                b.append(String.format("\\x%02x", c));
              }
            }
          }
        }
        b.append('"');
      }
      case HEXADECIMAL, OCTAL, BINARY -> {
        b.append('[');
        for (int i = 0; i < bytes.length; i++) {
          if (i > 0) {
            b.append(", ");
          }
          unsigned(BigInteger.valueOf(bytes[i] & 0xff), hint, b);
        }
        b.append(']');
      }
      default -> {
        b.append('[');
        for (int i = 0; i < bytes.length; i++) {
          if (i > 0) {
            b.append(", ");
          }
          b.append(bytes[i] & 0xff);
        }
        b.append(']');
      }
    }
  }

  private static void string(String s, Optional<DisplayHint> hint, StringBuilder b) {
    if (kind(hint) != DisplayHint.Kind.DEBUG) {
      b.append(s);
      return;
    }
    b.append('"');
    s.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case 0 -> b.append("\\0");
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                  if (Character.isISOControl(c)) {
                    b.append("\\u{").append(Integer.toHexString(c)).append('}');
                  } else {
                    b.appendCodePoint(c);
                  }
                }
              }
            });
    b.append('"');
  }

  private static byte[] toBytes128(BigInteger x) {
    byte[] raw = x.mod(TWO_128).toByteArray();
    byte[] out = new byte[16];
    int n = Math.min(16, raw.length);
    System.arraycopy(raw, raw.length - n, out, 16 - n, n);
    return out;
  }

  /** Rust's {@code ryu} crate output: shortest digits, decimal or {@code 1.5e30}. */
  static String ryu(double value) {
    return ryu(
        value, Double.isNaN(value) || Double.isInfinite(value) ? null : Double.toString(value), 16);
  }

  static String ryu(float value) {
    return ryu(
        value, Float.isNaN(value) || Float.isInfinite(value) ? null : Float.toString(value), 13);
  }

  private static String ryu(double value, String javaText, int maxDecimalExponent) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    boolean negative = javaText.startsWith("-");
    StringBuilder b = new StringBuilder(negative ? "-" : "");
    BigDecimal d = new BigDecimal(negative ? javaText.substring(1) : javaText);
    if (d.signum() == 0) {
      return b.append("0.0").toString();
    }
    d = d.stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int length = digits.length();
    int k = -d.scale(); // value = digits * 10^k
    int kk = length + k; // 10^(kk-1) <= value < 10^kk
    if (k >= 0 && kk <= maxDecimalExponent) {
      b.append(digits);
      b.append("0".repeat(k));
      b.append(".0");
    } else if (kk > 0 && kk <= maxDecimalExponent) {
      b.append(digits, 0, kk).append('.').append(digits, kk, length);
    } else if (kk > -5 && kk <= 0) {
      b.append("0.").append("0".repeat(-kk)).append(digits);
    } else if (length == 1) {
      b.append(digits).append('e').append(kk - 1);
    } else {
      b.append(digits.charAt(0)).append('.').append(digits, 1, length).append('e').append(kk - 1);
    }
    return b.toString();
  }
}
