package io.hilt.sim.bus;

/** An address range that reads as zero and ignores writes (a device the board leaves out). */
public record RazWiRegion(String name) implements Region {
  @Override
  public long read(int offset, int size) {
    return 0;
  }

  @Override
  public boolean write(int offset, int size, int value) {
    return true;
  }
}
