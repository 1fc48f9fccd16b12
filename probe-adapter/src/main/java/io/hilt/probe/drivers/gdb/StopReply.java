package io.hilt.probe.drivers.gdb;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** A stop reply packet of the GDB remote protocol, parsed. */
public sealed interface StopReply {
  /**
   * {@code S AA} or {@code T AA n:r;...}: the target stopped with a signal.
   *
   * @param signal GDB signal number (5 SIGTRAP for breakpoints and steps, 2 SIGINT for interrupts)
   * @param fields the {@code T} packet's {@code n:r} pairs (register numbers in hex, {@code
   *     thread}, {@code swbreak}, {@code hwbreak}, {@code watch}...), keys in lower case
   */
  record Signalled(int signal, Map<String, String> fields) implements StopReply {
    public Signalled {
      fields = Map.copyOf(fields);
    }

    /** The stop reason field ({@code swbreak}, {@code hwbreak}, {@code watch}...), if any. */
    public Optional<String> reason() {
      for (String key :
          new String[] {
            "swbreak", "hwbreak", "watch", "rwatch", "awatch", "library", "replaylog"
          }) {
        if (fields.containsKey(key)) {
          return Optional.of(key);
        }
      }
      return Optional.empty();
    }

    /** A register value the stub sent along (target byte order, little endian), if it did. */
    public OptionalLong register(int number) {
      String hex = fields.get(Integer.toHexString(number));
      if (hex == null) {
        return OptionalLong.empty();
      }
      return Hex.littleEndian(hex);
    }

    @Override
    public String toString() {
      return "signal "
          + signal
          + " ("
          + Signals.name(signal)
          + ")"
          + (fields.isEmpty() ? "" : " " + fields);
    }
  }

  /** {@code W AA}: the process (the whole target, for QEMU) exited with this status. */
  record Exited(int code) implements StopReply {
    @Override
    public String toString() {
      return "exit status " + code;
    }
  }

  /** {@code X AA}: the process was ended by this signal. */
  record Terminated(int signal) implements StopReply {
    @Override
    public String toString() {
      return "terminated by signal " + signal + " (" + Signals.name(signal) + ")";
    }
  }

  /** Parses a stop reply, or empty when {@code text} is not one. */
  static Optional<StopReply> parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() < 3) {
      return Optional.empty();
    }
    char kind = text.charAt(0);
    OptionalLong number = Hex.parse(text.substring(1, 3));
    if (number.isEmpty()) {
      return Optional.empty();
    }
    int value = (int) number.getAsLong();
    String rest = text.substring(3);
    switch (kind) {
      case 'S':
        return rest.isEmpty() ? Optional.of(new Signalled(value, Map.of())) : Optional.empty();
      case 'T':
        return fields(rest).map(f -> new Signalled(value, f));
      case 'W':
        return rest.isEmpty() || rest.startsWith(";")
            ? Optional.of(new Exited(value))
            : Optional.empty();
      case 'X':
        return rest.isEmpty() || rest.startsWith(";")
            ? Optional.of(new Terminated(value))
            : Optional.empty();
      default:
        return Optional.empty();
    }
  }

  private static Optional<Map<String, String>> fields(String rest) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : rest.split(";")) {
      if (pair.isEmpty()) {
        continue;
      }
      int colon = pair.indexOf(':');
      if (colon <= 0) {
        return Optional.empty();
      }
      String key = pair.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
      OptionalLong number = Hex.parse(key);
      // register numbers may come with leading zeros ("0f"): keep one spelling
      out.put(
          number.isPresent() ? Long.toHexString(number.getAsLong()) : key,
          pair.substring(colon + 1));
    }
    return Optional.of(out);
  }
}
