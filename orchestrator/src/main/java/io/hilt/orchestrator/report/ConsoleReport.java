package io.hilt.orchestrator.report;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints each test as it finishes ({@code PASS plan › test (0.120 s)}, with the first line of the
 * message for the others), then the failures and errors with their messages and a summary line.
 * Counts follow the same rules as {@link JUnitXmlReport}, so both always agree.
 */
public final class ConsoleReport implements TestExecutionListener {
  /** Message lines shown per failure in the closing section. */
  static final int MAX_MESSAGE_LINES = 10;

  private static final String RESET = "\u001b[0m";

  private final PrintStream out;
  private final boolean color;
  private final RunRecord record;
  private final Set<String> printed = new HashSet<>();
  private final Object lock = new Object();

  public ConsoleReport(PrintStream out, boolean color) {
    this(out, color, Clock.systemUTC());
  }

  public ConsoleReport(PrintStream out, boolean color, Clock clock) {
    this.out = out;
    this.color = color;
    this.record = new RunRecord(clock, 2); // output is not shown here
  }

  public PrintStream out() {
    return out;
  }

  public boolean color() {
    return color;
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    synchronized (lock) {
      record.runStarted(testPlan);
    }
  }

  @Override
  public void executionStarted(TestIdentifier id) {
    synchronized (lock) {
      record.started(id);
    }
  }

  @Override
  public void executionSkipped(TestIdentifier id, String reason) {
    synchronized (lock) {
      record.skipped(id, reason);
      record.testsUnder(id).forEach(this::printOnce);
    }
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    synchronized (lock) {
      record.finished(id, result);
      if (id.isTest()) {
        printOnce(id);
      } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
        // tests that never ran take the container's result
        record.testsUnder(id).forEach(this::printOnce);
      }
    }
  }

  @Override
  public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
    // target output goes to the XML report and artifacts; the console shows results only
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    synchronized (lock) {
      record.runFinished();
      List<RunRecord.Case> cases = new ArrayList<>();
      for (RunRecord.Suite suite : record.suites(new TreeMap<>())) {
        for (RunRecord.Case c : suite.cases()) {
          cases.add(c);
          if (c.test().isEmpty()) {
            line(c.outcome(), c.className() + RunRecord.SEPARATOR + c.name(), c.time());
          } else {
            printOnce(c.test().get());
          }
        }
      }
      summary(cases);
      out.flush();
    }
  }

  private void printOnce(TestIdentifier test) {
    if (printed.add(test.getUniqueId())) {
      line(record.outcome(test), record.qualifiedName(test), record.time(test));
    }
  }

  private void line(Outcome outcome, String name, Duration time) {
    StringBuilder sb = new StringBuilder();
    sb.append(status(outcome.status()))
        .append(" ".repeat(6 - word(outcome.status()).length()))
        .append(name);
    if (outcome.status() != Outcome.Status.SKIPPED) {
      sb.append(" (").append(JUnitXmlReport.seconds(time)).append(" s)");
    }
    if (!outcome.message().isEmpty()) {
      sb.append(": ").append(outcome.firstLine());
    }
    out.println(sb);
  }

  private void summary(List<RunRecord.Case> cases) {
    List<RunRecord.Case> problems =
        cases.stream()
            .filter(
                c ->
                    c.outcome().status() == Outcome.Status.FAILED
                        || c.outcome().status() == Outcome.Status.ERROR)
            .toList();
    if (!problems.isEmpty()) {
      out.println();
      out.println("Failures and errors:");
      int n = 1;
      for (RunRecord.Case c : problems) {
        out.println(
            "  "
                + n++
                + ") "
                + status(c.outcome().status())
                + " "
                + c.test()
                    .map(record::qualifiedName)
                    .orElse(c.className() + RunRecord.SEPARATOR + c.name()));
        List<String> lines = c.outcome().message().lines().toList();
        lines.stream().limit(MAX_MESSAGE_LINES).forEach(l -> out.println("       " + l));
        if (lines.size() > MAX_MESSAGE_LINES) {
          out.println("       ... (" + (lines.size() - MAX_MESSAGE_LINES) + " more lines)");
        }
      }
    }
    long passed = count(cases, Outcome.Status.PASSED);
    long failed = count(cases, Outcome.Status.FAILED);
    long errors = count(cases, Outcome.Status.ERROR);
    long skipped = count(cases, Outcome.Status.SKIPPED);
    out.println();
    out.println(
        cases.size()
            + (cases.size() == 1 ? " test: " : " tests: ")
            + paint(passed + " passed", passed > 0 ? "32" : "")
            + ", "
            + paint(failed + " failed", failed > 0 ? "31" : "")
            + ", "
            + paint(errors + (errors == 1 ? " error" : " errors"), errors > 0 ? "1;31" : "")
            + ", "
            + paint(skipped + " skipped", skipped > 0 ? "33" : "")
            + String.format(Locale.ROOT, " (%s s)", JUnitXmlReport.seconds(record.runTime())));
  }

  private static long count(List<RunRecord.Case> cases, Outcome.Status status) {
    return cases.stream().filter(c -> c.outcome().status() == status).count();
  }

  private String status(Outcome.Status status) {
    String sgr =
        switch (status) {
          case PASSED -> "32";
          case FAILED -> "31";
          case ERROR -> "1;31";
          case SKIPPED -> "33";
        };
    return paint(word(status), sgr);
  }

  private static String word(Outcome.Status status) {
    return switch (status) {
      case PASSED -> "PASS";
      case FAILED -> "FAIL";
      case ERROR -> "ERROR";
      case SKIPPED -> "SKIP";
    };
  }

  private String paint(String text, String sgr) {
    return color && !sgr.isEmpty() ? "\u001b[" + sgr + "m" + text + RESET : text;
  }
}
