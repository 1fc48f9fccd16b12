package io.hilt.orchestrator.report;

import java.nio.file.Path;
import java.util.Map;
import org.junit.platform.launcher.TestExecutionListener;

/**
 * Writes the legacy JUnit XML report (one file for the whole run) as tests finish, so an
 * interrupted run still leaves a valid file. See docs/reports.md for the conventions engines use to
 * pass system-out and properties (reporting entries).
 */
public final class JUnitXmlReport implements TestExecutionListener {
  private final Path file;
  private final Map<String, String> runProperties;

  public JUnitXmlReport(Path file, Map<String, String> runProperties) {
    this.file = file;
    this.runProperties = Map.copyOf(runProperties);
  }

  public Path file() {
    return file;
  }

  public Map<String, String> runProperties() {
    return runProperties;
  }
}
