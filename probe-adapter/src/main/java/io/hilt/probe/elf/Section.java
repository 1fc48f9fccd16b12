package io.hilt.probe.elf;

/** One section header entry with its resolved name; values are unsigned 32-bit held in longs. */
public record Section(
    int index, String name, long type, long flags, long address, long offset, long size) {
  public static final long SHT_NULL = 0;
  public static final long SHT_PROGBITS = 1;
  public static final long SHT_NOBITS = 8;
  public static final long SHF_WRITE = 0x1;
  public static final long SHF_ALLOC = 0x2;
  public static final long SHF_EXECINSTR = 0x4;

  public Section {
    if (name == null) {
      throw new IllegalArgumentException("section name must not be null");
    }
  }

  /** Occupies memory at run time ({@code SHF_ALLOC}). */
  public boolean isAllocated() {
    return (flags & SHF_ALLOC) != 0;
  }

  /** Has bytes in the file (not {@code SHT_NULL} or {@code SHT_NOBITS}). */
  public boolean hasFileData() {
    return type != SHT_NULL && type != SHT_NOBITS;
  }

  /** {@code address <= addr < address + size}. */
  public boolean contains(long addr) {
    return addr >= address && addr - address < size;
  }
}
