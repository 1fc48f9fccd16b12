package io.hilt.sim.riscv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Little-endian RAM addressed by offset, allocated in 64 KiB pages on first write (unwritten pages
 * read as zero), so a 128 MiB board costs only what the firmware touches. Keeps a decode cache per
 * page: one packed instruction per halfword, cleared by every write that touches it.
 */
public final class PagedRam {
  public static final int PAGE_BITS = 16;
  public static final int PAGE_SIZE = 1 << PAGE_BITS;
  private static final int PAGE_MASK = PAGE_SIZE - 1;
  private static final VarHandle SHORTS =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private final int size;
  private final byte[][] pages;
  private final long[][] decoded;

  /**
   * @param size bytes, a multiple of the page size
   */
  public PagedRam(int size) {
    if (size <= 0 || size % PAGE_SIZE != 0) {
      throw new IllegalArgumentException("RAM size must be a positive multiple of " + PAGE_SIZE);
    }
    this.size = size;
    this.pages = new byte[size >>> PAGE_BITS][];
    this.decoded = new long[size >>> PAGE_BITS][];
  }

  public int size() {
    return size;
  }

  private byte[] writable(int page) {
    byte[] p = pages[page];
    if (p == null) {
      p = new byte[PAGE_SIZE];
      pages[page] = p;
    }
    return p;
  }

  public int load8(int offset) {
    byte[] p = pages[offset >>> PAGE_BITS];
    return p == null ? 0 : p[offset & PAGE_MASK] & 0xFF;
  }

  // The hot paths below are kept small so the JIT inlines them into the interpreter loop.

  /** Any alignment; {@code offset + 1} must be inside. */
  public int load16(int offset) {
    int i = offset & PAGE_MASK;
    byte[] p = pages[offset >>> PAGE_BITS];
    if (i < PAGE_MASK && p != null) {
      return (short) SHORTS.get(p, i) & 0xFFFF;
    }
    return load8(offset) | load8(offset + 1) << 8;
  }

  /** Any alignment; {@code offset + 3} must be inside. */
  public int load32(int offset) {
    int i = offset & PAGE_MASK;
    byte[] p = pages[offset >>> PAGE_BITS];
    if (i < PAGE_MASK - 2 && p != null) {
      return (int) INTS.get(p, i);
    }
    return load32Slow(offset);
  }

  private int load32Slow(int offset) {
    return load8(offset)
        | load8(offset + 1) << 8
        | load8(offset + 2) << 16
        | load8(offset + 3) << 24;
  }

  public void store8(int offset, int value) {
    int page = offset >>> PAGE_BITS;
    int i = offset & PAGE_MASK;
    writable(page)[i] = (byte) value;
    invalidate(page, i);
  }

  public void store16(int offset, int value) {
    int i = offset & PAGE_MASK;
    if (i > PAGE_MASK - 1) {
      store8(offset, value);
      store8(offset + 1, value >>> 8);
      return;
    }
    int page = offset >>> PAGE_BITS;
    SHORTS.set(writable(page), i, (short) value);
    invalidate(page, i);
    if ((i & 1) != 0) {
      invalidate(page, i + 1);
    }
  }

  public void store32(int offset, int value) {
    int i = offset & PAGE_MASK;
    int page = offset >>> PAGE_BITS;
    byte[] p = pages[page];
    if (i < PAGE_MASK - 2 && p != null && decoded[page] == null) {
      INTS.set(p, i, value);
      return;
    }
    store32Slow(offset, value);
  }

  private void store32Slow(int offset, int value) {
    int i = offset & PAGE_MASK;
    if (i > PAGE_MASK - 3) {
      for (int k = 0; k < 4; k++) {
        store8(offset + k, value >>> (8 * k));
      }
      return;
    }
    int page = offset >>> PAGE_BITS;
    INTS.set(writable(page), i, value);
    invalidate(page, i);
    invalidate(page, i + 3);
  }

  /**
   * Clears the decode slot of the halfword holding byte {@code i} and the one before it (a 32-bit
   * instruction is cached at its first halfword), which may sit on the previous page.
   */
  private void invalidate(int page, int i) {
    long[] cache = decoded[page];
    int h = i >>> 1;
    if (cache != null) {
      cache[h] = 0;
      if (h > 0) {
        cache[h - 1] = 0;
      }
    }
    if (h == 0 && page > 0) {
      long[] before = decoded[page - 1];
      if (before != null) {
        before[before.length - 1] = 0;
      }
    }
  }

  /** The decode cache of a page, one slot per halfword, created on first use. */
  public long[] decodeCache(int page) {
    long[] cache = decoded[page];
    if (cache == null) {
      cache = new long[PAGE_SIZE >>> 1];
      decoded[page] = cache;
    }
    return cache;
  }

  /** Clears every decode cache (after breakpoints change, for example). */
  public void clearDecodeCaches() {
    for (long[] cache : decoded) {
      if (cache != null) {
        Arrays.fill(cache, 0);
      }
    }
  }

  /** Bytes of pages allocated so far. */
  public long allocatedBytes() {
    return Arrays.stream(pages).filter(p -> p != null).count() * PAGE_SIZE;
  }
}
