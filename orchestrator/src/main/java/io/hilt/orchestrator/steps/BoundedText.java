package io.hilt.orchestrator.steps;

/**
 * Text that stops a regular expression that runs too long: every few thousand characters read it
 * checks the clock and throws {@link PatternTooSlowException} past the deadline. A pattern with
 * catastrophic backtracking in a plan must not hang hilt.
 */
final class BoundedText implements CharSequence {
  private static final int CHECK_EVERY = 4096;

  private final String text;
  private final long deadlineNanos;
  private int reads;

  BoundedText(String text, long deadlineNanos) {
    this.text = text;
    this.deadlineNanos = deadlineNanos;
  }

  @Override
  public char charAt(int index) {
    if (++reads % CHECK_EVERY == 0 && System.nanoTime() - deadlineNanos > 0) {
      throw new PatternTooSlowException();
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new BoundedText(text.substring(start, end), deadlineNanos);
  }

  @Override
  public String toString() {
    return text;
  }

  /** The match took longer than allowed. */
  static final class PatternTooSlowException extends RuntimeException {
    PatternTooSlowException() {
      super("regular expression took too long to match", null, false, false);
    }
  }
}
