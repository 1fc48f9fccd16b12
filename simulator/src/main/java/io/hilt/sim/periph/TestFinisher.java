package io.hilt.sim.periph;

import io.hilt.sim.bus.Region;

/**
 * The SiFive test finisher of QEMU's {@code virt}: a 16- or 32-bit write of 0x5555 ends the
 * simulation with exit code 0, 0x3333 with the code in the upper 16 bits, 0x7777 resets the board;
 * other values are ignored. Reads return 0; byte writes are bus errors, as on QEMU.
 */
public final class TestFinisher implements Region {
  public static final int SIZE = 0x1000;
  public static final int FAIL = 0x3333;
  public static final int PASS = 0x5555;
  public static final int RESET = 0x7777;

  /** What the board does on a request. */
  public interface Listener {
    void exit(int code);

    void reset();
  }

  private final Listener listener;

  public TestFinisher(Listener listener) {
    this.listener = listener;
  }

  @Override
  public String name() {
    return "sifive_test";
  }

  @Override
  public long read(int offset, int size) {
    return 0;
  }

  @Override
  public boolean write(int offset, int size, int value) {
    if (size < 2) {
      return false;
    }
    if (offset == 0) {
      switch (value & 0xFFFF) {
        case PASS -> listener.exit(0);
        case FAIL -> listener.exit(size == 4 ? value >>> 16 & 0xFFFF : 0);
        case RESET -> listener.reset();
        default -> {}
      }
    }
    return true;
  }
}
