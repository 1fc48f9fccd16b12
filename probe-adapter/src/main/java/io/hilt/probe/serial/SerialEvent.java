package io.hilt.probe.serial;

import java.time.Instant;
import java.util.Objects;

/** What a {@link SerialLink} reports to its listeners, in order. */
public sealed interface SerialEvent {
  /** When the event happened on the host. */
  Instant time();

  /** Bytes read from the port, exactly as received. */
  record Received(Instant time, byte[] data) implements SerialEvent {
    public Received {
      Objects.requireNonNull(time, "time");
      data = data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }
  }

  /** The port went away; the link tries to reconnect until {@code deadline}. */
  record Disconnected(Instant time, String reason, Instant deadline) implements SerialEvent {
    public Disconnected {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(deadline, "deadline");
    }
  }

  /** The port is back after {@code attempts} tries. */
  record Reconnected(Instant time, int attempts) implements SerialEvent {
    public Reconnected {
      Objects.requireNonNull(time, "time");
    }
  }

  /** The link gave up: the port did not come back in time, or could not be used at all. */
  record Failed(Instant time, SerialException error) implements SerialEvent {
    public Failed {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(error, "error");
    }
  }
}
