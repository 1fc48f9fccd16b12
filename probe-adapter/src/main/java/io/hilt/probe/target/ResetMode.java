package io.hilt.probe.target;

/** What the core does after a reset. */
public enum ResetMode {
  /** Start executing from the reset vector. */
  RUN,
  /** Stop before the first instruction. */
  HALT
}
