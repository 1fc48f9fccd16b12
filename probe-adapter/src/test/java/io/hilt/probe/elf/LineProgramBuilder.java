package io.hilt.probe.elf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one {@code .debug_line} unit by hand, for cases gcc does not produce (other opcode bases,
 * DWARF64, define_file, vendor opcodes) and for malformed input. Header fields are public so a test
 * can break them.
 */
final class LineProgramBuilder {
  int version = 3;
  boolean dwarf64;
  int minInstructionLength = 2;
  int maxOps = 1;
  int lineBase = -5;
  int lineRange = 14;
  int opcodeBase = 13;
  int[] standardLengths = {0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1};
  final List<String> directories = new ArrayList<>();

  /** name, directory index. */
  final List<Object[]> files = new ArrayList<>();

  /** DWARF 5 only: path form for directories and files (0x08 string, 0x0e strp, 0x1f line_strp). */
  int pathForm = 0x08;

  /** DWARF 5 only: directory index form of files (0x0b data1 or 0x0f udata). */
  int directoryIndexForm = 0x0b;

  final ByteArrayOutputStream program = new ByteArrayOutputStream();

  LineProgramBuilder directory(String dir) {
    directories.add(dir);
    return this;
  }

  LineProgramBuilder file(String name, int directory) {
    files.add(new Object[] {name, directory});
    return this;
  }

  LineProgramBuilder op(int... bytes) {
    for (int b : bytes) {
      program.write(b);
    }
    return this;
  }

  LineProgramBuilder uleb(long value) {
    do {
      int b = (int) (value & 0x7f);
      value >>>= 7;
      program.write(value != 0 ? b | 0x80 : b);
    } while (value != 0);
    return this;
  }

  LineProgramBuilder sleb(long value) {
    boolean more = true;
    while (more) {
      int b = (int) (value & 0x7f);
      value >>= 7;
      more = !((value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0));
      program.write(more ? b | 0x80 : b);
    }
    return this;
  }

  LineProgramBuilder setAddress(long address) {
    op(0, 5, 2);
    for (int i = 0; i < 4; i++) {
      program.write((int) (address >>> (8 * i)) & 0xff);
    }
    return this;
  }

  LineProgramBuilder endSequence() {
    return op(0, 1, 1);
  }

  LineProgramBuilder advanceLine(long delta) {
    op(3);
    return sleb(delta);
  }

  LineProgramBuilder advancePc(long ops) {
    op(2);
    return uleb(ops);
  }

  LineProgramBuilder copy() {
    return op(1);
  }

  /** The special opcode that advances the address by {@code ops} and the line by {@code lines}. */
  LineProgramBuilder special(int ops, int lines) {
    int opcode = (lines - lineBase) + lineRange * ops + opcodeBase;
    if (lines < lineBase || lines >= lineBase + lineRange || opcode > 255) {
      throw new IllegalArgumentException("no special opcode for " + ops + ", " + lines);
    }
    return op(opcode);
  }

  byte[] build() {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    header.write(minInstructionLength);
    if (version >= 4) {
      header.write(maxOps);
    }
    header.write(1);
    header.write(lineBase);
    header.write(lineRange);
    header.write(opcodeBase);
    for (int i = 0; i < opcodeBase - 1; i++) {
      header.write(i < standardLengths.length ? standardLengths[i] : 0);
    }
    if (version >= 5) {
      header.write(1);
      writeUleb(header, 1);
      writeUleb(header, pathForm);
      writeUleb(header, directories.size());
      for (String d : directories) {
        writeString(header, d);
      }
      header.write(2);
      writeUleb(header, 1);
      writeUleb(header, pathForm);
      writeUleb(header, 2);
      writeUleb(header, directoryIndexForm);
      writeUleb(header, files.size());
      for (Object[] f : files) {
        writeString(header, (String) f[0]);
        if (directoryIndexForm == 0x0f) {
          writeUleb(header, (Integer) f[1]);
        } else {
          header.write((Integer) f[1]);
        }
      }
    } else {
      for (String d : directories) {
        writeString(header, d);
      }
      header.write(0);
      for (Object[] f : files) {
        writeString(header, (String) f[0]);
        writeUleb(header, (Integer) f[1]);
        header.write(0);
        header.write(0);
      }
      header.write(0);
    }
    int offsetSize = dwarf64 ? 8 : 4;
    ByteArrayOutputStream afterLength = new ByteArrayOutputStream();
    writeLe(afterLength, version, 2);
    if (version >= 5) {
      afterLength.write(4);
      afterLength.write(0);
    }
    writeLe(afterLength, header.size(), offsetSize);
    afterLength.writeBytes(header.toByteArray());
    afterLength.writeBytes(program.toByteArray());
    ByteArrayOutputStream unit = new ByteArrayOutputStream();
    if (dwarf64) {
      writeLe(unit, 0xffffffffL, 4);
    }
    writeLe(unit, afterLength.size(), offsetSize);
    unit.writeBytes(afterLength.toByteArray());
    return unit.toByteArray();
  }

  /** The strings of the DWARF 5 tables, when {@link #pathForm} is line_strp or strp. */
  private final ByteArrayOutputStream lineStr = new ByteArrayOutputStream();

  byte[] lineStr() {
    return lineStr.toByteArray();
  }

  private void writeString(ByteArrayOutputStream out, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    if (version >= 5 && (pathForm == 0x1f || pathForm == 0x0e)) {
      writeLe(out, lineStr.size(), dwarf64 ? 8 : 4);
      lineStr.writeBytes(bytes);
      lineStr.write(0);
    } else {
      out.writeBytes(bytes);
      out.write(0);
    }
  }

  private static void writeUleb(ByteArrayOutputStream out, long value) {
    do {
      int b = (int) (value & 0x7f);
      value >>>= 7;
      out.write(value != 0 ? b | 0x80 : b);
    } while (value != 0);
  }

  private static void writeLe(ByteArrayOutputStream out, long value, int size) {
    for (int i = 0; i < size; i++) {
      out.write((int) (value >>> (8 * i)) & 0xff);
    }
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
