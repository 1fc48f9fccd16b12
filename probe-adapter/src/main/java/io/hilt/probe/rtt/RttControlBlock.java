package io.hilt.probe.rtt;

import java.util.List;
import java.util.Objects;

/**
 * A parsed SEGGER RTT control block: {@code char id[16]}, {@code MaxNumUpBuffers}, {@code
 * MaxNumDownBuffers}, then the up and the down descriptors (24 bytes each on 32-bit targets).
 *
 * @param address where the block starts (the {@code id})
 * @param up the up channels (target to host), index order
 * @param down the down channels (host to target), index order
 */
public record RttControlBlock(long address, List<RttChannel> up, List<RttChannel> down) {
  /** {@code "SEGGER RTT"}, the start of the id; the rest of the 16 bytes is NUL. */
  public static final String ID = "SEGGER RTT";

  /** Size of the id field. */
  public static final int ID_SIZE = 16;

  /** Size of the header before the first descriptor. */
  public static final int HEADER_SIZE = 24;

  public RttControlBlock {
    up = List.copyOf(Objects.requireNonNull(up, "up"));
    down = List.copyOf(Objects.requireNonNull(down, "down"));
  }

  /** Bytes taken by the header and every descriptor. */
  public long byteSize() {
    return HEADER_SIZE + (long) RttChannel.DESCRIPTOR_SIZE * (up.size() + down.size());
  }
}
