package io.hilt.orchestrator.report;

/**
 * Text kept up to a limit: the first and the last half of the limit survive, with a note saying how
 * much was left out in between (the start shows how a run began, the end how it failed).
 */
final class CappedText {
  private final int maxChars;
  private final StringBuilder head = new StringBuilder();
  private final StringBuilder tail = new StringBuilder();
  private long omitted;

  CappedText(int maxChars) {
    if (maxChars < 2) {
      throw new IllegalArgumentException("maxChars must be at least 2: " + maxChars);
    }
    this.maxChars = maxChars;
  }

  void append(String text) {
    int headRoom = maxChars / 2 - head.length();
    int toHead = Math.max(0, Math.min(headRoom, text.length()));
    head.append(text, 0, toHead);
    if (toHead == text.length()) {
      return;
    }
    tail.append(text, toHead, text.length());
    int tailMax = maxChars - maxChars / 2;
    if (tail.length() > 2 * tailMax) {
      int drop = tail.length() - tailMax;
      omitted += drop;
      tail.delete(0, drop);
    }
  }

  boolean isEmpty() {
    return head.length() == 0;
  }

  @Override
  public String toString() {
    int tailMax = maxChars - maxChars / 2;
    long dropped = omitted + Math.max(0, tail.length() - tailMax);
    String kept = tail.substring(Math.max(0, tail.length() - tailMax));
    if (dropped == 0) {
      return head + kept;
    }
    return head
        + "\n[hilt: "
        + dropped
        + " characters of output left out here; the report keeps the first and last "
        + maxChars / 2
        + "]\n"
        + kept;
  }
}
