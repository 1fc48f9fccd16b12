package io.hilt.orchestrator.config;

import io.hilt.probe.serial.LineSettings;
import io.hilt.probe.serial.SerialLinkOptions;
import io.hilt.probe.serial.SerialSpec;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Binds a profile's {@code serial:} section (docs/profiles.md, docs/serial.md). */
final class SerialSection {
  static final List<String> KEYS =
      List.of(
          "port",
          "url",
          "baud",
          "data-bits",
          "parity",
          "stop-bits",
          "flow-control",
          "reconnect",
          "dtr",
          "rts");

  private static final List<String> PARITIES = List.of("none", "odd", "even", "mark", "space");
  private static final List<String> STOP_BITS = List.of("1", "1.5", "2");
  private static final List<String> FLOW = List.of("none", "rts-cts", "xon-xoff");

  private SerialSection() {}

  static Optional<SerialSettings> bind(YamlNode node, Binder b) {
    Optional<YamlNode.MapNode> fields = b.map(node, "serial", KEYS);
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    YamlNode.MapNode map = fields.get();
    int before = b.problems().count();
    Optional<YamlNode> port = b.optional(map, "port");
    Optional<YamlNode> url = b.optional(map, "url");
    if (port.isPresent() == url.isPresent()) {
      b.problem(
          map.location(),
          "serial: give exactly one of 'port' (a device path, by-id:NAME or usb:VID:PID[:SERIAL])"
              + " or 'url' (rfc2217://host:port or tcp://host:port)");
      return Optional.empty();
    }
    String key = port.isPresent() ? "port" : "url";
    Optional<SerialSpec> spec =
        b.scalar(port.or(() -> url).orElseThrow(), key, "a serial port", SerialSpec::parse);
    LineSettings d = LineSettings.DEFAULT;
    int baud = b.optional(map, "baud").flatMap(n -> b.int32(n, "baud")).orElse(d.baud());
    int dataBits =
        b.optional(map, "data-bits").flatMap(n -> b.int32(n, "data-bits")).orElse(d.dataBits());
    LineSettings.Parity parity =
        b.optional(map, "parity")
            .flatMap(n -> choice(n, "parity", PARITIES, b))
            .map(p -> LineSettings.Parity.valueOf(p.toUpperCase(Locale.ROOT)))
            .orElse(d.parity());
    LineSettings.StopBits stopBits =
        b.optional(map, "stop-bits")
            .flatMap(n -> choice(n, "stop-bits", STOP_BITS, b))
            .map(
                s ->
                    switch (s) {
                      case "1.5" -> LineSettings.StopBits.ONE_POINT_FIVE;
                      case "2" -> LineSettings.StopBits.TWO;
                      default -> LineSettings.StopBits.ONE;
                    })
            .orElse(d.stopBits());
    LineSettings.FlowControl flow =
        b.optional(map, "flow-control")
            .flatMap(n -> choice(n, "flow-control", FLOW, b))
            .map(
                f -> LineSettings.FlowControl.valueOf(f.replace('-', '_').toUpperCase(Locale.ROOT)))
            .orElse(d.flowControl());
    Duration reconnect =
        b.optional(map, "reconnect")
            .flatMap(n -> b.duration(n, "reconnect", true))
            .orElse(SerialLinkOptions.DEFAULT.reconnect());
    Optional<Boolean> dtr = b.optional(map, "dtr").flatMap(n -> b.bool(n, "dtr"));
    Optional<Boolean> rts = b.optional(map, "rts").flatMap(n -> b.bool(n, "rts"));
    LineSettings line;
    try {
      line = new LineSettings(baud, dataBits, parity, stopBits, flow);
    } catch (IllegalArgumentException e) {
      b.problem(map.location(), "serial: " + e.getMessage());
      return Optional.empty();
    }
    if (spec.isEmpty() || b.problems().count() != before) {
      return Optional.empty();
    }
    SerialLinkOptions options =
        SerialLinkOptions.DEFAULT.withLine(line).withReconnect(reconnect).withLines(dtr, rts);
    return Optional.of(new SerialSettings(spec.get(), options, map.location()));
  }

  private static Optional<String> choice(
      YamlNode node, String key, List<String> allowed, Binder b) {
    return b.scalar(
        node,
        key,
        "one of " + String.join(", ", allowed),
        s -> {
          if (!allowed.contains(s)) {
            throw new IllegalArgumentException(
                "'" + s + "'" + Suggest.hintAndList(s, allowed, "allowed"));
          }
          return s;
        });
  }
}
