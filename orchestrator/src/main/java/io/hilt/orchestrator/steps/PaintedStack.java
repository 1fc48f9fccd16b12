package io.hilt.orchestrator.steps;

import java.util.Objects;

/**
 * A stack region after painting.
 *
 * @param region the whole stack region
 * @param paintedTop the end (exclusive) of what was painted: the stack pointer at the time, so live
 *     words above it were kept
 * @param pattern the 32-bit pattern written to each word
 */
record PaintedStack(StackRegion region, long paintedTop, int pattern) {
  PaintedStack {
    Objects.requireNonNull(region, "region");
    if (paintedTop <= region.bottom() || paintedTop > region.top() || (paintedTop & 3) != 0) {
      throw new IllegalArgumentException(
          "painted top " + StackRegion.hex(paintedTop) + " outside " + region);
    }
  }

  String describe() {
    return region
        + " with "
        + String.format("0x%08x", pattern)
        + " ("
        + (paintedTop - region.bottom())
        + " bytes below the stack pointer "
        + StackRegion.hex(paintedTop)
        + ")";
  }
}
