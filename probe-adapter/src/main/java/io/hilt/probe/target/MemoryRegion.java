package io.hilt.probe.target;

import java.util.Objects;

/**
 * A named range of target memory.
 *
 * @param name for example {@code flash} or {@code ram}
 * @param start first address
 * @param size length in bytes (positive; start + size must fit in 32 bits)
 */
public record MemoryRegion(String name, long start, long size) {
  public MemoryRegion {
    Objects.requireNonNull(name, "name");
    if (start < 0 || size <= 0 || start + size > 0x1_0000_0000L) {
      throw new IllegalArgumentException(
          String.format(
              "memory region %s: start 0x%x size 0x%x is outside the 32-bit space",
              name, start, size));
    }
  }

  /** One past the last address. */
  public long end() {
    return start + size;
  }

  public boolean contains(long address) {
    return address >= start && address < end();
  }
}
