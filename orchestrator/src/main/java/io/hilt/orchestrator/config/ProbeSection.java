package io.hilt.orchestrator.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A profile's {@code chip:} and {@code probe:} keys, for boards behind a debug probe ({@code
 * driver: probe-rs}). They become the driver options the probe-rs driver reads ({@code chip},
 * {@code probe}, {@code protocol}, {@code speed-khz}, {@code connect-under-reset}, {@code
 * chip-description-path}, {@code probe-rs} for {@code probe.executable}), so a profile can say
 * where the board is in its own words and still use {@code driver-options} for host settings (the
 * executable, timeouts, the state folder).
 */
final class ProbeSection {
  static final List<String> KEYS =
      List.of(
          "selector",
          "protocol",
          "speed-khz",
          "connect-under-reset",
          "chip-description-path",
          "executable");

  private static final String PROBE_DRIVER = "probe-rs";

  private ProbeSection() {}

  /**
   * Binds {@code chip} and {@code probe} of {@code map} into driver options; problems are reported
   * at the key. A key also given in {@code driver-options} is an error.
   */
  static Map<String, String> bind(
      YamlNode.MapNode map, Optional<String> driver, Map<String, String> driverOptions, Binder b) {
    Map<String, String> options = new LinkedHashMap<>();
    Optional<YamlNode.Entry> chip = map.get("chip");
    Optional<YamlNode.Entry> probe = map.get("probe");
    for (Optional<YamlNode.Entry> key : List.of(chip, probe)) {
      if (key.isPresent() && driver.isPresent() && !driver.get().equals(PROBE_DRIVER)) {
        b.problem(
            key.get().keyLocation(),
            "'"
                + key.get().key()
                + "' is for boards behind a debug probe (driver: probe-rs); this profile's driver"
                + " is "
                + driver.get());
        return Map.of();
      }
    }
    chip.flatMap(c -> b.string(c.value(), "chip")).ifPresent(c -> options.put("chip", c));
    probe.ifPresent(p -> bindProbe(p.value(), options, b));
    for (String key : options.keySet()) {
      if (driverOptions.containsKey(key)) {
        YamlNode.Entry source = chip.filter(c -> key.equals("chip")).orElseGet(probe::orElseThrow);
        b.problem(
            source.keyLocation(),
            "'"
                + (key.equals("chip") ? "chip" : "probe." + probeKey(key))
                + "' is also set in driver-options ('"
                + key
                + "'); keep one");
      }
    }
    return options;
  }

  private static void bindProbe(YamlNode node, Map<String, String> options, Binder b) {
    Optional<YamlNode.MapNode> fields = b.map(node, "probe", KEYS);
    if (fields.isEmpty()) {
      return;
    }
    YamlNode.MapNode map = fields.get();
    b.optional(map, "selector")
        .flatMap(n -> b.string(n, "selector"))
        .ifPresent(s -> options.put("probe", s));
    b.optional(map, "protocol")
        .flatMap(
            n ->
                b.scalar(
                    n,
                    "protocol",
                    "swd or jtag",
                    s -> {
                      if (!s.equals("swd") && !s.equals("jtag")) {
                        throw new IllegalArgumentException("expected swd or jtag, got '" + s + "'");
                      }
                      return s;
                    }))
        .ifPresent(p -> options.put("protocol", p));
    b.optional(map, "speed-khz")
        .flatMap(n -> b.int32(n, "speed-khz"))
        .ifPresent(
            s -> {
              if (s <= 0 || s > 1_000_000) {
                b.problem(
                    map.get("speed-khz").orElseThrow().value().location(),
                    "'speed-khz': expected 1 to 1000000, got " + s);
              } else {
                options.put("speed-khz", Integer.toString(s));
              }
            });
    b.optional(map, "connect-under-reset")
        .flatMap(n -> b.bool(n, "connect-under-reset"))
        .ifPresent(c -> options.put("connect-under-reset", c.toString()));
    b.optional(map, "chip-description-path")
        .flatMap(n -> b.string(n, "chip-description-path"))
        .ifPresent(p -> options.put("chip-description-path", besideProfile(map, p)));
    // a bare name is looked up on PATH; a path is relative to the profile like every other path
    b.optional(map, "executable")
        .flatMap(n -> b.string(n, "executable"))
        .ifPresent(e -> options.put("probe-rs", e.contains("/") ? besideProfile(map, e) : e));
  }

  private static String besideProfile(YamlNode.MapNode map, String path) {
    Path file = Path.of(path);
    Path base = map.location().file().toAbsolutePath().getParent();
    return (file.isAbsolute() || base == null ? file : base.resolve(file)).normalize().toString();
  }

  private static String probeKey(String optionKey) {
    return switch (optionKey) {
      case "probe" -> "selector";
      case "probe-rs" -> "executable";
      default -> optionKey;
    };
  }
}
