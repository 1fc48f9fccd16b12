package io.hilt.orchestrator.config;

import java.util.Objects;

/**
 * One thing wrong in a profile or plan: where, and what was found versus what was expected.
 *
 * @param location the offending key or value
 * @param message what is wrong, without the location
 */
public record Problem(SourceLocation location, String message) {
  public Problem {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(message, "message");
  }

  /** {@code file:line:col: message}, the form compilers use and editors link. */
  @Override
  public String toString() {
    return location + ": " + message;
  }
}
