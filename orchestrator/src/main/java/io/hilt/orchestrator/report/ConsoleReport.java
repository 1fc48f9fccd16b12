package io.hilt.orchestrator.report;

import java.io.PrintStream;
import org.junit.platform.launcher.TestExecutionListener;

/** Prints each test as it finishes and a summary at the end. */
public final class ConsoleReport implements TestExecutionListener {
  private final PrintStream out;
  private final boolean color;

  public ConsoleReport(PrintStream out, boolean color) {
    this.out = out;
    this.color = color;
  }

  public PrintStream out() {
    return out;
  }

  public boolean color() {
    return color;
  }
}
