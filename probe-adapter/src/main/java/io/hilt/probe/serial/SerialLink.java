package io.hilt.probe.serial;

import java.time.Duration;

/**
 * A byte stream to a board's console: a local UART, a port served over the network (RFC 2217 or raw
 * TCP), or a simulated UART. Received bytes arrive as {@link SerialEvent}s on the link's own reader
 * thread, so a slow or silent board never blocks the caller.
 *
 * <p>A link that loses its port (USB re-enumeration after a reset or a flash, a dropped TCP
 * connection) keeps trying to reconnect until its reconnect deadline, announcing {@link
 * SerialEvent.Disconnected} and {@link SerialEvent.Reconnected}; only when the deadline passes does
 * it report {@link SerialEvent.Failed} and throw {@link SerialException} from later calls.
 */
public interface SerialLink extends AutoCloseable {
  /**
   * Where the link goes, for messages: {@code /dev/ttyUSB0}, {@code rfc2217://lab:2000}, {@code
   * sim:uart0}.
   */
  String describe();

  /** Listeners are called on the link's reader thread; they must be quick and must not block. */
  void addListener(SerialListener listener);

  void removeListener(SerialListener listener);

  /**
   * Sends bytes as they are (binary-safe). Waits at most {@code timeout} for the port to take them,
   * including a reconnect in progress.
   *
   * @throws SerialException when the link is closed, failed, or the timeout passed
   */
  void write(byte[] data, Duration timeout);

  /**
   * Applies line settings (baud, framing, flow control). Links that have none (a simulated UART,
   * raw TCP) accept any settings and say so in {@link #supportsLineSettings()}.
   */
  void configure(LineSettings settings);

  boolean supportsLineSettings();

  /** Drives the DTR line (boards wire reset or boot pins to it). */
  void setDtr(boolean asserted);

  /** Drives the RTS line. */
  void setRts(boolean asserted);

  /** Stops the reader thread and releases the port; idempotent. */
  @Override
  void close();
}
