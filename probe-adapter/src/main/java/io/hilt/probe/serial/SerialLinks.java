package io.hilt.probe.serial;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Opens {@link SerialLink}s from a {@link SerialSpec}: local ports through jSerialComm, {@code
 * rfc2217://} and {@code tcp://} through Netty. Every link reconnects by the same identity (the
 * path, the by-id name, the USB ids, the host and port) within {@link
 * SerialLinkOptions#reconnect()}.
 */
public final class SerialLinks {
  private SerialLinks() {}

  /** {@link #open(SerialSpec, SerialLinkOptions, Optional)} of {@link SerialSpec#parse(String)}. */
  public static SerialLink open(String spec, SerialLinkOptions options) {
    return open(SerialSpec.parse(spec), options, Optional.empty());
  }

  public static SerialLink open(SerialSpec spec, SerialLinkOptions options) {
    return open(spec, options, Optional.empty());
  }

  /**
   * Opens a link, waiting up to the reconnect deadline for a port that is not there yet, and
   * applies the line settings and DTR/RTS of {@code options}.
   *
   * @param listener added before the port opens, so it misses no byte
   * @throws SerialException naming the port when it cannot be opened or configured in time
   */
  public static SerialLink open(
      SerialSpec spec, SerialLinkOptions options, Optional<SerialListener> listener) {
    return open(spec, options, listener, Clock.systemUTC());
  }

  /** As above, with the wall clock that timestamps are based on. */
  public static SerialLink open(
      SerialSpec spec, SerialLinkOptions options, Optional<SerialListener> listener, Clock clock) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(listener, "listener");
    Connector connector;
    if (spec instanceof SerialSpec.Device || spec instanceof SerialSpec.Usb) {
      connector = new LocalPortConnector(spec);
    } else {
      connector = new NetworkConnector(spec, options.connectTimeout(), options.replyTimeout());
    }
    return ReconnectingLink.open(connector, options, new HostClock(clock), listener);
  }

  /**
   * The local serial ports on this host, one line each, such as {@code /dev/ttyACM0 (0483:374b
   * serial 066DFF, STM32 STLink)}: for messages and for choosing a {@code usb:} spec.
   */
  public static List<String> localPorts() {
    return LocalPortConnector.listPorts().stream()
        .map(UsbPort::describe)
        .collect(Collectors.toUnmodifiableList());
  }
}
