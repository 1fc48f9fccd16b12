package io.hilt.orchestrator.config;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A profile or plan is invalid. It carries one or more {@link Problem}s; the message lists them
 * all, one per line, each as {@code file:line:col: message}. {@link #location()} is the first
 * problem's position.
 */
public class ConfigException extends RuntimeException {
  private final List<Problem> problems;

  public ConfigException(SourceLocation location, String message) {
    this(List.of(new Problem(location, message)));
  }

  public ConfigException(SourceLocation location, String message, Throwable cause) {
    this(List.of(new Problem(location, message)), cause);
  }

  /**
   * @param problems at least one
   */
  public ConfigException(List<Problem> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(List<Problem> problems, Throwable cause) {
    super(format(problems), cause);
    this.problems = List.copyOf(problems);
  }

  private static String format(List<Problem> problems) {
    Objects.requireNonNull(problems, "problems");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    return problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
  }

  /** The first problem's location. */
  public SourceLocation location() {
    return problems.get(0).location();
  }

  /** Every problem found, in file order per file. */
  public List<Problem> problems() {
    return problems;
  }
}
