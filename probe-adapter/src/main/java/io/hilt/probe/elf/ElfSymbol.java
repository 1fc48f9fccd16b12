package io.hilt.probe.elf;

/**
 * One symbol table entry.
 *
 * @param value {@code st_value}; for ARM function symbols with the Thumb bit cleared, so it is the
 *     address of the first instruction (as {@code nm} prints it); see {@link #thumb}
 * @param type {@code STT_*}: 0 notype, 1 object, 2 func, 3 section, 4 file
 * @param binding {@code STB_*}: 0 local, 1 global, 2 weak
 * @param sectionIndex {@code st_shndx} (0 undefined, 0xfff1 absolute)
 * @param thumb an ARM function whose {@code st_value} had bit 0 set (Thumb code)
 */
public record ElfSymbol(
    String name, long value, long size, int type, int binding, int sectionIndex, boolean thumb) {
  public static final int STT_NOTYPE = 0;
  public static final int STT_OBJECT = 1;
  public static final int STT_FUNC = 2;
  public static final int STT_SECTION = 3;
  public static final int STT_FILE = 4;
  public static final int STB_LOCAL = 0;
  public static final int STB_GLOBAL = 1;
  public static final int STB_WEAK = 2;
  public static final int SHN_UNDEF = 0;
  public static final int SHN_ABS = 0xfff1;

  public ElfSymbol {
    if (name == null) {
      throw new IllegalArgumentException("symbol name must not be null");
    }
  }

  /** {@code st_value} as stored in the file (Thumb bit included). */
  public long rawValue() {
    return thumb ? value | 1 : value;
  }
}
