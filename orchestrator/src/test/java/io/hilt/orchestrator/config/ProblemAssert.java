package io.hilt.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

/** Checks that a problem sits at an exact position and says what it should. */
final class ProblemAssert {
  private ProblemAssert() {}

  static Problem problemAt(List<Problem> problems, Path file, int line, int column) {
    List<Problem> here =
        problems.stream()
            .filter(
                p ->
                    p.location().file().equals(file)
                        && p.location().line() == line
                        && p.location().column() == column)
            .toList();
    assertThat(here)
        .as("a problem at %s:%d:%d among %s", file.getFileName(), line, column, problems)
        .hasSize(1);
    return here.get(0);
  }

  /** The exception lists, on a line of its own, {@code file:line:col: message}. */
  static void assertProblem(
      ConfigException e, Path file, int line, int column, String... fragments) {
    assertThat(e).as("a ConfigException").isNotNull();
    Problem p = problemAt(e.problems(), file, line, column);
    assertThat(p.message()).contains(fragments);
    assertThat(e.getMessage().lines())
        .contains(file + ":" + line + ":" + column + ": " + p.message());
  }
}
