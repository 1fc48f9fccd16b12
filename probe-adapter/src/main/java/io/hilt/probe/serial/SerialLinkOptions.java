package io.hilt.probe.serial;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a link is opened and kept alive; everything but the spec of a profile's {@code serial:}
 * section.
 *
 * @param line the line settings applied at open and after every reconnect
 * @param reconnect how long a lost port may stay away before the link fails ({@code 0}: fail at
 *     once)
 * @param connectTimeout longest wait for one TCP connection
 * @param replyTimeout longest wait for one RFC 2217 negotiation step or reply
 * @param dtr DTR state driven at open and after every reconnect; empty leaves the line as the port
 *     opens it
 * @param rts RTS state, as {@code dtr}
 */
public record SerialLinkOptions(
    LineSettings line,
    Duration reconnect,
    Duration connectTimeout,
    Duration replyTimeout,
    Optional<Boolean> dtr,
    Optional<Boolean> rts) {
  /** 115200 8N1, 5 s to reconnect, 3 s to connect, 2 s per RFC 2217 reply, lines untouched. */
  public static final SerialLinkOptions DEFAULT =
      new SerialLinkOptions(
          LineSettings.DEFAULT,
          Duration.ofSeconds(5),
          Duration.ofSeconds(3),
          Duration.ofSeconds(2),
          Optional.empty(),
          Optional.empty());

  public SerialLinkOptions {
    Objects.requireNonNull(line, "line");
    requireNotNegative(reconnect, "reconnect");
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(replyTimeout, "replyTimeout");
    Objects.requireNonNull(dtr, "dtr");
    Objects.requireNonNull(rts, "rts");
  }

  public SerialLinkOptions withLine(LineSettings newLine) {
    return new SerialLinkOptions(newLine, reconnect, connectTimeout, replyTimeout, dtr, rts);
  }

  public SerialLinkOptions withReconnect(Duration newReconnect) {
    return new SerialLinkOptions(line, newReconnect, connectTimeout, replyTimeout, dtr, rts);
  }

  public SerialLinkOptions withTimeouts(Duration newConnectTimeout, Duration newReplyTimeout) {
    return new SerialLinkOptions(line, reconnect, newConnectTimeout, newReplyTimeout, dtr, rts);
  }

  public SerialLinkOptions withLines(Optional<Boolean> newDtr, Optional<Boolean> newRts) {
    return new SerialLinkOptions(line, reconnect, connectTimeout, replyTimeout, newDtr, newRts);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }

  private static void requireNotNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + d);
    }
  }
}
