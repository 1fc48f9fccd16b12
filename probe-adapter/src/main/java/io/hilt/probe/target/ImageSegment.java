package io.hilt.probe.target;

/** Bytes placed at a physical address. */
public record ImageSegment(long address, byte[] data) {
  public ImageSegment {
    if (address < 0 || address + data.length > 0x1_0000_0000L) {
      throw new IllegalArgumentException(
          String.format(
              "segment at 0x%x of %d bytes is outside the 32-bit space", address, data.length));
    }
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  public long end() {
    return address + data.length;
  }
}
