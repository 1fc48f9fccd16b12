package io.hilt.orchestrator.config;

import java.nio.file.Path;
import java.util.Objects;

/** Where something was written in a YAML file: 1-based line and column. */
public record SourceLocation(Path file, int line, int column) {
  public SourceLocation {
    Objects.requireNonNull(file, "file");
  }

  /** A location for things that have no position (defaults, generated values). */
  public static SourceLocation of(Path file) {
    return new SourceLocation(file, 0, 0);
  }

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line + ":" + column : file.toString();
  }
}
