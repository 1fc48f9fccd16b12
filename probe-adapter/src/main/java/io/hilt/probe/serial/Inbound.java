package io.hilt.probe.serial;

import java.time.Duration;
import java.util.Optional;

/** Where a {@link Connection} delivers what it reads, and where it reports losing its port. */
interface Inbound {
  /** Bytes just read; stamped with the host time now. The array is not kept. */
  void received(byte[] data, int length);

  /** The port went away (read error, device node gone, connection closed by the peer). */
  void lost(String reason, Optional<Throwable> cause);

  /**
   * True when the link holds as many undelivered bytes as it allows: a reader should stop reading
   * until {@link #whenRoom} runs.
   */
  boolean full();

  /** Runs {@code action} once there is room again (at once when there is). */
  void whenRoom(Runnable action);

  /** Blocks a reader thread until there is room or {@code max} passed. */
  void awaitRoom(Duration max) throws InterruptedException;
}
