package io.hilt.probe.fault;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The registers the core pushed on exception entry, read from the stack.
 *
 * @param address where the frame starts (the interrupted code's SP after stacking)
 * @param r0 stacked r0 (likewise r1 to r3, r12)
 * @param lr stacked LR: the interrupted code's link register
 * @param pc stacked PC: the instruction that faulted (precise faults) or would have run next
 * @param xpsr stacked xPSR; bit 9 says the core inserted a padding word to align the frame
 * @param floatingPoint s0-s15 and FPSCR when the frame is extended
 */
public record ExceptionFrame(
    long address,
    long r0,
    long r1,
    long r2,
    long r3,
    long r12,
    long lr,
    long pc,
    long xpsr,
    Optional<FloatingPointState> floatingPoint) {
  /** Bytes of a basic frame (eight words). */
  public static final int BASIC_BYTES = 0x20;

  /** Bytes of an extended frame (basic, s0-s15, FPSCR, a reserved word). */
  public static final int EXTENDED_BYTES = 0x68;

  /** s0-s15 and FPSCR as stacked (raw bits). */
  public record FloatingPointState(List<Long> s, long fpscr) {
    public FloatingPointState {
      s = List.copyOf(s);
      if (s.size() != 16) {
        throw new IllegalArgumentException("an extended frame holds s0-s15, got " + s.size());
      }
    }
  }

  public ExceptionFrame {
    Objects.requireNonNull(floatingPoint, "floatingPoint");
  }

  /** Parses a frame from the little-endian bytes read at {@code address}. */
  public static ExceptionFrame parse(long address, byte[] bytes, boolean extended) {
    int need = extended ? EXTENDED_BYTES : BASIC_BYTES;
    if (bytes.length < need) {
      throw new IllegalArgumentException(
          "a "
              + (extended ? "extended" : "basic")
              + " frame needs "
              + need
              + " bytes, got "
              + bytes.length);
    }
    Optional<FloatingPointState> fp = Optional.empty();
    if (extended) {
      Long[] s = new Long[16];
      for (int i = 0; i < 16; i++) {
        s[i] = word(bytes, 8 + i);
      }
      fp = Optional.of(new FloatingPointState(List.of(s), word(bytes, 24)));
    }
    return new ExceptionFrame(
        address,
        word(bytes, 0),
        word(bytes, 1),
        word(bytes, 2),
        word(bytes, 3),
        word(bytes, 4),
        word(bytes, 5),
        word(bytes, 6),
        word(bytes, 7),
        fp);
  }

  private static long word(byte[] b, int index) {
    int i = index * 4;
    return (b[i] & 0xffL)
        | (b[i + 1] & 0xffL) << 8
        | (b[i + 2] & 0xffL) << 16
        | (b[i + 3] & 0xffL) << 24;
  }

  /** Stacked xPSR bit 9: a padding word sits above the frame to keep the stack 8-byte aligned. */
  public boolean padded() {
    return (xpsr & (1L << 9)) != 0;
  }

  /** Stacked EPSR.T: clear means the interrupted code was not in Thumb state (INVSTATE). */
  public boolean thumb() {
    return (xpsr & (1L << 24)) != 0;
  }

  /** Stacked IPSR: the exception the interrupted code was handling, 0 for thread mode. */
  public int ipsr() {
    return (int) (xpsr & 0x1ff);
  }

  public int size() {
    return floatingPoint.isPresent() ? EXTENDED_BYTES : BASIC_BYTES;
  }

  /** The interrupted code's SP before the exception: frame, padding word if any. */
  public long stackPointerBefore() {
    return address + size() + (padded() ? 4 : 0);
  }
}
