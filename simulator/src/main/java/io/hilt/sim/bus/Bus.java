package io.hilt.sim.bus;

import java.util.Optional;

/**
 * The system bus as a core sees it. Reads return the value zero-extended, or {@link #ERROR} when no
 * region answers (a bus error the core turns into a fault); writes return false on a bus error.
 * Alignment is the core's business: the bus accepts any address.
 */
public interface Bus {
  /** Result of a read that nothing answered. */
  long ERROR = -1L;

  long read8(int address);

  long read16(int address);

  long read32(int address);

  boolean write8(int address, int value);

  boolean write16(int address, int value);

  boolean write32(int address, int value);

  /** The RAM region holding {@code address}, for instruction fetch and its decode cache. */
  Optional<RamRegion> ramAt(int address);
}
