package io.hilt.probe.defmt;

import java.util.Objects;

/**
 * The type of a format parameter ({@code =u8}, {@code =[?]}, {@code =0..4}...).
 *
 * @param kind which type
 * @param first bit range start for {@link Kind#BITFIELD}, length for the array kinds, else 0
 * @param second bit range end (exclusive) for {@link Kind#BITFIELD}, else 0
 */
public record ArgType(Kind kind, int first, int second) {
  /** Every parameter type of the defmt 0.3/1.x wire format. */
  public enum Kind {
    BITFIELD,
    BOOL,
    CHAR,
    DEBUG,
    DISPLAY,
    FORMAT_SEQUENCE,
    F32,
    F64,
    FORMAT,
    FORMAT_ARRAY,
    FORMAT_SLICE,
    I8,
    I16,
    I32,
    I64,
    I128,
    ISIZE,
    ISTR,
    STR,
    U8,
    U16,
    U32,
    U64,
    U128,
    USIZE,
    U8_SLICE,
    U8_ARRAY
  }

  public ArgType {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.BITFIELD && (first < 0 || second <= first || second > 128)) {
      throw new IllegalArgumentException("bitfield " + first + ".." + second);
    }
    if ((kind == Kind.FORMAT_ARRAY || kind == Kind.U8_ARRAY) && first < 0) {
      throw new IllegalArgumentException("array length " + first);
    }
  }

  public static ArgType of(Kind kind) {
    return new ArgType(kind, 0, 0);
  }

  /** {@code {=u8}} and friends by name; also the internal types. */
  static ArgType named(String name) {
    Kind k =
        switch (name) {
          case "u8" -> Kind.U8;
          case "u16" -> Kind.U16;
          case "u32" -> Kind.U32;
          case "u64" -> Kind.U64;
          case "u128" -> Kind.U128;
          case "usize" -> Kind.USIZE;
          case "i8" -> Kind.I8;
          case "i16" -> Kind.I16;
          case "i32" -> Kind.I32;
          case "i64" -> Kind.I64;
          case "i128" -> Kind.I128;
          case "isize" -> Kind.ISIZE;
          case "f32" -> Kind.F32;
          case "f64" -> Kind.F64;
          case "bool" -> Kind.BOOL;
          case "str" -> Kind.STR;
          case "istr" -> Kind.ISTR;
          case "__internal_Debug" -> Kind.DEBUG;
          case "__internal_Display" -> Kind.DISPLAY;
          case "__internal_FormatSequence" -> Kind.FORMAT_SEQUENCE;
          case "[u8]" -> Kind.U8_SLICE;
          case "?" -> Kind.FORMAT;
          case "[?]" -> Kind.FORMAT_SLICE;
          case "char" -> Kind.CHAR;
          default -> null;
        };
    return k == null ? null : of(k);
  }
}
