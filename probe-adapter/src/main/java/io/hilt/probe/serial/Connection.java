package io.hilt.probe.serial;

import java.time.Duration;

/**
 * One open port or network connection behind a {@link ReconnectingLink}. Received bytes and the
 * loss of the port go to the {@link Inbound} it was opened with. Every method may throw {@link
 * SerialException}, naming the port.
 */
interface Connection extends AutoCloseable {
  /** The port as it is now, such as the device a by-id symlink points to. */
  String describe();

  /** Writes all of {@code data} or throws; waits at most {@code timeout}. */
  void write(byte[] data, Duration timeout);

  void configure(LineSettings settings);

  void setDtr(boolean asserted);

  void setRts(boolean asserted);

  /** Releases the port; idempotent; reports nothing to the inbound. */
  @Override
  void close();
}
