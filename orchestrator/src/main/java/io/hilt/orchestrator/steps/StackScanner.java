package io.hilt.orchestrator.steps;

/**
 * Finds the high-water mark of a painted stack: scanning from the bottom upward, the first word
 * that no longer holds the pattern is the deepest the stack reached.
 */
public final class StackScanner {
  private StackScanner() {}

  /**
   * Measures a stack from its contents.
   *
   * @param region the painted region
   * @param paintedTop the end (exclusive) of the painted part; words from here to the region's top
   *     were live when painting and count as used
   * @param contents the region's bytes, from {@code region.bottom()} on, as read from the target
   * @param pattern the pattern's bytes, as written to each word
   */
  public static StackMeasurement measure(
      StackRegion region, long paintedTop, byte[] contents, byte[] pattern) {
    if (pattern.length != 4) {
      throw new IllegalArgumentException("pattern must be one 4-byte word");
    }
    if (contents.length != region.sizeBytes()) {
      throw new IllegalArgumentException(
          "read " + contents.length + " bytes of a " + region.sizeBytes() + "-byte stack region");
    }
    if (paintedTop < region.bottom() || paintedTop > region.top() || (paintedTop & 3) != 0) {
      throw new IllegalArgumentException(
          "painted top " + StackRegion.hex(paintedTop) + " outside " + region);
    }
    int paintedBytes = (int) (paintedTop - region.bottom());
    for (int offset = 0; offset < paintedBytes; offset += 4) {
      if (!holdsPattern(contents, offset, pattern)) {
        long used = region.top() - (region.bottom() + offset);
        return new StackMeasurement(region, used, offset == 0);
      }
    }
    return new StackMeasurement(region, region.top() - paintedTop, false);
  }

  private static boolean holdsPattern(byte[] contents, int offset, byte[] pattern) {
    return contents[offset] == pattern[0]
        && contents[offset + 1] == pattern[1]
        && contents[offset + 2] == pattern[2]
        && contents[offset + 3] == pattern[3];
  }
}
