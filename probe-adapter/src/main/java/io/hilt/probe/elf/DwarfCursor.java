package io.hilt.probe.elf;

import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked little-endian reader over the bytes of one DWARF section, with a movable limit
 * (the end of the current unit or header). Every read names what it reads, so a read past the limit
 * becomes an {@link ElfException} naming the file, the section, the field and the section offset.
 */
final class DwarfCursor {
  /** Longest string read (a path); PATH_MAX on Linux. */
  static final int MAX_STRING_BYTES = 4096;

  private static final int MAX_LEB_BYTES = 10;

  private final byte[] data;
  private final String where;
  private int position;
  private int limit;

  DwarfCursor(byte[] data, String where) {
    this.data = data;
    this.where = where;
    this.limit = data.length;
  }

  ElfException error(long offset, String problem) {
    return new ElfException(where + ": " + problem + " (at offset " + ElfBytes.hex(offset) + ")");
  }

  int position() {
    return position;
  }

  int limit() {
    return limit;
  }

  int length() {
    return data.length;
  }

  /** Moves to {@code offset}, which must lie within {@code [0, limit]}. */
  void seek(long offset, String what) {
    if (offset < 0 || offset > limit) {
      throw error(
          position, what + " at " + ElfBytes.hex(offset) + " lies outside " + range(0, limit));
    }
    position = (int) offset;
  }

  /** Sets the limit, which must lie within {@code [position, length]}. */
  void limit(long newLimit, String what) {
    if (newLimit < position || newLimit > data.length) {
      throw error(
          position,
          what
              + " ends at "
              + ElfBytes.hex(newLimit)
              + ", outside the "
              + data.length
              + " bytes of the section");
    }
    limit = (int) newLimit;
  }

  int remaining() {
    return limit - position;
  }

  private void need(long count, String what) {
    if (count < 0 || count > limit - position) {
      throw error(
          position,
          "truncated: "
              + what
              + " needs "
              + count
              + " bytes but only "
              + (limit - position)
              + " remain before "
              + ElfBytes.hex(limit));
    }
  }

  int u8(String what) {
    need(1, what);
    return data[position++] & 0xff;
  }

  int s8(String what) {
    need(1, what);
    return data[position++];
  }

  int u16(String what) {
    need(2, what);
    int v = (data[position] & 0xff) | (data[position + 1] & 0xff) << 8;
    position += 2;
    return v;
  }

  long u32(String what) {
    return unsigned(4, what);
  }

  /** An unsigned little-endian value of 1 to 8 bytes (8-byte values may read as negative). */
  long unsigned(int size, String what) {
    need(size, what);
    long v = 0;
    for (int i = 0; i < size; i++) {
      v |= (data[position + i] & 0xffL) << (8 * i);
    }
    position += size;
    return v;
  }

  /** An unsigned LEB128 value of at most 64 bits. */
  long uleb(String what) {
    int start = position;
    long value = 0;
    for (int i = 0; i < MAX_LEB_BYTES; i++) {
      int b = u8(what);
      if (i == 9 && (b & 0x7e) != 0) {
        throw error(start, what + ": LEB128 value does not fit in 64 bits");
      }
      value |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw error(start, what + ": LEB128 value longer than " + MAX_LEB_BYTES + " bytes");
  }

  /** A signed LEB128 value of at most 64 bits. */
  long sleb(String what) {
    int start = position;
    long value = 0;
    int shift = 0;
    for (int i = 0; i < MAX_LEB_BYTES; i++) {
      int b = u8(what);
      value |= (long) (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) == 0) {
        if (shift < 64 && (b & 0x40) != 0) {
          value |= -1L << shift;
        }
        return value;
      }
    }
    throw error(start, what + ": LEB128 value longer than " + MAX_LEB_BYTES + " bytes");
  }

  void skip(long count, String what) {
    need(count, what);
    position += (int) count;
  }

  /** A NUL-terminated UTF-8 string at the position, within the limit. */
  String cstring(String what) {
    int start = position;
    int stop = (int) Math.min(limit, (long) start + MAX_STRING_BYTES + 1);
    for (int i = start; i < stop; i++) {
      if (data[i] == 0) {
        position = i + 1;
        return new String(data, start, i - start, StandardCharsets.UTF_8);
      }
    }
    throw error(
        start,
        what
            + ": string is not NUL-terminated within "
            + (stop - start)
            + " bytes (strings longer than "
            + MAX_STRING_BYTES
            + " bytes are not read)");
  }

  private static String range(long from, long to) {
    return "[" + ElfBytes.hex(from) + ", " + ElfBytes.hex(to) + ")";
  }
}
