package io.hilt.orchestrator.config;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link ConfigValidator} found.
 *
 * @param plans the files checked as test plans
 * @param profiles the files checked as device profiles
 * @param problems every problem of every file, in the order the files were checked
 */
public record ValidationResult(List<Path> plans, List<Path> profiles, List<Problem> problems) {
  public ValidationResult {
    plans = List.copyOf(plans);
    profiles = List.copyOf(profiles);
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problems.isEmpty();
  }

  /** The problems, one per line as {@code file:line:col: message}; empty when all is well. */
  public String format() {
    return problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
  }
}
