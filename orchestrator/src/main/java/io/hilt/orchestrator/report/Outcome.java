package io.hilt.orchestrator.report;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;

/**
 * How one test ended, as the reports show it.
 *
 * @param type the exception class for failures and errors, empty otherwise
 * @param message one or more lines; empty when passed
 * @param detail a stack trace, or empty
 */
record Outcome(Status status, String type, String message, String detail) {
  enum Status {
    PASSED,
    /** An assertion did not hold: the test failed. */
    FAILED,
    /** Anything else went wrong (infrastructure, an interrupted run): not a test failure. */
    ERROR,
    SKIPPED
  }

  Outcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(detail, "detail");
  }

  static Outcome passed() {
    return new Outcome(Status.PASSED, "", "", "");
  }

  static Outcome skipped(String message) {
    return new Outcome(Status.SKIPPED, "", message, "");
  }

  static Outcome error(String type, String message) {
    return new Outcome(Status.ERROR, type, message, "");
  }

  /** FAILED for an {@link AssertionError} (opentest4j's included), ERROR for anything else. */
  static Outcome ofThrowable(Throwable t, String messagePrefix) {
    String message = messagePrefix + Objects.toString(t.getMessage(), t.getClass().getName());
    Status status = t instanceof AssertionError ? Status.FAILED : Status.ERROR;
    return new Outcome(status, t.getClass().getName(), message, stackTrace(t));
  }

  private static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  /** The first line of the message. */
  String firstLine() {
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
