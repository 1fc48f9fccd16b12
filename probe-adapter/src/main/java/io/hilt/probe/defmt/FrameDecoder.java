package io.hilt.probe.defmt;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Decodes the arguments of one frame against a table, following defmt-decoder's {@code decoder.rs}
 * (wire versions 3 and 4): every value little-endian, bools one byte, strings and slices a u32
 * length then the bytes, nested formats a u16 table index then their arguments, enums a
 * discriminant sized by the number of variants, bitfields only the bytes that hold the used bits.
 *
 * <p>Bounded: nesting depth and the number of values per frame are limited, so a frame cannot
 * overflow the stack or loop over billions of zero-size elements.
 */
final class FrameDecoder {
  static final int MAX_DEPTH = 64;
  static final int MAX_VALUES = 1 << 16;

  private final DefmtTable table;
  private final byte[] bytes;
  private final int start;
  private final int end;
  private int pos;
  private int values;
  private int depth;

  FrameDecoder(DefmtTable table, byte[] bytes, int offset, int length) {
    this.table = table;
    this.bytes = bytes;
    this.start = offset;
    this.pos = offset;
    this.end = offset + length;
  }

  int consumed() {
    return pos - start;
  }

  FrameResult decodeFrame() {
    try {
      long index = u16(null);
      Optional<FormatString> tsFormat = Optional.empty();
      List<Arg> tsArgs = List.of();
      if (table.timestamp().isPresent()) {
        FormatString ts = table.parsed(table.timestamp().get());
        tsFormat = Optional.of(ts);
        tsArgs = decodeFormat(ts);
      }
      Optional<TableEntry> entry = table.entry(index);
      if (entry.isEmpty()) {
        throw malformed("table index " + index + " (at offset 0) is not in the firmware's table");
      }
      FormatString format = table.parsed(entry.get());
      List<Arg> args = decodeFormat(format);
      DefmtFrame frame =
          new DefmtFrame(
              table,
              entry.get(),
              entry.get().tag().level(),
              tsFormat,
              tsArgs,
              format,
              args,
              Arrays.copyOfRange(bytes, start, pos));
      return new FrameResult.Decoded(frame, consumed());
    } catch (DecodeFailure f) {
      return new FrameResult.Failed(f.endOfInput, f.getMessage());
    }
  }

  private List<Arg> decodeFormat(FormatString format) {
    if (++depth > MAX_DEPTH) {
      throw malformed("formats nested more than " + MAX_DEPTH + " deep");
    }
    List<FormatString.Parameter> params = format.decodeOrder();
    List<Arg> args = new ArrayList<>(params.size());
    for (FormatString.Parameter p : params) {
      if (++values > MAX_VALUES) {
        throw malformed("more than " + MAX_VALUES + " values in one frame");
      }
      args.add(decodeArg(p, format));
    }
    depth--;
    return args;
  }

  private Arg decodeArg(FormatString.Parameter p, FormatString format) {
    ArgType t = p.type();
    Where what = new Where(p, format);
    return switch (t.kind()) {
      case I8 -> Arg.Ixx.of((byte) u8(what));
      case I16 -> Arg.Ixx.of((short) u16(what));
      case I32, ISIZE -> Arg.Ixx.of((int) u32(what));
      case I64 -> Arg.Ixx.of(u64(what));
      case I128 -> {
        long low = u64(what);
        yield new Arg.Ixx(low, u64(what));
      }
      case U8 -> Arg.Uxx.of(u8(what));
      case U16 -> Arg.Uxx.of(u16(what));
      case U32, USIZE -> Arg.Uxx.of(u32(what));
      case U64 -> Arg.Uxx.of(u64(what));
      case U128 -> {
        long low = u64(what);
        yield new Arg.Uxx(low, u64(what));
      }
      case F32 -> new Arg.F32(Float.intBitsToFloat((int) u32(what)));
      case F64 -> new Arg.F64(Double.longBitsToDouble(u64(what)));
      case BOOL -> {
        int b = u8(what);
        if (b > 1) {
          throw malformed(what + " is " + b + " at offset " + (pos - 1 - start) + ", not 0 or 1");
        }
        yield new Arg.Bool(b == 1);
      }
      case FORMAT_SLICE -> new Arg.FormatSlice(formatSlice(u32(what), what));
      case FORMAT_ARRAY -> new Arg.FormatSlice(formatSlice(t.first(), what));
      case FORMAT -> nestedFormat(what);
      case BITFIELD -> bitfield(t, what);
      case STR -> new Arg.Str(utf8(take(u32(what), what), what));
      case ISTR -> new Arg.IStr(formatEntry(u16(what), what).format());
      case U8_SLICE -> new Arg.Slice(take(u32(what), what));
      case U8_ARRAY -> new Arg.Slice(take(t.first(), what));
      case CHAR -> {
        long c = u32(what);
        if (c > Character.MAX_CODE_POINT || (c >= 0xd800 && c <= 0xdfff)) {
          throw malformed(what + String.format(" is 0x%x, not a Unicode scalar value", c));
        }
        yield new Arg.Char((int) c);
      }
      case DEBUG, DISPLAY -> {
        int at = pos;
        while (at < end && bytes[at] != (byte) 0xff) {
          at++;
        }
        if (at == end) {
          throw eof(what + " has no 0xff terminator");
        }
        byte[] text = Arrays.copyOfRange(bytes, pos, at);
        pos = at + 1;
        yield new Arg.Preformatted(utf8(text, what));
      }
      case FORMAT_SEQUENCE -> {
        List<Arg.Format> parts = new ArrayList<>();
        while (true) {
          int index = u16(what);
          if (index == 0) {
            break;
          }
          if (++values > MAX_VALUES) {
            throw malformed("more than " + MAX_VALUES + " values in one frame");
          }
          FormatString f = table.parsed(formatEntry(index, what));
          parts.add(new Arg.Format(f, decodeFormat(f)));
        }
        yield new Arg.FormatSequence(parts);
      }
    };
  }

  private Arg nestedFormat(Where what) {
    FormatString f = table.parsed(formatEntry(u16(what), what));
    if (f.text().indexOf('|') >= 0) {
      f = variant(f, what);
    }
    return new Arg.Format(f, decodeFormat(f));
  }

  private List<Arg.Format> formatSlice(long count, Where what) {
    if (count == 0) {
      return List.of();
    }
    FormatString f = table.parsed(formatEntry(u16(what), what));
    boolean isEnum = f.text().indexOf('|') >= 0;
    List<Arg.Format> out = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      if (++values > MAX_VALUES) {
        throw malformed(what + " has " + count + " elements, more than " + MAX_VALUES + " values");
      }
      FormatString element = isEnum ? variant(f, what) : f;
      out.add(new Arg.Format(element, decodeFormat(element)));
    }
    return out;
  }

  private FormatString variant(FormatString enumFormat, Where what) {
    String text = enumFormat.text();
    int bars = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '|') {
        bars++;
      }
    }
    long discriminant;
    if (bars <= 0xff) {
      discriminant = u8(what);
    } else if (bars <= 0xffff) {
      discriminant = u16(what);
    } else {
      discriminant = u32(what);
    }
    String[] variants = text.split("\\|", -1);
    if (discriminant >= variants.length) {
      throw malformed(
          what
              + ": enum discriminant "
              + discriminant
              + " but `"
              + text
              + "` has "
              + variants.length
              + " variants");
    }
    return table.parsedText(variants[(int) discriminant]);
  }

  private Arg bitfield(ArgType t, Where what) {
    int lowestByte = t.first() / 8;
    int highestByte = (t.second() - 1) / 8;
    int size = highestByte - lowestByte + 1;
    int read = size == 1 ? 1 : size == 2 ? 2 : size <= 4 ? 4 : size <= 8 ? 8 : 16;
    need(read, what);
    long low = 0;
    long high = 0;
    for (int i = 0; i < read; i++) {
      int bit = (lowestByte + i) * 8;
      long b = bytes[pos + i] & 0xffL;
      if (bit < 64) {
        low |= b << bit;
      } else if (bit < 128) {
        high |= b << (bit - 64);
      }
    }
    pos += read;
    return new Arg.Uxx(low, high);
  }

  private TableEntry formatEntry(long index, Where what) {
    Optional<TableEntry> e = table.entry(index);
    if (e.isEmpty()) {
      throw malformed(what + ": table index " + index + " is not in the firmware's table");
    }
    if (e.get().tag().level().isPresent()) {
      throw malformed(what + ": table index " + index + " is a log statement, not a format");
    }
    return e.get();
  }

  private String utf8(byte[] b, Where what) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed(what + " is not valid UTF-8");
    }
  }

  private byte[] take(long n, Where what) {
    if (n > end - pos) {
      throw eof(
          (what == null ? "the table index" : what.toString())
              + ": needs "
              + n
              + " bytes at offset "
              + (pos - start)
              + ", "
              + (end - pos)
              + " left");
    }
    byte[] out = Arrays.copyOfRange(bytes, pos, pos + (int) n);
    pos += (int) n;
    return out;
  }

  private void need(int n, Where what) {
    if (end - pos < n) {
      throw eof(
          (what == null ? "the table index" : what.toString())
              + ": needs "
              + n
              + " bytes at offset "
              + (pos - start)
              + ", "
              + (end - pos)
              + " left");
    }
  }

  private int u8(Where what) {
    need(1, what);
    return bytes[pos++] & 0xff;
  }

  private int u16(Where what) {
    need(2, what);
    int v = (bytes[pos] & 0xff) | (bytes[pos + 1] & 0xff) << 8;
    pos += 2;
    return v;
  }

  private long u32(Where what) {
    need(4, what);
    long v =
        (bytes[pos] & 0xffL)
            | (bytes[pos + 1] & 0xffL) << 8
            | (bytes[pos + 2] & 0xffL) << 16
            | (bytes[pos + 3] & 0xffL) << 24;
    pos += 4;
    return v;
  }

  private long u64(Where what) {
    need(8, what);
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = v << 8 | (bytes[pos + i] & 0xffL);
    }
    pos += 8;
    return v;
  }

  /** Names the argument being read, for messages; built only when one is needed. */
  private record Where(FormatString.Parameter p, FormatString format) {
    @Override
    public String toString() {
      return "argument " + p.index() + " (" + describe(p.type()) + ") of `" + format.text() + "`";
    }
  }

  private static String describe(ArgType t) {
    return switch (t.kind()) {
      case BITFIELD -> "=" + t.first() + ".." + t.second();
      case FORMAT_ARRAY -> "=[?; " + t.first() + "]";
      case U8_ARRAY -> "=[u8; " + t.first() + "]";
      case FORMAT -> "=?";
      case FORMAT_SLICE -> "=[?]";
      case U8_SLICE -> "=[u8]";
      default -> "=" + t.kind().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static DecodeFailure eof(String reason) {
    return new DecodeFailure(true, "frame ends early: " + reason);
  }

  private static DecodeFailure malformed(String reason) {
    return new DecodeFailure(false, reason);
  }
}
