package io.hilt.orchestrator.steps;

/**
 * The memory a stack may use: {@code [bottom, top)}, both word-aligned. The stack grows down from
 * {@code top}.
 *
 * @param bottom lowest address the stack may use (inclusive)
 * @param top initial stack pointer (exclusive end)
 * @param origin where the bounds came from, for messages ("profile", "ELF symbols _stack_start..")
 */
public record StackRegion(long bottom, long top, String origin) {
  public StackRegion {
    if (bottom < 0 || top > 0xFFFF_FFFFL || bottom >= top) {
      throw new IllegalArgumentException(
          "stack region [" + hex(bottom) + ", " + hex(top) + ") from " + origin + " is empty");
    }
    if ((bottom & 3) != 0 || (top & 3) != 0) {
      throw new IllegalArgumentException(
          "stack region [" + hex(bottom) + ", " + hex(top) + ") is not word-aligned");
    }
    if (top - bottom > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("stack region of " + (top - bottom) + " bytes is too big");
    }
  }

  public int sizeBytes() {
    return (int) (top - bottom);
  }

  @Override
  public String toString() {
    return "["
        + hex(bottom)
        + ", "
        + hex(top)
        + ") ("
        + sizeBytes()
        + " bytes, from "
        + origin
        + ")";
  }

  static String hex(long value) {
    return String.format("0x%08x", value);
  }
}
