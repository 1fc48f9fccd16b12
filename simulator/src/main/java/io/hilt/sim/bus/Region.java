package io.hilt.sim.bus;

/**
 * A device or memory on the bus, seen at offsets from its base. Reads return the value
 * zero-extended or {@link Bus#ERROR}; writes return false on an error the device raises.
 */
public interface Region {
  String name();

  long read(int offset, int size);

  boolean write(int offset, int size, int value);
}
