package io.hilt.probe.elf;

/** One section header entry with its resolved name. */
public record Section(
    int index, String name, long type, long flags, long address, long offset, long size) {
  public static final long SHT_NOBITS = 8;
  public static final long SHF_ALLOC = 0x2;
}
