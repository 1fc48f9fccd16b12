package io.hilt.probe.defmt;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/** A decoded argument value. */
public sealed interface Arg {
  record Bool(boolean value) implements Arg {}

  record F32(float value) implements Arg {}

  record F64(double value) implements Arg {}

  /**
   * An unsigned integer of up to 128 bits (also every bitfield).
   *
   * @param low the low 64 bits
   * @param high the high 64 bits (0 for types up to u64)
   */
  record Uxx(long low, long high) implements Arg {
    public static Uxx of(long value) {
      return new Uxx(value, 0);
    }

    public BigInteger toBigInteger() {
      return new BigInteger(1, bytes(low, high));
    }

    @Override
    public String toString() {
      return "Uxx(" + toBigInteger() + ")";
    }
  }

  /**
   * A signed integer of up to 128 bits, sign-extended to 128.
   *
   * @param low the low 64 bits
   * @param high the high 64 bits
   */
  record Ixx(long low, long high) implements Arg {
    public static Ixx of(long value) {
      return new Ixx(value, value >> 63);
    }

    public BigInteger toBigInteger() {
      return new BigInteger(bytes(low, high));
    }

    @Override
    public String toString() {
      return "Ixx(" + toBigInteger() + ")";
    }
  }

  /** A string sent in the frame ({@code =str}). */
  record Str(String value) implements Arg {
    public Str {
      Objects.requireNonNull(value, "value");
    }
  }

  /** An interned string ({@code =istr}). */
  record IStr(String value) implements Arg {
    public IStr {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A nested {@code Format} value: the (variant's) format string and its arguments. */
  record Format(FormatString format, List<Arg> args) implements Arg {
    public Format {
      Objects.requireNonNull(format, "format");
      args = List.copyOf(args);
    }
  }

  /** {@code =[?]} and {@code =[?; N]}. */
  record FormatSlice(List<Format> elements) implements Arg {
    public FormatSlice {
      elements = List.copyOf(elements);
    }
  }

  /** {@code =__internal_FormatSequence}: formats written one after another. */
  record FormatSequence(List<Format> parts) implements Arg {
    public FormatSequence {
      parts = List.copyOf(parts);
    }
  }

  /** {@code =[u8]} and {@code =[u8; N]}. */
  record Slice(byte[] bytes) implements Arg {
    public Slice {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Slice s && java.util.Arrays.equals(bytes, s.bytes);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Slice" + java.util.Arrays.toString(bytes);
    }
  }

  /** A Unicode scalar value ({@code =char}). */
  record Char(int codePoint) implements Arg {
    public Char {
      if (!Character.isValidCodePoint(codePoint) || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
        throw new IllegalArgumentException("not a Unicode scalar value: " + codePoint);
      }
    }
  }

  /** Text formatted on the target ({@code Debug2Format}, {@code Display2Format}). */
  record Preformatted(String value) implements Arg {
    public Preformatted {
      Objects.requireNonNull(value, "value");
    }
  }

  private static byte[] bytes(long low, long high) {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (high >>> (56 - 8 * i));
      b[8 + i] = (byte) (low >>> (56 - 8 * i));
    }
    return b;
  }
}
