package io.hilt.orchestrator.cli;

/** One-line descriptions of errors for the user. */
final class Messages {
  private Messages() {}

  /** The error's message, with its type when the message alone would say nothing. */
  static String describe(Throwable error) {
    String message = error.getMessage();
    if (message == null || message.isBlank()) {
      return error.getClass().getSimpleName();
    }
    return message;
  }
}
