package io.hilt.probe.elf;

/** Bytes of a PT_LOAD segment and the physical address they are flashed at. */
public record LoadSegment(long physicalAddress, long virtualAddress, byte[] data, long memorySize) {
  public LoadSegment {
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }
}
