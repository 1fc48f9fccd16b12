package io.hilt.sim.thumb;

/**
 * The memory protection a {@link ThumbCore} consults (the PMSAv7 MPU, owned by the system side).
 * Installed with {@link ThumbCore#setMemoryProtection} and switched on and off with {@link
 * ThumbCore#setProtectionEnabled}; while switched off the core never calls it (one boolean test per
 * access).
 *
 * <p>Data accesses are checked on every load and store before the bus sees them. Instruction fetch
 * is checked when the core enters a new block of code: the core asks {@link #allows} for the fetch
 * address and {@link #uniformBlockLog2} for the aligned block around it over which the answer does
 * not change, and then fetches from that block without asking again. The core forgets that block
 * whenever the privilege changes (CONTROL.nPRIV, exception entry and return) and whenever {@link
 * ThumbCore#setProtectionEnabled} is called, which the MPU must do after every change of its
 * configuration (CTRL, RBAR, RASR and the aliases), so XN and privilege changes take effect at the
 * next instruction.
 */
public interface MemoryProtection {
  /** What an access does. */
  enum Access {
    READ,
    WRITE,
    EXECUTE
  }

  /**
   * True when every byte of {@code [address, address + size)} may be accessed this way at this
   * privilege. A denied data access becomes {@link Trap.DataAccessViolation}, a denied fetch {@link
   * Trap.InstructionAccessViolation}.
   */
  boolean allows(int address, int size, Access access, boolean privileged);

  /**
   * log2 of the size of the naturally aligned block around {@code address} within which {@link
   * #allows} for {@link Access#EXECUTE} at this privilege gives the same answer. The default, 5 (32
   * bytes), is right for any PMSAv7 configuration (the smallest region or subregion); a larger
   * value makes fetch checks rarer.
   */
  default int uniformBlockLog2(int address, boolean privileged) {
    return 5;
  }
}
