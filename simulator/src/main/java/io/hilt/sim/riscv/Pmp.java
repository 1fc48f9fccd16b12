package io.hilt.sim.riscv;

import java.util.Optional;

/**
 * Physical Memory Protection with 16 entries and a grain of 4 bytes, as QEMU 7.2's {@code virt}
 * hart has: pmpcfg0..3 and pmpaddr0..15, address matching OFF/TOR/NA4/NAPOT, R/W/X permissions and
 * L locking. The lowest-numbered entry matching any byte of an access decides; an access only
 * partly inside it fails. M-mode accesses are checked only against locked entries and succeed when
 * nothing matches; U-mode accesses that match nothing fail (16 entries are implemented).
 */
public final class Pmp {
  public static final int ENTRIES = 16;
  public static final int R = 1;
  public static final int W = 2;
  public static final int X = 4;
  public static final int A_OFF = 0;
  public static final int A_TOR = 1;
  public static final int A_NA4 = 2;
  public static final int A_NAPOT = 3;
  private static final int L = 0x80;

  private final int[] cfg = new int[ENTRIES];
  private final int[] addr = new int[ENTRIES];
  // Byte ranges [lo, hi) per entry, recomputed on every change (hi <= lo: matches nothing).
  private final long[] lo = new long[ENTRIES];
  private final long[] hi = new long[ENTRIES];
  private int active;
  private boolean anyLocked;
  private Runnable onChange = () -> {};

  /** Called after every change of the configuration (the core recomputes its fast paths). */
  public void onChange(Runnable listener) {
    this.onChange = listener;
  }

  public void reset() {
    java.util.Arrays.fill(cfg, 0);
    java.util.Arrays.fill(addr, 0);
    recompute();
  }

  /** True when some entry is not OFF. */
  public boolean anyActive() {
    return active != 0;
  }

  /** True when some active entry is locked, so M-mode accesses need checking. */
  public boolean anyLocked() {
    return anyLocked;
  }

  public static int a(int cfgByte) {
    return cfgByte >>> 3 & 3;
  }

  public static boolean locked(int cfgByte) {
    return (cfgByte & L) != 0;
  }

  public int cfgByte(int entry) {
    return cfg[entry];
  }

  public int readCfg(int register) {
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v |= cfg[register * 4 + i] << (8 * i);
    }
    return v;
  }

  /** Writes pmpcfgN; bytes of locked entries keep their value. */
  public void writeCfg(int register, int value) {
    for (int i = 0; i < 4; i++) {
      int entry = register * 4 + i;
      if (!locked(cfg[entry])) {
        cfg[entry] = value >>> (8 * i) & 0xFF;
      }
    }
    recompute();
  }

  public int readAddr(int entry) {
    return addr[entry];
  }

  /** Writes pmpaddrN; ignored when the entry is locked, or the next is a locked TOR entry. */
  public void writeAddr(int entry, int value) {
    if (locked(cfg[entry])) {
      return;
    }
    if (entry + 1 < ENTRIES && locked(cfg[entry + 1]) && a(cfg[entry + 1]) == A_TOR) {
      return;
    }
    addr[entry] = value;
    recompute();
  }

  private void recompute() {
    active = 0;
    anyLocked = false;
    for (int i = 0; i < ENTRIES; i++) {
      long a = Integer.toUnsignedLong(addr[i]) << 2;
      switch (a(cfg[i])) {
        case A_TOR -> {
          lo[i] = i == 0 ? 0 : Integer.toUnsignedLong(addr[i - 1]) << 2;
          hi[i] = a;
        }
        case A_NA4 -> {
          lo[i] = a;
          hi[i] = a + 4;
        }
        case A_NAPOT -> {
          int ones = Integer.numberOfTrailingZeros(~addr[i]);
          long bytes = 1L << (ones + 3);
          lo[i] = a & ~(bytes - 1);
          hi[i] = lo[i] + bytes;
        }
        default -> {
          lo[i] = 0;
          hi[i] = 0;
        }
      }
      if (hi[i] <= lo[i]) {
        lo[i] = 0;
        hi[i] = 0;
      }
      if (a(cfg[i]) != A_OFF) {
        active |= 1 << i;
        anyLocked |= locked(cfg[i]);
      }
    }
    onChange.run();
  }

  /** The byte range [start, end) entry {@code i} covers; empty when it matches nothing. */
  public long rangeStart(int i) {
    return lo[i];
  }

  public long rangeEnd(int i) {
    return hi[i];
  }

  /**
   * The entry deciding an access of {@code size} bytes at {@code address}: the lowest-numbered
   * active entry covering any of its bytes.
   */
  public Optional<Integer> matchingEntry(int address, int size) {
    int m = match(Integer.toUnsignedLong(address), size);
    return m < 0 ? Optional.empty() : Optional.of(m);
  }

  private int match(long start, int size) {
    long end = start + size;
    int bits = active;
    while (bits != 0) {
      int i = Integer.numberOfTrailingZeros(bits);
      bits &= bits - 1;
      if (start < hi[i] && lo[i] < end) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether an access is allowed.
   *
   * @param permission one of {@link #R}, {@link #W}, {@link #X} (or R|W for AMOs)
   * @param machine true for an M-mode access
   */
  public boolean allows(int address, int size, int permission, boolean machine) {
    long start = Integer.toUnsignedLong(address);
    int i = match(start, size);
    if (i < 0) {
      return machine;
    }
    if (start < lo[i] || start + size > hi[i]) {
      return false;
    }
    if (machine && !locked(cfg[i])) {
      return true;
    }
    return (cfg[i] & permission) == permission;
  }
}
