package io.hilt.probe.defmt;

import java.util.Optional;

/** What a {@code .defmt} symbol is, from its JSON {@code tag} ({@code defmt_info}...). */
public enum Tag {
  PRIM("defmt_prim"),
  DERIVED("defmt_derived"),
  BITFLAGS("defmt_bitflags"),
  WRITE("defmt_write"),
  STR("defmt_str"),
  TIMESTAMP("defmt_timestamp"),
  BITFLAGS_VALUE("defmt_bitflags_value"),
  PRINTLN("defmt_println"),
  TRACE("defmt_trace"),
  DEBUG("defmt_debug"),
  INFO("defmt_info"),
  WARN("defmt_warn"),
  ERROR("defmt_error");

  private final String symbolTag;

  Tag(String symbolTag) {
    this.symbolTag = symbolTag;
  }

  /** The tag as written in the symbol's JSON. */
  public String symbolTag() {
    return symbolTag;
  }

  /** The tag for a JSON {@code tag}; empty for tags of other tools (not {@code defmt_*}). */
  public static Optional<Tag> fromSymbolTag(String tag) {
    for (Tag t : values()) {
      if (t.symbolTag.equals(tag)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The level of a log statement; empty for everything else, {@code println} included. */
  public Optional<Level> level() {
    return switch (this) {
      case TRACE -> Optional.of(Level.TRACE);
      case DEBUG -> Optional.of(Level.DEBUG);
      case INFO -> Optional.of(Level.INFO);
      case WARN -> Optional.of(Level.WARN);
      case ERROR -> Optional.of(Level.ERROR);
      case PRIM, DERIVED, BITFLAGS, WRITE, STR, TIMESTAMP, BITFLAGS_VALUE, PRINTLN ->
          Optional.empty();
    };
  }
}
