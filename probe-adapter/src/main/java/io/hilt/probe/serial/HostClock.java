package io.hilt.probe.serial;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Host timestamps that never go backwards: the wall clock read once, then advanced by {@link
 * System#nanoTime()}, so a clock step (NTP) during a run does not reorder received bytes.
 */
final class HostClock {
  private final Instant base;
  private final long baseNanos;

  HostClock(Clock wall) {
    Objects.requireNonNull(wall, "wall");
    this.baseNanos = System.nanoTime();
    this.base = wall.instant();
  }

  Instant now() {
    return base.plusNanos(System.nanoTime() - baseNanos);
  }
}
