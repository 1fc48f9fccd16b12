package io.hilt.probe.serial;

/** Opens {@link Connection}s to one port identity (a path, a USB id, a host and port). */
interface Connector extends AutoCloseable {
  /** The identity, for messages: the spec as written. */
  String describe();

  boolean supportsLineSettings();

  /**
   * Opens the port once, without retrying.
   *
   * @throws SerialException naming the port and why it could not be opened
   */
  Connection connect(Inbound inbound);

  /** Releases what the connector shares between connections (an event loop); idempotent. */
  @Override
  default void close() {}
}
