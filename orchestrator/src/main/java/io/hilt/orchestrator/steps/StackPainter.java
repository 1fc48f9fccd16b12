package io.hilt.orchestrator.steps;

import io.hilt.probe.target.DebugTarget;
import java.io.ByteArrayOutputStream;

/**
 * Paints a stack region with a pattern through the target's memory interface and reads it back to
 * find the high-water mark. The rules are in docs/stack-painting.md.
 */
final class StackPainter {
  /** The default pattern: not a plausible address, code or small integer, and easy to spot. */
  static final long DEFAULT_PATTERN = 0xCCCC_CCCCL;

  /** Bytes per memory access: big enough to be quick, small enough for any probe. */
  static final int CHUNK_BYTES = 4096;

  private final DebugTarget target;

  StackPainter(DebugTarget target) {
    this.target = target;
  }

  long stackPointer() {
    return target.readRegister("sp") & 0xFFFF_FFFFL;
  }

  /**
   * Fills {@code [bottom, min(stackPointer, top))} with the pattern; words from the stack pointer
   * up are live and kept.
   */
  PaintedStack paint(StackRegion region, long stackPointer, int pattern) {
    if (stackPointer <= region.bottom()) {
      throw new StackRegionException(
          "the stack pointer "
              + StackRegion.hex(stackPointer)
              + " after reset is at or below the bottom of the stack region "
              + region);
    }
    long paintedTop = Math.min(stackPointer & ~3L, region.top());
    byte[] word = littleEndian(pattern);
    byte[] chunk = new byte[CHUNK_BYTES];
    for (int i = 0; i < chunk.length; i++) {
      chunk[i] = word[i & 3];
    }
    for (long address = region.bottom(); address < paintedTop; address += CHUNK_BYTES) {
      int length = (int) Math.min(CHUNK_BYTES, paintedTop - address);
      target.writeMemory(
          address, length == CHUNK_BYTES ? chunk : java.util.Arrays.copyOf(chunk, length));
    }
    return new PaintedStack(region, paintedTop, pattern);
  }

  StackMeasurement measure(PaintedStack painted) {
    StackRegion region = painted.region();
    ByteArrayOutputStream contents = new ByteArrayOutputStream(region.sizeBytes());
    for (long address = region.bottom(); address < region.top(); address += CHUNK_BYTES) {
      int length = (int) Math.min(CHUNK_BYTES, region.top() - address);
      byte[] read = target.readMemory(address, length);
      contents.write(read, 0, read.length);
    }
    return StackScanner.measure(
        region, painted.paintedTop(), contents.toByteArray(), littleEndian(painted.pattern()));
  }

  /** Cortex-M and RISC-V targets are little-endian. */
  static byte[] littleEndian(int word) {
    return new byte[] {
      (byte) word, (byte) (word >>> 8), (byte) (word >>> 16), (byte) (word >>> 24)
    };
  }
}
