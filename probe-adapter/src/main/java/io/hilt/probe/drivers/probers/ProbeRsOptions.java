package io.hilt.probe.drivers.probers;

import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code driver-options:} of a profile with {@code driver: probe-rs} (documented in
 * docs/probe-rs.md). Unknown keys are errors, so a typo cannot silently flash the wrong chip.
 *
 * @param executable {@code probe-rs}: path of the executable; default: {@code probe-rs} on PATH
 * @param chip {@code chip}: probe-rs chip name (required)
 * @param probe {@code probe}: selector {@code VID:PID[:SERIAL]} passed as {@code --probe}
 * @param protocol {@code protocol}: {@code swd} or {@code jtag}
 * @param speedKhz {@code speed-khz}: wire speed
 * @param connectUnderReset {@code connect-under-reset}: {@code true} or {@code false}
 * @param chipDescriptionPath {@code chip-description-path}: YAML target description for chips
 *     probe-rs does not know
 * @param stateDir {@code state-dir}: where the hash of the image on each board is kept
 * @param flashTimeout {@code flash-timeout}: longest a download may take (default 180s)
 * @param callTimeout {@code call-timeout}: longest any other call may take (default 30s)
 * @param verify {@code verify}: read the flash back after programming (default true)
 */
public record ProbeRsOptions(
    String executable,
    String chip,
    Optional<String> probe,
    Optional<String> protocol,
    OptionalInt speedKhz,
    boolean connectUnderReset,
    Optional<Path> chipDescriptionPath,
    Optional<Path> stateDir,
    Duration flashTimeout,
    Duration callTimeout,
    boolean verify) {
  public static final Set<String> KEYS =
      Set.of(
          "probe-rs",
          "chip",
          "probe",
          "protocol",
          "speed-khz",
          "connect-under-reset",
          "chip-description-path",
          "state-dir",
          "flash-timeout",
          "call-timeout",
          "verify");

  public ProbeRsOptions {
    Objects.requireNonNull(executable, "executable");
    Objects.requireNonNull(chip, "chip");
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(speedKhz, "speedKhz");
    Objects.requireNonNull(chipDescriptionPath, "chipDescriptionPath");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(flashTimeout, "flashTimeout");
    Objects.requireNonNull(callTimeout, "callTimeout");
  }

  /** Reads and checks the options of {@code spec}; errors name the profile and the key. */
  public static ProbeRsOptions of(TargetSpec spec) {
    Set<String> unknown = new TreeSet<>(spec.options().keySet());
    unknown.removeAll(KEYS);
    if (!unknown.isEmpty()) {
      throw error(
          spec, "unknown driver-options " + unknown + " (allowed: " + new TreeSet<>(KEYS) + ")");
    }
    String chip =
        spec.option("chip")
            .filter(c -> !c.isBlank())
            .orElseThrow(
                () ->
                    error(
                        spec,
                        "driver-options chip is required for driver probe-rs (the probe-rs chip"
                            + " name, see `probe-rs chip list`)"));
    Optional<String> probe = spec.option("probe").map(String::strip);
    probe.ifPresent(
        p -> {
          if (!p.matches("[0-9a-fA-F]{4}:[0-9a-fA-F]{4}(-\\d{1,3})?(:.+)?")) {
            throw error(
                spec, "driver-options probe must be VID:PID or VID:PID:SERIAL (hex ids): " + p);
          }
        });
    Optional<String> protocol = spec.option("protocol").map(String::strip);
    protocol.ifPresent(
        p -> {
          if (!List.of("swd", "jtag").contains(p)) {
            throw error(spec, "driver-options protocol must be swd or jtag: " + p);
          }
        });
    OptionalInt speed = OptionalInt.empty();
    if (spec.option("speed-khz").isPresent()) {
      String s = spec.option("speed-khz").get().strip();
      try {
        int v = Integer.parseInt(s);
        if (v <= 0 || v > 1_000_000) {
          throw error(spec, "driver-options speed-khz must be 1 to 1000000: " + s);
        }
        speed = OptionalInt.of(v);
      } catch (NumberFormatException e) {
        throw error(spec, "driver-options speed-khz is not a number: " + s);
      }
    }
    return new ProbeRsOptions(
        spec.option("probe-rs").filter(s -> !s.isBlank()).orElse("probe-rs"),
        chip.strip(),
        probe,
        protocol,
        speed,
        bool(spec, "connect-under-reset", false),
        spec.option("chip-description-path").map(Path::of),
        spec.option("state-dir").map(Path::of),
        duration(spec, "flash-timeout", Duration.ofSeconds(180)),
        duration(spec, "call-timeout", Duration.ofSeconds(30)),
        bool(spec, "verify", true));
  }

  private static boolean bool(TargetSpec spec, String key, boolean fallback) {
    return spec.option(key)
        .map(
            v ->
                switch (v.strip()) {
                  case "true" -> true;
                  case "false" -> false;
                  default ->
                      throw error(spec, "driver-options " + key + " must be true or false: " + v);
                })
        .orElse(fallback);
  }

  /** {@code 30s}, {@code 500ms}, {@code 2m}. */
  static Duration duration(TargetSpec spec, String key, Duration fallback) {
    Optional<String> value = spec.option(key).map(String::strip);
    if (value.isEmpty()) {
      return fallback;
    }
    String v = value.get();
    try {
      Duration d;
      if (v.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      } else if (v.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
      } else if (v.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      } else {
        throw new NumberFormatException();
      }
      if (d.isNegative() || d.isZero()) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw error(
          spec,
          "driver-options " + key + " must be a positive duration like 30s, 500ms or 2m: " + v);
    }
  }

  private static TargetException error(TargetSpec spec, String message) {
    return new TargetException("profile " + spec.name() + ": " + message);
  }

  /** The probe-selection options every session command takes, in probe-rs spelling. */
  List<String> probeArguments() {
    List<String> args = new java.util.ArrayList<>();
    args.add("--chip");
    args.add(chip);
    probe.ifPresent(p -> args.addAll(List.of("--probe", p)));
    protocol.ifPresent(p -> args.addAll(List.of("--protocol", p)));
    speedKhz.ifPresent(s -> args.addAll(List.of("--speed", Integer.toString(s))));
    if (connectUnderReset) {
      args.add("--connect-under-reset");
    }
    chipDescriptionPath.ifPresent(
        p -> args.addAll(List.of("--chip-description-path", p.toAbsolutePath().toString())));
    args.add("--non-interactive");
    return args;
  }

  /** A file-name-safe key for the board this profile reaches. */
  String boardKey() {
    String raw = chip + "@" + probe.orElse("any-probe");
    return raw.replaceAll("[^A-Za-z0-9._@-]", "_");
  }
}
