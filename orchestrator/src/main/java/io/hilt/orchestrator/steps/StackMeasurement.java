package io.hilt.orchestrator.steps;

import java.util.Locale;

/**
 * The high-water mark of a painted stack.
 *
 * @param region the painted region
 * @param usedBytes bytes between the region's top and the lowest word that no longer holds the
 *     pattern; the whole region when {@code overflowed}
 * @param overflowed the bottom word changed: the stack reached (and probably passed) its bottom
 */
public record StackMeasurement(StackRegion region, long usedBytes, boolean overflowed) {
  public StackMeasurement {
    if (usedBytes < 0 || usedBytes > region.sizeBytes()) {
      throw new IllegalArgumentException(
          "used bytes " + usedBytes + " outside the region of " + region.sizeBytes());
    }
  }

  public double percent() {
    return 100.0 * usedBytes / region.sizeBytes();
  }

  /** The percentage with one decimal, independent of the default locale. */
  public String percentText() {
    return String.format(Locale.ROOT, "%.1f", percent());
  }

  /** One line for the test output. */
  public String describe() {
    if (overflowed) {
      return "stack overflowed its region (at least "
          + usedBytes
          + " bytes used, region "
          + region
          + ")";
    }
    return "stack used "
        + usedBytes
        + " of "
        + region.sizeBytes()
        + " bytes ("
        + percentText()
        + "%), region "
        + region;
  }
}
