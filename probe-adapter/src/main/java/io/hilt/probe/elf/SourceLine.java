package io.hilt.probe.elf;

/**
 * A position in the source, as the compiler recorded it in {@code .debug_line}.
 *
 * @param file the path as compiled: relative to the compilation directory when the compiler was
 *     given a relative path (for example {@code src/faults.c}), absolute otherwise, after any
 *     {@code -ffile-prefix-map}; {@code .} components removed
 * @param line 1-based line number
 * @param column 1-based column, or 0 when the compiler did not record one
 */
public record SourceLine(String file, int line, int column) {
  public SourceLine {
    if (file == null || file.isEmpty()) {
      throw new IllegalArgumentException("source file must not be empty");
    }
    if (line < 1) {
      throw new IllegalArgumentException("source line must be at least 1, got " + line);
    }
    if (column < 0) {
      throw new IllegalArgumentException("source column must not be negative, got " + column);
    }
  }

  /** {@code file:line}, the form editors and compilers print. */
  @Override
  public String toString() {
    return file + ":" + line;
  }
}
