package io.hilt.probe.elf;

import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked little-endian reads from the bytes of one file. Every read names what it reads, so
 * an out-of-range offset becomes an {@link ElfException} naming the file, the field and the offset
 * rather than an IndexOutOfBoundsException.
 */
final class ElfBytes {
  /** Longest symbol or section name read; longer (or unterminated) names are an error. */
  static final int MAX_NAME_BYTES = 4096;

  private final byte[] data;
  private final String name;

  ElfBytes(byte[] data, String name) {
    this.data = data;
    this.name = name;
  }

  int length() {
    return data.length;
  }

  String name() {
    return name;
  }

  ElfException error(long offset, String problem) {
    return new ElfException(name + ": " + problem + " (at offset " + hex(offset) + ")");
  }

  /** Fails unless {@code [offset, offset + size)} lies inside the file. */
  void checkRange(long offset, long size, String what) {
    if (offset < 0 || size < 0 || offset > data.length || size > data.length - offset) {
      throw error(
          offset,
          what
              + " of "
              + size
              + " bytes at offset "
              + hex(offset)
              + " runs past the end of the file ("
              + data.length
              + " bytes)");
    }
  }

  int u8(long offset, String what) {
    checkRange(offset, 1, what);
    return data[(int) offset] & 0xff;
  }

  int u16(long offset, String what) {
    checkRange(offset, 2, what);
    int i = (int) offset;
    return (data[i] & 0xff) | (data[i + 1] & 0xff) << 8;
  }

  long u32(long offset, String what) {
    checkRange(offset, 4, what);
    int i = (int) offset;
    return ((data[i] & 0xffL)
        | (data[i + 1] & 0xffL) << 8
        | (data[i + 2] & 0xffL) << 16
        | (data[i + 3] & 0xffL) << 24);
  }

  byte[] slice(long offset, long size, String what) {
    checkRange(offset, size, what);
    byte[] out = new byte[(int) size];
    System.arraycopy(data, (int) offset, out, 0, (int) size);
    return out;
  }

  /**
   * The NUL-terminated string at {@code index} in the string table at {@code [tableOffset,
   * tableOffset + tableSize)} (already range-checked by the caller).
   */
  String string(long tableOffset, long tableSize, long index, String what) {
    if (index < 0 || index >= tableSize) {
      throw error(
          tableOffset,
          what
              + ": string index "
              + index
              + " is outside its string table ("
              + tableSize
              + " bytes at offset "
              + hex(tableOffset)
              + ")");
    }
    int start = (int) (tableOffset + index);
    int limit = (int) Math.min(tableOffset + tableSize, (long) start + MAX_NAME_BYTES + 1);
    for (int i = start; i < limit; i++) {
      if (data[i] == 0) {
        return new String(data, start, i - start, StandardCharsets.UTF_8);
      }
    }
    throw error(
        start,
        what
            + ": string at index "
            + index
            + " is not NUL-terminated within "
            + (limit - start)
            + " bytes (string table at offset "
            + hex(tableOffset)
            + ", names longer than "
            + MAX_NAME_BYTES
            + " bytes are not read)");
  }

  /** The first bytes of the file in hex, for "not an ELF" messages. */
  String leadingBytes(int count) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(count, data.length); i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(String.format("%02x", data[i] & 0xff));
    }
    return data.length == 0 ? "(empty file)" : sb.toString();
  }

  static String hex(long value) {
    return "0x" + Long.toHexString(value);
  }
}
