package io.hilt.probe.elf;

/** One program header entry; all values are unsigned 32-bit held in longs. */
public record ProgramHeader(
    long type,
    long offset,
    long virtualAddress,
    long physicalAddress,
    long fileSize,
    long memorySize,
    long flags,
    long align) {
  public static final long PT_NULL = 0;
  public static final long PT_LOAD = 1;
  public static final long PF_X = 0x1;
  public static final long PF_W = 0x2;
  public static final long PF_R = 0x4;
}
