package io.hilt.probe.rtt;

/** What the writer of a buffer does when it is full: the low two bits of the {@code Flags} word. */
public enum ChannelMode {
  /** Drop the whole message when it does not fit (SEGGER's default). */
  NO_BLOCK_SKIP,
  /** Write what fits, drop the rest. */
  NO_BLOCK_TRIM,
  /** Wait until the reader made room. */
  BLOCK_IF_FULL;

  /** The mode encoded in a descriptor's flags (value 3 is reserved and read as blocking). */
  public static ChannelMode fromFlags(long flags) {
    return switch ((int) (flags & 3)) {
      case 0 -> NO_BLOCK_SKIP;
      case 1 -> NO_BLOCK_TRIM;
      default -> BLOCK_IF_FULL;
    };
  }
}
