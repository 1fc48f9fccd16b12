package io.hilt.probe.elf;

/** An address expressed as {@code symbol+offset}. */
public record SymbolicAddress(String symbol, long offset) {
  @Override
  public String toString() {
    return offset == 0 ? symbol : symbol + "+0x" + Long.toHexString(offset);
  }
}
