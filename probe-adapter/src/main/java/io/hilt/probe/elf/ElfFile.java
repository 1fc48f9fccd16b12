package io.hilt.probe.elf;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A parsed ELF32 little-endian file (ARM or RISC-V): header, program headers, sections, symbols.
 * Immutable; every offset and size was checked against the file when it was parsed.
 */
public final class ElfFile {
  /** {@code e_machine} of ARM. */
  public static final int EM_ARM = 40;

  /** {@code e_machine} of RISC-V. */
  public static final int EM_RISCV = 243;

  private ElfFile() {}

  /**
   * Reads and parses a file.
   *
   * @throws ElfException naming the file, the offset and what is wrong (not an ELF, truncated...)
   */
  public static ElfFile read(Path file) {
    throw new ElfException("ELF reader not written yet: " + file);
  }

  /** Parses bytes; {@code name} is used in messages. */
  public static ElfFile parse(byte[] data, String name) {
    throw new ElfException("ELF reader not written yet: " + name);
  }

  public String name() {
    return "";
  }

  public ElfHeader header() {
    throw new ElfException("ELF reader not written yet");
  }

  public List<ProgramHeader> programHeaders() {
    return List.of();
  }

  public List<Section> sections() {
    return List.of();
  }

  public Optional<Section> section(String sectionName) {
    return Optional.empty();
  }

  /** The bytes of a section ({@code SHT_NOBITS} sections give an empty array). */
  public byte[] sectionData(Section section) {
    return new byte[0];
  }

  /** Every entry of {@code .symtab} (and {@code .dynsym} if present), in file order. */
  public List<ElfSymbol> symbols() {
    return List.of();
  }

  /** The first symbol with this exact name. */
  public Optional<ElfSymbol> symbol(String symbolName) {
    return Optional.empty();
  }

  /**
   * The function (or object) symbol containing {@code address}, as {@code name+offset}. On ARM the
   * Thumb bit of function symbols is ignored.
   */
  public Optional<SymbolicAddress> symbolize(long address) {
    return Optional.empty();
  }

  /** The bytes the loader places at each physical address: PT_LOAD segments with file data. */
  public List<LoadSegment> loadSegments() {
    return List.of();
  }
}
