package io.hilt.probe.rtt;

import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.testsupport.MemoryBackedTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * A target that is only memory: a few byte arrays at fixed addresses (RAM snapshots). Counts
 * accesses so tests can check that readers stay bounded, and can change memory before each read.
 */
final class MemoryTarget extends MemoryBackedTarget {
  private final List<MemoryRegion> regions = new ArrayList<>();
  private final List<Runnable> beforeRead = new ArrayList<>();
  int reads;
  int largestRead;

  MemoryTarget add(long start, byte[] bytes) {
    regions.add(new MemoryRegion("mem" + regions.size(), start, bytes.length));
    map(start, bytes);
    return this;
  }

  /** Runs {@code action} before every read (to change memory while a reader polls). */
  MemoryTarget beforeEachRead(Runnable action) {
    beforeRead.add(action);
    return this;
  }

  List<MemoryRegion> regions() {
    return List.copyOf(regions);
  }

  @Override
  public byte[] readMemory(long address, int length) {
    beforeRead.forEach(Runnable::run);
    reads++;
    largestRead = Math.max(largestRead, length);
    return super.readMemory(address, length);
  }

  void writeU32(long address, long value) {
    pokeU32(address, value);
  }

  long readU32(long address) {
    return peekU32(address);
  }
}
