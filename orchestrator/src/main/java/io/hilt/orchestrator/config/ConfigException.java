package io.hilt.orchestrator.config;

import java.util.Objects;

/**
 * A profile or plan is invalid. The message starts with {@code file:line:col:} and says what was
 * found and what was expected; {@link #location()} gives the same position to tools.
 */
public class ConfigException extends RuntimeException {
  private final SourceLocation location;

  public ConfigException(SourceLocation location, String message) {
    super(location + ": " + message);
    this.location = Objects.requireNonNull(location, "location");
  }

  public ConfigException(SourceLocation location, String message, Throwable cause) {
    super(location + ": " + message, cause);
    this.location = Objects.requireNonNull(location, "location");
  }

  public SourceLocation location() {
    return location;
  }
}
