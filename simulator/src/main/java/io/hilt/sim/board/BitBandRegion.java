package io.hilt.sim.board;

import io.hilt.sim.bus.Bus;
import io.hilt.sim.bus.Region;

/**
 * A Cortex-M3/M4 bit-band alias: each word of the 32 MiB alias reads and writes one bit of the 1
 * MiB region it covers (word {@code n} is bit {@code n % 8} of byte {@code n / 8}). A read gives 0
 * or 1; a write stores bit 0 of the value with a read-modify-write of the byte. Accesses of any
 * size are treated alike, as QEMU's mps2 boards do.
 */
final class BitBandRegion implements Region {
  /** Bytes of alias space: 32 MiB for 1 MiB of bits. */
  static final long WINDOW = 0x200_0000L;

  private final String name;
  private final Bus bus;
  private final int target;

  /**
   * @param target the start of the bit-band region the alias covers
   */
  BitBandRegion(String name, Bus bus, int target) {
    this.name = name;
    this.bus = bus;
    this.target = target;
  }

  @Override
  public String name() {
    return name;
  }

  private int byteAddress(int offset) {
    return target + (offset >>> 5);
  }

  private static int bit(int offset) {
    return (offset >>> 2) & 7;
  }

  @Override
  public long read(int offset, int size) {
    long b = bus.read8(byteAddress(offset));
    return b < 0 ? Bus.ERROR : (b >>> bit(offset)) & 1;
  }

  @Override
  public boolean write(int offset, int size, int value) {
    int address = byteAddress(offset);
    long b = bus.read8(address);
    if (b < 0) {
      return false;
    }
    int mask = 1 << bit(offset);
    int updated = (value & 1) != 0 ? (int) b | mask : (int) b & ~mask;
    return bus.write8(address, updated);
  }
}
