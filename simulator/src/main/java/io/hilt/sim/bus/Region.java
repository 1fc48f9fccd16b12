package io.hilt.sim.bus;

/**
 * A device or memory on the bus, seen at offsets from its base. Reads return the value
 * zero-extended or {@link Bus#ERROR}; writes return false on an error the device raises.
 */
public interface Region {
  String name();

  long read(int offset, int size);

  /**
   * Reads as a debugger does: the same value as {@link #read} but without side effects (a UART's
   * receive buffer stays full, a sticky flag stays set).
   */
  default long peek(int offset, int size) {
    return read(offset, size);
  }

  boolean write(int offset, int size, int value);
}
