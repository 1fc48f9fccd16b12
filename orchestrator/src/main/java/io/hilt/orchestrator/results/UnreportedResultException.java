package io.hilt.orchestrator.results;

/**
 * A result case the firmware did not deliver: a test it announced and never reported (it crashed or
 * hung mid-suite), a plan count not reached, a summary that disagrees with the cases seen. It shows
 * as a JUnit error, not a failure (no assertion ran), but it is the firmware under test that
 * misbehaved, so a run counts it with the failures.
 */
public final class UnreportedResultException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnreportedResultException(String message) {
    super(message);
  }
}
