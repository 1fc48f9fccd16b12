package io.hilt.probe.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds small ELF32 little-endian executables in tests (for RISC-V, which has no compiler here,
 * and for malformed-input tests). Layout: ELF header, program headers, section data, symbol table,
 * string tables, section headers. Each load segment covers exactly one section.
 */
public final class ElfBuilder {
  public static final int EHDR = 52;
  public static final int PHDR = 32;
  public static final int SHDR = 40;

  private record Sec(String name, long type, long flags, long address, byte[] data, long size) {}

  private record Seg(String section, long physicalAddress, long extraMemory) {}

  private record Sym(String name, long value, long size, int type, int binding, String section) {}

  private int machine = ElfFile.EM_RISCV;
  private long entry;
  private long flags;
  private final List<Sec> sections = new ArrayList<>();
  private final List<Seg> segments = new ArrayList<>();
  private final List<Sym> symbols = new ArrayList<>();

  public ElfBuilder machine(int value) {
    machine = value;
    return this;
  }

  public ElfBuilder entry(long value) {
    entry = value;
    return this;
  }

  public ElfBuilder flags(long value) {
    flags = value;
    return this;
  }

  public ElfBuilder progbits(String name, long sectionFlags, long address, byte[] data) {
    sections.add(new Sec(name, Section.SHT_PROGBITS, sectionFlags, address, data, data.length));
    return this;
  }

  public ElfBuilder nobits(String name, long address, long size) {
    sections.add(
        new Sec(
            name,
            Section.SHT_NOBITS,
            Section.SHF_ALLOC | Section.SHF_WRITE,
            address,
            new byte[0],
            size));
    return this;
  }

  /** A PT_LOAD segment holding one section, loaded at {@code physicalAddress}. */
  public ElfBuilder load(String section, long physicalAddress, long extraMemory) {
    segments.add(new Seg(section, physicalAddress, extraMemory));
    return this;
  }

  /** {@code section} is a section name, "ABS" or "UND". */
  public ElfBuilder symbol(
      String name, long value, long size, int type, int binding, String section) {
    symbols.add(new Sym(name, value, size, type, binding, section));
    return this;
  }

  public byte[] build() {
    // section indexes: 0 null, user sections, then .symtab, .strtab, .shstrtab
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < sections.size(); i++) {
      index.put(sections.get(i).name(), i + 1);
    }
    int symtabIndex = sections.size() + 1;
    int strtabIndex = symtabIndex + 1;
    int shstrtabIndex = strtabIndex + 1;
    int sectionCount = shstrtabIndex + 1;

    StringTable strtab = new StringTable();
    ByteBuffer symtab = le(ByteBuffer.allocate(16 * (symbols.size() + 1)));
    symtab.position(16);
    int firstGlobal = 1;
    for (Sym s : symbols) {
      if (s.binding() == ElfSymbol.STB_LOCAL) {
        firstGlobal++;
      }
      int shndx =
          switch (s.section()) {
            case "ABS" -> ElfSymbol.SHN_ABS;
            case "UND" -> ElfSymbol.SHN_UNDEF;
            default -> index.get(s.section());
          };
      symtab.putInt(strtab.add(s.name()));
      symtab.putInt((int) s.value());
      symtab.putInt((int) s.size());
      symtab.put((byte) (s.binding() << 4 | s.type()));
      symtab.put((byte) 0);
      symtab.putShort((short) shndx);
    }
    StringTable shstrtab = new StringTable();

    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int dataStart = EHDR + PHDR * segments.size();
    long[] offsets = new long[sectionCount];
    for (int i = 0; i < sections.size(); i++) {
      offsets[i + 1] = align(body, dataStart);
      body.writeBytes(sections.get(i).data());
    }
    offsets[symtabIndex] = align(body, dataStart);
    body.writeBytes(symtab.array());
    offsets[strtabIndex] = dataStart + body.size();
    body.writeBytes(strtab.bytes());
    int[] shNames = new int[sectionCount];
    for (int i = 0; i < sections.size(); i++) {
      shNames[i + 1] = shstrtab.add(sections.get(i).name());
    }
    shNames[symtabIndex] = shstrtab.add(".symtab");
    shNames[strtabIndex] = shstrtab.add(".strtab");
    shNames[shstrtabIndex] = shstrtab.add(".shstrtab");
    offsets[shstrtabIndex] = dataStart + body.size();
    byte[] shstrBytes = shstrtab.bytes();
    body.writeBytes(shstrBytes);
    long shoff = align(body, dataStart);

    ByteBuffer out = le(ByteBuffer.allocate((int) shoff + SHDR * sectionCount));
    out.put(new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1, 0});
    out.position(16);
    out.putShort((short) ElfHeader.ET_EXEC);
    out.putShort((short) machine);
    out.putInt(1);
    out.putInt((int) entry);
    out.putInt(segments.isEmpty() ? 0 : EHDR);
    out.putInt((int) shoff);
    out.putInt((int) flags);
    out.putShort((short) EHDR);
    out.putShort((short) PHDR);
    out.putShort((short) segments.size());
    out.putShort((short) SHDR);
    out.putShort((short) sectionCount);
    out.putShort((short) shstrtabIndex);
    for (Seg seg : segments) {
      int i = index.get(seg.section());
      Sec sec = sections.get(i - 1);
      boolean nobits = sec.type() == Section.SHT_NOBITS;
      out.putInt((int) ProgramHeader.PT_LOAD);
      out.putInt((int) offsets[i]);
      out.putInt((int) sec.address());
      out.putInt((int) seg.physicalAddress());
      out.putInt(nobits ? 0 : (int) sec.size());
      out.putInt((int) (sec.size() + seg.extraMemory()));
      out.putInt((int) (ProgramHeader.PF_R | ProgramHeader.PF_X));
      out.putInt(4);
    }
    out.position(dataStart);
    out.put(body.toByteArray());
    out.position((int) shoff + SHDR); // index 0 stays all zero
    for (int i = 0; i < sections.size(); i++) {
      Sec s = sections.get(i);
      sectionHeader(
          out, shNames[i + 1], s.type(), s.flags(), s.address(), offsets[i + 1], s.size());
      out.putInt(0).putInt(0).putInt(4).putInt(0);
    }
    sectionHeader(out, shNames[symtabIndex], 2, 0, 0, offsets[symtabIndex], symtab.capacity());
    out.putInt(strtabIndex).putInt(firstGlobal).putInt(4).putInt(16);
    sectionHeader(out, shNames[strtabIndex], 3, 0, 0, offsets[strtabIndex], strtab.bytes().length);
    out.putInt(0).putInt(0).putInt(1).putInt(0);
    sectionHeader(out, shNames[shstrtabIndex], 3, 0, 0, offsets[shstrtabIndex], shstrBytes.length);
    out.putInt(0).putInt(0).putInt(1).putInt(0);
    return out.array();
  }

  private static void sectionHeader(
      ByteBuffer out, int name, long type, long flags, long address, long offset, long size) {
    out.putInt(name).putInt((int) type).putInt((int) flags).putInt((int) address);
    out.putInt((int) offset).putInt((int) size);
  }

  private static long align(ByteArrayOutputStream body, int base) {
    while ((base + body.size()) % 4 != 0) {
      body.write(0);
    }
    return base + body.size();
  }

  private static ByteBuffer le(ByteBuffer b) {
    return b.order(ByteOrder.LITTLE_ENDIAN);
  }

  public static long u32(byte[] data, int offset) {
    return le(ByteBuffer.wrap(data)).getInt(offset) & 0xffffffffL;
  }

  public static int u16(byte[] data, int offset) {
    return le(ByteBuffer.wrap(data)).getShort(offset) & 0xffff;
  }

  public static void putU32(byte[] data, int offset, long value) {
    le(ByteBuffer.wrap(data)).putInt(offset, (int) value);
  }

  public static void putU16(byte[] data, int offset, int value) {
    le(ByteBuffer.wrap(data)).putShort(offset, (short) value);
  }

  /** Offset of section header {@code index} in a built (or any) ELF32 file. */
  public static int sectionHeaderOffset(byte[] elf, int index) {
    return (int) u32(elf, 32) + index * u16(elf, 46);
  }

  private static final class StringTable {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    StringTable() {
      bytes.write(0);
    }

    int add(String s) {
      int at = bytes.size();
      bytes.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      bytes.write(0);
      return at;
    }

    byte[] bytes() {
      return bytes.toByteArray();
    }
  }
}
