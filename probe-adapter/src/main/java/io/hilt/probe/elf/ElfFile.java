package io.hilt.probe.elf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed ELF32 little-endian file (ARM or RISC-V): header, program headers, sections, symbols.
 * Immutable; every offset and size was checked against the file when it was parsed, so no accessor
 * fails later. Malformed input of any kind gives an {@link ElfException} naming the file, the
 * offset and the problem; no other exception escapes {@link #parse}.
 *
 * <p>What gets flashed ({@link #loadSegments()}) is the file bytes of each {@code PT_LOAD} segment
 * at its physical address ({@code p_paddr}), as probe-rs and OpenOCD do. The zero fill of a segment
 * whose memory size exceeds its file size ({@code .bss}) is not part of the image: it would land in
 * flash beyond {@code .data}'s load address, and the firmware's startup code zeroes {@code .bss}
 * itself.
 */
public final class ElfFile {
  /** {@code e_machine} of ARM. */
  public static final int EM_ARM = 40;

  /** {@code e_machine} of RISC-V. */
  public static final int EM_RISCV = 243;

  /** Largest file read; firmware ELFs with full debug info are a few MiB. */
  public static final int MAX_FILE_BYTES = 64 * 1024 * 1024;

  /** Most symbols read from one file (a large firmware has tens of thousands). */
  public static final int MAX_SYMBOLS = 1 << 20;

  private static final int EHDR_SIZE = 52;
  private static final int PHDR_SIZE = 32;
  private static final int SHDR_SIZE = 40;
  private static final int SYM_SIZE = 16;
  private static final long SHT_NULL = 0;
  private static final long SHT_SYMTAB = 2;
  private static final long SHT_STRTAB = 3;
  private static final long SHT_DYNSYM = 11;
  private static final int PN_XNUM = 0xffff;
  private static final int SHN_LORESERVE = 0xff00;
  private static final int SHN_XINDEX = 0xffff;
  private static final long ADDRESS_SPACE = 1L << 32;

  private final String name;
  private final byte[] data;
  private final ElfHeader header;
  private final List<ProgramHeader> programHeaders;
  private final List<Section> sections;
  private final List<ElfSymbol> symbols;
  private final Map<String, ElfSymbol> symbolsByName;
  private final List<ElfSymbol> sizedSymbols;
  private final List<LoadSegment> loadSegments;

  private ElfFile(
      String name,
      byte[] data,
      ElfHeader header,
      List<ProgramHeader> programHeaders,
      List<Section> sections,
      List<ElfSymbol> symbols) {
    this.name = name;
    this.data = data;
    this.header = header;
    this.programHeaders = List.copyOf(programHeaders);
    this.sections = List.copyOf(sections);
    this.symbols = List.copyOf(symbols);
    Map<String, ElfSymbol> byName = new HashMap<>();
    List<ElfSymbol> sized = new ArrayList<>();
    for (ElfSymbol s : symbols) {
      if (s.sectionIndex() == ElfSymbol.SHN_UNDEF) {
        continue;
      }
      byName.putIfAbsent(s.name(), s);
      if (s.size() > 0 && (s.type() == ElfSymbol.STT_FUNC || s.type() == ElfSymbol.STT_OBJECT)) {
        sized.add(s);
      }
    }
    this.symbolsByName = Collections.unmodifiableMap(byName);
    this.sizedSymbols = List.copyOf(sized);
    List<LoadSegment> segments = new ArrayList<>();
    for (ProgramHeader ph : programHeaders) {
      if (ph.type() == ProgramHeader.PT_LOAD && ph.fileSize() > 0) {
        byte[] bytes =
            Arrays.copyOfRange(data, (int) ph.offset(), (int) (ph.offset() + ph.fileSize()));
        segments.add(
            new LoadSegment(ph.physicalAddress(), ph.virtualAddress(), bytes, ph.memorySize()));
      }
    }
    this.loadSegments = List.copyOf(segments);
  }

  /**
   * Reads and parses a file (at most {@link #MAX_FILE_BYTES}).
   *
   * @throws ElfException naming the file, the offset and what is wrong (not an ELF, truncated...)
   */
  public static ElfFile read(Path file) {
    return parseOwned(readBytes(file), file.toString());
  }

  /**
   * The contents of a file to parse, read up to {@link #MAX_FILE_BYTES} (for callers that also hash
   * the bytes they parse).
   *
   * @throws ElfException when the file is missing, unreadable or too large
   */
  public static byte[] readBytes(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw tooLarge(file.toString(), size);
      }
      // bounded even when the size changed or was not known (a pipe or device reports 0)
      byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      if (bytes.length > MAX_FILE_BYTES) {
        throw tooLarge(file.toString(), bytes.length);
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new ElfException(file + ": no such file", e);
    } catch (IOException e) {
      throw new ElfException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static ElfException tooLarge(String name, long size) {
    return new ElfException(
        name
            + ": file is "
            + size
            + " bytes, larger than the "
            + (MAX_FILE_BYTES >> 20)
            + " MiB hilt reads from a firmware ELF (at offset "
            + ElfBytes.hex(MAX_FILE_BYTES)
            + ")");
  }

  /** Parses bytes (copied); {@code name} is used in messages. */
  public static ElfFile parse(byte[] data, String name) {
    return parseOwned(data.length > MAX_FILE_BYTES ? data : data.clone(), name);
  }

  private static ElfFile parseOwned(byte[] data, String name) {
    if (data.length > MAX_FILE_BYTES) {
      throw tooLarge(name, data.length);
    }
    return new Parser(data, name).parse();
  }

  /** The file name given to {@link #parse} or the path given to {@link #read}. */
  public String name() {
    return name;
  }

  public ElfHeader header() {
    return header;
  }

  public List<ProgramHeader> programHeaders() {
    return programHeaders;
  }

  /** Every section header in file order, including the null section at index 0. */
  public List<Section> sections() {
    return sections;
  }

  /** The first section with this exact name. */
  public Optional<Section> section(String sectionName) {
    return sections.stream().filter(s -> s.name().equals(sectionName)).findFirst();
  }

  /** The bytes of a section of this file ({@code SHT_NOBITS} sections give an empty array). */
  public byte[] sectionData(Section section) {
    if (section.index() < 0
        || section.index() >= sections.size()
        || !sections.get(section.index()).equals(section)) {
      throw new IllegalArgumentException(
          "section " + section.name() + " [" + section.index() + "] is not a section of " + name);
    }
    if (!section.hasFileData()) {
      return new byte[0];
    }
    return Arrays.copyOfRange(
        data, (int) section.offset(), (int) (section.offset() + section.size()));
  }

  /**
   * Every entry of {@code .symtab} (and {@code .dynsym} if present) except the null entry at index
   * 0, in file order.
   */
  public List<ElfSymbol> symbols() {
    return symbols;
  }

  /** The first defined (not {@code SHN_UNDEF}) symbol with this exact name. */
  public Optional<ElfSymbol> symbol(String symbolName) {
    return Optional.ofNullable(symbolsByName.get(symbolName));
  }

  /**
   * The function or object symbol (with a size) containing {@code address}, as {@code name+offset}.
   * When several contain it, the innermost (highest start) wins, then functions over objects. On
   * ARM, symbol values have the Thumb bit cleared already, so pass the address without it.
   */
  public Optional<SymbolicAddress> symbolize(long address) {
    ElfSymbol best = null;
    for (ElfSymbol s : sizedSymbols) {
      if (address >= s.value() && address - s.value() < s.size()) {
        if (best == null || BETTER_MATCH.compare(s, best) < 0) {
          best = s;
        }
      }
    }
    return Optional.ofNullable(best).map(s -> new SymbolicAddress(s.name(), address - s.value()));
  }

  private static final Comparator<ElfSymbol> BETTER_MATCH =
      Comparator.comparingLong(ElfSymbol::value)
          .reversed()
          .thenComparingInt(s -> s.type() == ElfSymbol.STT_FUNC ? 0 : 1);

  /**
   * The bytes to program: one entry per {@code PT_LOAD} segment with file data, at its physical
   * address, file bytes only (see the class comment on {@code .bss}).
   */
  public List<LoadSegment> loadSegments() {
    return loadSegments;
  }

  @Override
  public String toString() {
    return "ElfFile[" + name + ", machine " + header.machine() + "]";
  }

  /** One parse of one file; holds the raw section headers until symbols are read. */
  private static final class Parser {
    private final ElfBytes in;
    private final byte[] data;
    private final String name;

    Parser(byte[] data, String name) {
      this.data = data;
      this.name = name;
      this.in = new ElfBytes(data, name);
    }

    ElfFile parse() {
      checkIdent();
      if (data.length < EHDR_SIZE) {
        throw in.error(
            data.length,
            "truncated: the ELF header needs "
                + EHDR_SIZE
                + " bytes but the file has only "
                + data.length);
      }
      int type = in.u16(16, "e_type");
      int machine = in.u16(18, "e_machine");
      if (machine != EM_ARM && machine != EM_RISCV) {
        throw in.error(
            18,
            "e_machine is "
                + machine
                + machineName(machine)
                + ", hilt reads ARM ("
                + EM_ARM
                + ") and RISC-V ("
                + EM_RISCV
                + ") files");
      }
      ElfHeader header = new ElfHeader(type, machine, in.u32(24, "e_entry"), in.u32(36, "e_flags"));
      List<ProgramHeader> programHeaders = readProgramHeaders();
      List<RawSection> raw = readSectionHeaders();
      List<Section> sections = nameSections(raw);
      List<ElfSymbol> symbols = readSymbols(raw, sections, machine);
      return new ElfFile(name, data, header, programHeaders, sections, symbols);
    }

    private void checkIdent() {
      if (data.length < 4
          || data[0] != 0x7f
          || data[1] != 'E'
          || data[2] != 'L'
          || data[3] != 'F') {
        throw in.error(
            0,
            "not an ELF file: it starts with "
                + in.leadingBytes(16)
                + ", an ELF file starts with 7f 45 4c 46 (\\x7fELF)");
      }
      if (data.length < 16) {
        throw in.error(
            data.length,
            "truncated: the ELF identification needs 16 bytes but the file has only "
                + data.length);
      }
      switch (data[4]) {
        case 1 -> {}
        case 2 ->
            throw in.error(4, "ELF64 file (EI_CLASS 2): hilt reads 32-bit ELF (ARM, RV32) only");
        default -> throw in.error(4, "invalid EI_CLASS " + (data[4] & 0xff) + " (1 is ELF32)");
      }
      switch (data[5]) {
        case 1 -> {}
        case 2 ->
            throw in.error(5, "big-endian ELF (EI_DATA 2): hilt reads little-endian files only");
        default ->
            throw in.error(5, "invalid EI_DATA " + (data[5] & 0xff) + " (1 is little-endian)");
      }
    }

    private List<ProgramHeader> readProgramHeaders() {
      long phoff = in.u32(28, "e_phoff");
      int entsize = in.u16(42, "e_phentsize");
      int count = in.u16(44, "e_phnum");
      if (count == 0) {
        return List.of();
      }
      if (count == PN_XNUM) {
        throw in.error(44, "e_phnum is 0xffff (PN_XNUM): extended program header numbering");
      }
      if (entsize < PHDR_SIZE) {
        throw in.error(
            42, "e_phentsize is " + entsize + ", a program header needs " + PHDR_SIZE + " bytes");
      }
      in.checkRange(
          phoff, (long) count * entsize, "program header table (" + count + " entries, e_phoff)");
      List<ProgramHeader> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        long at = phoff + (long) i * entsize;
        ProgramHeader ph =
            new ProgramHeader(
                in.u32(at, "p_type"),
                in.u32(at + 4, "p_offset"),
                in.u32(at + 8, "p_vaddr"),
                in.u32(at + 12, "p_paddr"),
                in.u32(at + 16, "p_filesz"),
                in.u32(at + 20, "p_memsz"),
                in.u32(at + 24, "p_flags"),
                in.u32(at + 28, "p_align"));
        String what = "segment " + i + " (program header at offset " + ElfBytes.hex(at) + ")";
        if (ph.fileSize() > 0) {
          in.checkRange(ph.offset(), ph.fileSize(), what + " file data");
        }
        if (ph.type() == ProgramHeader.PT_LOAD) {
          if (ph.memorySize() < ph.fileSize()) {
            throw in.error(
                at + 20,
                what
                    + ": p_memsz "
                    + ElfBytes.hex(ph.memorySize())
                    + " is smaller than p_filesz "
                    + ElfBytes.hex(ph.fileSize()));
          }
          if (ph.physicalAddress() + ph.fileSize() > ADDRESS_SPACE
              || ph.virtualAddress() + ph.memorySize() > ADDRESS_SPACE) {
            throw in.error(at + 8, what + ": extends past the end of the 32-bit address space");
          }
        }
        out.add(ph);
      }
      return out;
    }

    private List<RawSection> readSectionHeaders() {
      long shoff = in.u32(32, "e_shoff");
      int entsize = in.u16(46, "e_shentsize");
      int count = in.u16(48, "e_shnum");
      if (count == 0) {
        if (shoff != 0) {
          throw in.error(
              48, "e_shnum is 0 with e_shoff " + ElfBytes.hex(shoff) + ": extended numbering");
        }
        return List.of();
      }
      if (count >= SHN_LORESERVE) {
        throw in.error(48, "e_shnum " + count + " is in the reserved range");
      }
      if (entsize < SHDR_SIZE) {
        throw in.error(
            46, "e_shentsize is " + entsize + ", a section header needs " + SHDR_SIZE + " bytes");
      }
      in.checkRange(
          shoff, (long) count * entsize, "section header table (" + count + " entries, e_shoff)");
      List<RawSection> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        long at = shoff + (long) i * entsize;
        RawSection s =
            new RawSection(
                i,
                at,
                in.u32(at, "sh_name"),
                in.u32(at + 4, "sh_type"),
                in.u32(at + 8, "sh_flags"),
                in.u32(at + 12, "sh_addr"),
                in.u32(at + 16, "sh_offset"),
                in.u32(at + 20, "sh_size"),
                in.u32(at + 24, "sh_link"),
                in.u32(at + 36, "sh_entsize"));
        if (s.type != SHT_NULL && s.type != Section.SHT_NOBITS) {
          in.checkRange(
              s.offset,
              s.size,
              "section " + i + " (header at offset " + ElfBytes.hex(at) + ") data");
        }
        out.add(s);
      }
      return out;
    }

    private List<Section> nameSections(List<RawSection> raw) {
      if (raw.isEmpty()) {
        return List.of();
      }
      int shstrndx = in.u16(50, "e_shstrndx");
      if (shstrndx == SHN_XINDEX) {
        throw in.error(50, "e_shstrndx is 0xffff (SHN_XINDEX): extended numbering");
      }
      if (shstrndx >= raw.size()) {
        throw in.error(
            50,
            "section name string table index e_shstrndx "
                + shstrndx
                + " is out of range ("
                + raw.size()
                + " sections)");
      }
      RawSection strtab = raw.get(shstrndx);
      if (shstrndx != 0 && strtab.type == Section.SHT_NOBITS) {
        throw in.error(strtab.headerOffset, "section name string table has no data (SHT_NOBITS)");
      }
      List<Section> out = new ArrayList<>(raw.size());
      for (RawSection s : raw) {
        String sectionName =
            shstrndx == 0
                ? ""
                : in.string(
                    strtab.offset,
                    strtab.size,
                    s.nameIndex,
                    "name of section "
                        + s.index
                        + " (header at offset "
                        + ElfBytes.hex(s.headerOffset)
                        + ")");
        out.add(new Section(s.index, sectionName, s.type, s.flags, s.address, s.offset, s.size));
      }
      return out;
    }

    private List<ElfSymbol> readSymbols(List<RawSection> raw, List<Section> sections, int machine) {
      List<ElfSymbol> out = new ArrayList<>();
      for (RawSection table : raw) {
        if (table.type != SHT_SYMTAB && table.type != SHT_DYNSYM) {
          continue;
        }
        String what =
            "symbol table "
                + sections.get(table.index).name()
                + " (section "
                + table.index
                + ", header at offset "
                + ElfBytes.hex(table.headerOffset)
                + ")";
        if (table.entrySize < SYM_SIZE) {
          throw in.error(
              table.headerOffset + 36,
              what + ": sh_entsize " + table.entrySize + ", a symbol needs " + SYM_SIZE + " bytes");
        }
        if (table.link == 0 || table.link >= raw.size()) {
          throw in.error(
              table.headerOffset + 24,
              what + ": string table index sh_link " + table.link + " is out of range");
        }
        RawSection strings = raw.get((int) table.link);
        if (strings.type != SHT_STRTAB) {
          throw in.error(
              strings.headerOffset,
              what + ": its string table (section " + strings.index + ") is not SHT_STRTAB");
        }
        long count = table.size / table.entrySize;
        if (out.size() + count > MAX_SYMBOLS) {
          throw in.error(
              table.offset, what + ": more than " + MAX_SYMBOLS + " symbols, too many to read");
        }
        for (long i = 1; i < count; i++) {
          long at = table.offset + i * table.entrySize;
          long nameIndex = in.u32(at, "st_name");
          long value = in.u32(at + 4, "st_value");
          long size = in.u32(at + 8, "st_size");
          int info = in.u8(at + 12, "st_info");
          int shndx = in.u16(at + 14, "st_shndx");
          int type = info & 0xf;
          String symbolName =
              in.string(
                  strings.offset,
                  strings.size,
                  nameIndex,
                  "name of symbol "
                      + i
                      + " in "
                      + what
                      + " (entry at offset "
                      + ElfBytes.hex(at)
                      + ")");
          boolean thumb = machine == EM_ARM && type == ElfSymbol.STT_FUNC && (value & 1) != 0;
          out.add(
              new ElfSymbol(
                  symbolName, thumb ? value & ~1L : value, size, type, info >>> 4, shndx, thumb));
        }
      }
      return out;
    }

    private static String machineName(int machine) {
      return switch (machine) {
        case 3 -> " (x86)";
        case 8 -> " (MIPS)";
        case 62 -> " (x86-64)";
        case 183 -> " (AArch64)";
        case 94 -> " (Xtensa)";
        case 83 -> " (AVR)";
        default -> "";
      };
    }
  }

  private record RawSection(
      int index,
      long headerOffset,
      long nameIndex,
      long type,
      long flags,
      long address,
      long offset,
      long size,
      long link,
      long entrySize) {}
}
