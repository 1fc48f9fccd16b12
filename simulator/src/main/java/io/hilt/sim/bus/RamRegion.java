package io.hilt.sim.bus;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Little-endian RAM, possibly mirrored over a larger window. Keeps the decode cache of the code it
 * holds: a decoded-instruction slot per halfword, cleared by every write that touches it.
 */
public final class RamRegion implements Region {
  private static final VarHandle SHORTS =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private final String name;
  private final int base;
  private final long window;
  private final int mask;
  private final byte[] bytes;
  private int[] decoded = new int[0];

  /**
   * @param size bytes of storage (a power of two)
   * @param window bytes of address space it answers (a multiple of size: the rest mirrors it)
   */
  public RamRegion(String name, int base, int size, long window) {
    if (Integer.bitCount(size) != 1 || window < size || window % size != 0) {
      throw new IllegalArgumentException(
          "RAM " + name + ": size must be a power of two and the window a multiple of it");
    }
    this.name = name;
    this.base = base;
    this.window = window;
    this.mask = size - 1;
    this.bytes = new byte[size];
  }

  @Override
  public String name() {
    return name;
  }

  public int base() {
    return base;
  }

  public long window() {
    return window;
  }

  public int size() {
    return mask + 1;
  }

  /** True when {@code address} falls in this region's window. */
  public boolean contains(int address) {
    return Integer.toUnsignedLong(address - base) < window;
  }

  /** Storage index of a bus address in this region. */
  public int index(int address) {
    return (address - base) & mask;
  }

  public int load8(int address) {
    return bytes[index(address)] & 0xFF;
  }

  public int load16(int address) {
    int i = index(address);
    if (i == mask) {
      return (bytes[i] & 0xFF) | (bytes[0] & 0xFF) << 8;
    }
    return (short) SHORTS.get(bytes, i) & 0xFFFF;
  }

  public int load32(int address) {
    int i = index(address);
    if (i > mask - 3) {
      return load8(address)
          | load8(address + 1) << 8
          | load8(address + 2) << 16
          | load8(address + 3) << 24;
    }
    return (int) INTS.get(bytes, i);
  }

  public void store8(int address, int value) {
    int i = index(address);
    bytes[i] = (byte) value;
    invalidate(i, 1);
  }

  public void store16(int address, int value) {
    int i = index(address);
    if (i == mask) {
      store8(address, value);
      store8(address + 1, value >>> 8);
      return;
    }
    SHORTS.set(bytes, i, (short) value);
    invalidate(i, 2);
  }

  public void store32(int address, int value) {
    int i = index(address);
    if (i > mask - 3) {
      for (int k = 0; k < 4; k++) {
        store8(address + k, value >>> (8 * k));
      }
      return;
    }
    INTS.set(bytes, i, value);
    invalidate(i, 4);
  }

  private void invalidate(int index, int length) {
    int[] cache = decoded;
    if (cache.length != 0) {
      // A 32-bit instruction is cached at its first halfword, so a write may stale the one before.
      int first = Math.max(0, (index >> 1) - 1);
      int last = (index + length - 1) >> 1;
      for (int h = first; h <= last; h++) {
        cache[h] = 0;
      }
    }
  }

  /** The decode cache (one slot per halfword of storage), created on first use. */
  public int[] decodeCache() {
    if (decoded.length == 0) {
      decoded = new int[bytes.length >> 1];
    }
    return decoded;
  }

  /** Clears every cached decoding (after breakpoints change, for example). */
  public void clearDecodeCache() {
    Arrays.fill(decoded, 0);
  }

  @Override
  public long read(int offset, int size) {
    int address = base + offset;
    return switch (size) {
      case 1 -> load8(address);
      case 2 -> load16(address);
      default -> Integer.toUnsignedLong(load32(address));
    };
  }

  @Override
  public boolean write(int offset, int size, int value) {
    int address = base + offset;
    switch (size) {
      case 1 -> store8(address, value);
      case 2 -> store16(address, value);
      default -> store32(address, value);
    }
    return true;
  }
}
