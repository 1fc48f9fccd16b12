package io.hilt.probe.rtt;

import java.util.Objects;
import java.util.Optional;

/**
 * One buffer descriptor of the control block, as read when the block was parsed. The offsets move
 * while the target runs; {@link Rtt} reads them again on every transfer.
 *
 * @param direction up (target to host) or down (host to target)
 * @param index channel number within its direction
 * @param descriptorAddress where the 24-byte descriptor lives
 * @param name the {@code sName} string, empty when the pointer is null or outside readable memory
 * @param namePointer {@code sName} as stored
 * @param bufferAddress {@code pBuffer}
 * @param size {@code SizeOfBuffer} in bytes
 * @param writeOffset {@code WrOff} when parsed
 * @param readOffset {@code RdOff} when parsed
 * @param flags {@code Flags} (mode in the low two bits)
 */
public record RttChannel(
    Direction direction,
    int index,
    long descriptorAddress,
    Optional<String> name,
    long namePointer,
    long bufferAddress,
    long size,
    long writeOffset,
    long readOffset,
    long flags) {

  /** Up channels carry target output; down channels carry host input. */
  public enum Direction {
    UP,
    DOWN;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Offsets inside a descriptor. */
  static final int NAME = 0;

  static final int BUFFER = 4;
  static final int SIZE = 8;
  static final int WRITE = 12;
  static final int READ = 16;
  static final int FLAGS = 20;
  static final int DESCRIPTOR_SIZE = 24;

  public RttChannel {
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(name, "name");
    if (index < 0 || size <= 0 || writeOffset >= size || readOffset >= size) {
      throw new IllegalArgumentException(
          "inconsistent RTT channel "
              + direction
              + " "
              + index
              + ": size "
              + size
              + ", WrOff "
              + writeOffset
              + ", RdOff "
              + readOffset);
    }
  }

  public ChannelMode mode() {
    return ChannelMode.fromFlags(flags);
  }

  /** Bytes waiting to be read when parsed ({@code WrOff - RdOff} with wrap-around). */
  public long pending() {
    return writeOffset >= readOffset ? writeOffset - readOffset : size - readOffset + writeOffset;
  }

  /** For messages: {@code up 0 "Terminal"}. */
  public String label() {
    return direction + " channel " + index + name.map(n -> " \"" + n + "\"").orElse("");
  }
}
