package io.hilt.sim.periph;

import io.hilt.sim.bus.Region;
import java.util.function.LongSupplier;

/**
 * The SiFive CLINT of QEMU's {@code virt} for one hart: msip at 0x0000, mtimecmp at 0x4000 and
 * mtime at 0xBFF8 (64-bit registers, accessible as 32-bit halves or bytes). mtime counts at 10 MHz
 * from the hart's cycle count; mtimecmp resets to 0, so the timer interrupt is pending from reset
 * as on QEMU. Every write calls the change listener, which updates the hart's mip.
 */
public final class Clint implements Region {
  public static final long TIMEBASE_HZ = 10_000_000L;
  public static final int MSIP = 0x0000;
  public static final int MTIMECMP = 0x4000;
  public static final int MTIME = 0xBFF8;
  public static final int SIZE = 0x10000;

  private final LongSupplier cycles;
  private final long cyclesPerTick;
  private Runnable onChange = () -> {};
  private int msip;
  private long mtimecmp;
  private long mtimeOffset;

  /**
   * @param cyclesPerTick hart cycles per mtime tick (hart clock / 10 MHz)
   */
  public Clint(LongSupplier cycles, long cyclesPerTick) {
    if (cyclesPerTick <= 0) {
      throw new IllegalArgumentException("cyclesPerTick must be positive, not " + cyclesPerTick);
    }
    this.cycles = cycles;
    this.cyclesPerTick = cyclesPerTick;
  }

  public void onChange(Runnable listener) {
    this.onChange = listener;
  }

  @Override
  public String name() {
    return "CLINT";
  }

  public void reset() {
    msip = 0;
    mtimecmp = 0;
    mtimeOffset = -(cycles.getAsLong() / cyclesPerTick);
  }

  public long mtime() {
    return cycles.getAsLong() / cyclesPerTick + mtimeOffset;
  }

  public long mtimecmp() {
    return mtimecmp;
  }

  public boolean softwarePending() {
    return msip != 0;
  }

  public boolean timerPending() {
    return Long.compareUnsigned(mtime(), mtimecmp) >= 0;
  }

  /**
   * The first cycle at which the timer interrupt becomes pending, or {@link Long#MAX_VALUE} when it
   * is pending already or never will be.
   */
  public long nextEventCycle() {
    if (timerPending()) {
      return Long.MAX_VALUE;
    }
    long ticks = mtimecmp - mtimeOffset;
    if (ticks < 0 || ticks > Long.MAX_VALUE / cyclesPerTick) {
      return Long.MAX_VALUE;
    }
    return ticks * cyclesPerTick;
  }

  private long register(int offset) {
    if (offset >= MTIMECMP && offset < MTIMECMP + 8) {
      return mtimecmp;
    }
    if (offset >= MTIME && offset < MTIME + 8) {
      return mtime();
    }
    return offset < 4 ? msip : 0;
  }

  @Override
  public long read(int offset, int size) {
    long value = register(offset) >>> (8 * (offset & (offset < 4 ? 3 : 7)));
    return size == 4 ? value & 0xFFFF_FFFFL : value & ((1L << (8 * size)) - 1);
  }

  @Override
  public boolean write(int offset, int size, int value) {
    if (offset < 4) {
      if (offset == 0) {
        msip = value & 1;
      }
    } else if (offset >= MTIMECMP && offset < MTIMECMP + 8) {
      mtimecmp = merge(mtimecmp, offset - MTIMECMP, size, value);
    } else if (offset >= MTIME && offset < MTIME + 8) {
      long wanted = merge(mtime(), offset - MTIME, size, value);
      mtimeOffset += wanted - mtime();
    }
    onChange.run();
    return true;
  }

  private static long merge(long old, int byteOffset, int size, int value) {
    long mask = (size == 4 ? 0xFFFF_FFFFL : (1L << (8 * size)) - 1) << (8 * byteOffset);
    return (old & ~mask) | ((Integer.toUnsignedLong(value) << (8 * byteOffset)) & mask);
  }
}
