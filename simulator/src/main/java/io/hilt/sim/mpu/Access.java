package io.hilt.sim.mpu;

/** What a memory access does, for the permission check. */
public enum Access {
  READ,
  WRITE,
  /** An instruction fetch: needs read permission and an executable region. */
  FETCH
}
