package io.hilt.probe.defmt;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a log statement is in the source.
 *
 * @param file path as recorded in the debug info
 * @param line 1-based
 * @param module Rust module path or C translation unit, when known
 */
public record SourceLocation(String file, long line, Optional<String> module) {
  public SourceLocation {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(module, "module");
    if (line < 0) {
      throw new IllegalArgumentException("negative line " + line + " in " + file);
    }
  }

  /** The last {@code components} parts of the path ({@code {ff}} in log templates is 2). */
  public String fileName(int components) {
    String[] parts = file.split("[/\\\\]");
    int from = Math.max(0, parts.length - components);
    return String.join("/", java.util.Arrays.asList(parts).subList(from, parts.length));
  }

  @Override
  public String toString() {
    return file + ":" + line;
  }
}
