package io.hilt.probe.elf;

import java.util.Arrays;

/**
 * The file bytes of one {@code PT_LOAD} segment and where they go.
 *
 * <p>A flasher writes {@link #data()} at {@link #physicalAddress()} (the load address, {@code
 * p_paddr}). The {@link #zeroFillSize()} bytes after them ({@code .bss}) are not part of the image:
 * the firmware's startup code zeroes them at {@link #virtualAddress()}, as on a real board flashed
 * by probe-rs.
 *
 * @param physicalAddress {@code p_paddr}, where the bytes are stored (flash for {@code .data})
 * @param virtualAddress {@code p_vaddr}, where the code expects them at run time
 * @param data the {@code p_filesz} bytes from the file (never empty)
 * @param memorySize {@code p_memsz}, at least {@code data.length}
 */
public record LoadSegment(long physicalAddress, long virtualAddress, byte[] data, long memorySize) {
  public LoadSegment {
    data = data.clone();
    if (memorySize < data.length) {
      throw new IllegalArgumentException(
          "memorySize " + memorySize + " is smaller than the " + data.length + " data bytes");
    }
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** Number of file bytes. */
  public int size() {
    return data.length;
  }

  /** Bytes of {@code p_memsz} beyond the file data (not flashed). */
  public long zeroFillSize() {
    return memorySize - data.length;
  }

  /** First physical address after the data. */
  public long physicalEnd() {
    return physicalAddress + data.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LoadSegment s
        && s.physicalAddress == physicalAddress
        && s.virtualAddress == virtualAddress
        && s.memorySize == memorySize
        && Arrays.equals(s.data, data);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(physicalAddress) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return String.format(
        "LoadSegment[paddr=0x%08x, vaddr=0x%08x, %d bytes, memsz=%d]",
        physicalAddress, virtualAddress, data.length, memorySize);
  }
}
