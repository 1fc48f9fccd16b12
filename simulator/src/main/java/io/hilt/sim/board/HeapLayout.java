package io.hilt.sim.board;

import io.hilt.probe.target.ImageSegment;
import io.hilt.sim.semihosting.HeapInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** SYS_HEAPINFO as QEMU computes it for a RAM: heap and stack in its largest free gap. */
final class HeapLayout {
  private HeapLayout() {}

  /**
   * The largest part of {@code [start, end)} no loaded segment occupies: heap from its bottom,
   * stack from its top.
   */
  static HeapInfo largestGap(long start, long end, List<ImageSegment> loaded) {
    long bestStart = start;
    long bestEnd = start;
    long cursor = start;
    List<ImageSegment> inside = new ArrayList<>();
    for (ImageSegment s : loaded) {
      if (s.end() > start && s.address() < end && s.data().length > 0) {
        inside.add(s);
      }
    }
    inside.sort(Comparator.comparingLong(ImageSegment::address));
    for (ImageSegment s : inside) {
      if (s.address() - cursor > bestEnd - bestStart) {
        bestStart = cursor;
        bestEnd = s.address();
      }
      cursor = Math.max(cursor, s.end());
    }
    if (end - cursor > bestEnd - bestStart) {
      bestStart = cursor;
      bestEnd = end;
    }
    return new HeapInfo(bestStart, bestEnd, bestEnd, bestStart);
  }
}
