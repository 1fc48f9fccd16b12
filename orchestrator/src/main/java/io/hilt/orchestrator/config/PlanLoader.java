package io.hilt.orchestrator.config;

import java.nio.file.Path;

/**
 * Reads test plans. Paths in a plan (firmware) resolve against the plan's folder and must stay
 * inside {@code allowedRoot}.
 */
public final class PlanLoader {
  private final Path allowedRoot;

  public PlanLoader(Path allowedRoot) {
    this.allowedRoot = allowedRoot;
  }

  /**
   * Loads and validates one plan file.
   *
   * @throws ConfigException naming file:line:col and what was expected
   */
  public TestPlan load(Path file) {
    throw new ConfigException(
        SourceLocation.of(file), "plan loader not written yet, root " + allowedRoot);
  }
}
