package io.hilt.probe.elf;

/**
 * One symbol table entry.
 *
 * @param type {@code STT_*}: 0 notype, 1 object, 2 func, 3 section, 4 file
 * @param binding {@code STB_*}: 0 local, 1 global, 2 weak
 * @param sectionIndex {@code st_shndx} (0 undefined, 0xfff1 absolute)
 */
public record ElfSymbol(
    String name, long value, long size, int type, int binding, int sectionIndex) {
  public static final int STT_OBJECT = 1;
  public static final int STT_FUNC = 2;
}
