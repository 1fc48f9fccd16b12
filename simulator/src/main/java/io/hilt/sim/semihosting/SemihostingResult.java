package io.hilt.sim.semihosting;

/** What a semihosting call gives back to the core. */
public sealed interface SemihostingResult {
  /** Continue with this value in the return register. */
  record Value(long value) implements SemihostingResult {}

  /** The firmware asked to end with this exit code. */
  record Exit(int code) implements SemihostingResult {}
}
