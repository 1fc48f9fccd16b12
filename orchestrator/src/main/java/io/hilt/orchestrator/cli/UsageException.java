package io.hilt.orchestrator.cli;

/** The command line asks for something that cannot be done (exit code 2). */
public class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
