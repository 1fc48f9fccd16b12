package io.hilt.probe.defmt;

import java.util.Locale;
import java.util.Optional;

/** defmt log levels, lowest first. */
public enum Level {
  TRACE,
  DEBUG,
  INFO,
  WARN,
  ERROR;

  /** {@code trace}, {@code debug}... (case-insensitive). */
  public static Optional<Level> parse(String text) {
    for (Level l : values()) {
      if (l.name().equalsIgnoreCase(text.trim())) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  /** As defmt prints it: {@code INFO}. */
  public String label() {
    return name();
  }

  public String lowerCase() {
    return name().toLowerCase(Locale.ROOT);
  }
}
