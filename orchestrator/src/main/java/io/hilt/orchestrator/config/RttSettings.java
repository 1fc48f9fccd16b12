package io.hilt.orchestrator.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code rtt:} section of a profile or plan: how hilt reads the target's RTT logs. Every field
 * is optional; a plan's fields override its profile's ({@link #over}), and what neither sets takes
 * the default in docs/logs.md (enabled, channel 0, defmt when the ELF has a defmt table, scan RAM
 * when the ELF has no {@code _SEGGER_RTT}).
 *
 * @param enabled false: never attach RTT
 * @param channel the up channel carrying the log encoding (the others are plain text)
 * @param encoding how that channel is decoded
 * @param scan whether to look for the control block in RAM when the ELF has no symbol for it
 */
public record RttSettings(
    Optional<Boolean> enabled,
    OptionalInt channel,
    Optional<Encoding> encoding,
    Optional<Boolean> scan) {
  /** Highest up channel index accepted (the RTT reader reads at most 32 per direction). */
  public static final int MAX_CHANNEL = 31;

  public static final List<String> KEYS = List.of("enabled", "channel", "encoding", "scan");

  /** Nothing set: every field takes its default. */
  public static final RttSettings DEFAULT =
      new RttSettings(Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty());

  /** How the log channel is decoded. */
  public enum Encoding {
    DEFMT,
    TEXT;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public RttSettings {
    Objects.requireNonNull(enabled, "enabled");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(scan, "scan");
    if (channel.isPresent() && (channel.getAsInt() < 0 || channel.getAsInt() > MAX_CHANNEL)) {
      throw new IllegalArgumentException(
          "RTT channel " + channel.getAsInt() + " is outside 0.." + MAX_CHANNEL);
    }
  }

  /** These settings, with what they leave unset taken from {@code base}. */
  public RttSettings over(RttSettings base) {
    return new RttSettings(
        enabled.or(base::enabled),
        channel.isPresent() ? channel : base.channel,
        encoding.or(base::encoding),
        scan.or(base::scan));
  }

  public boolean isEnabled() {
    return enabled.orElse(true);
  }

  public int logChannel() {
    return channel.orElse(0);
  }

  public boolean scanRam() {
    return scan.orElse(true);
  }

  /** Binds an {@code rtt:} map; unknown keys, bad values and out-of-range channels are problems. */
  static Optional<RttSettings> bind(YamlNode node, Binder b) {
    Optional<YamlNode.MapNode> map = b.map(node, "rtt", KEYS);
    if (map.isEmpty()) {
      return Optional.empty();
    }
    YamlNode.MapNode m = map.get();
    int before = b.problems().count();
    Optional<Boolean> enabled = b.optional(m, "enabled").flatMap(n -> b.bool(n, "enabled"));
    Optional<Integer> channel =
        b.optional(m, "channel")
            .flatMap(
                n ->
                    b.scalar(
                        n,
                        "channel",
                        "an RTT up channel number 0.." + MAX_CHANNEL,
                        s -> {
                          int c = Units.int32(s);
                          if (c < 0 || c > MAX_CHANNEL) {
                            throw new IllegalArgumentException(
                                "RTT up channel " + c + " is outside 0.." + MAX_CHANNEL);
                          }
                          return c;
                        }));
    Optional<Encoding> encoding =
        b.optional(m, "encoding")
            .flatMap(
                n ->
                    b.scalar(
                        n,
                        "encoding",
                        "defmt or text",
                        s ->
                            switch (s) {
                              case "defmt" -> Encoding.DEFMT;
                              case "text" -> Encoding.TEXT;
                              default ->
                                  throw new IllegalArgumentException(
                                      "unknown encoding '"
                                          + s
                                          + "'"
                                          + Suggest.hintAndList(
                                              s, List.of("defmt", "text"), "encodings"));
                            }));
    Optional<Boolean> scan = b.optional(m, "scan").flatMap(n -> b.bool(n, "scan"));
    if (b.problems().count() != before) {
      return Optional.empty();
    }
    return Optional.of(
        new RttSettings(
            enabled, channel.map(OptionalInt::of).orElse(OptionalInt.empty()), encoding, scan));
  }
}
