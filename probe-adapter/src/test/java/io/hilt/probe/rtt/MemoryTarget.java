package io.hilt.probe.rtt;

import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.OutputListener;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.Semihosting;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A {@link DebugTarget} that is only memory: a few byte arrays at fixed addresses (RAM snapshots).
 * Reads or writes outside them fail like a bus fault on a probe would; run control is not
 * supported. Counts accesses so tests can check that readers stay bounded.
 */
final class MemoryTarget implements DebugTarget {
  private record Block(long start, byte[] bytes) {
    long end() {
      return start + bytes.length;
    }
  }

  private final List<Block> blocks = new ArrayList<>();
  private final List<Runnable> beforeRead = new ArrayList<>();
  int reads;
  int largestRead;

  MemoryTarget add(long start, byte[] bytes) {
    blocks.add(new Block(start, bytes.clone()));
    return this;
  }

  /** Runs {@code action} before every read (to change memory while a reader polls). */
  MemoryTarget beforeEachRead(Runnable action) {
    beforeRead.add(action);
    return this;
  }

  List<MemoryRegion> regions() {
    List<MemoryRegion> out = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      Block b = blocks.get(i);
      out.add(new MemoryRegion("mem" + i, b.start, b.bytes.length));
    }
    return out;
  }

  private Block blockFor(long address, int length, String op) {
    for (Block b : blocks) {
      if (address >= b.start && address + length <= b.end()) {
        return b;
      }
    }
    throw new TargetException(
        String.format("%s of %d bytes at 0x%08x: no memory there", op, length, address));
  }

  @Override
  public byte[] readMemory(long address, int length) {
    beforeRead.forEach(Runnable::run);
    reads++;
    largestRead = Math.max(largestRead, length);
    Block b = blockFor(address, length, "read");
    int off = (int) (address - b.start);
    return Arrays.copyOfRange(b.bytes, off, off + length);
  }

  @Override
  public void writeMemory(long address, byte[] data) {
    Block b = blockFor(address, data.length, "write");
    System.arraycopy(data, 0, b.bytes, (int) (address - b.start), data.length);
  }

  void writeU32(long address, long value) {
    writeMemory(
        address,
        new byte[] {
          (byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)
        });
  }

  long readU32(long address) {
    Block b = blockFor(address, 4, "read");
    int off = (int) (address - b.start);
    return (b.bytes[off] & 0xffL)
        | (b.bytes[off + 1] & 0xffL) << 8
        | (b.bytes[off + 2] & 0xffL) << 16
        | (b.bytes[off + 3] & 0xffL) << 24;
  }

  @Override
  public TargetSpec spec() {
    throw new UnsupportedOperationException("memory-only test target");
  }

  @Override
  public void load(FirmwareImage image) {
    throw new UnsupportedOperationException("memory-only test target");
  }

  @Override
  public void reset(ResetMode mode) {
    throw new UnsupportedOperationException("memory-only test target");
  }

  @Override
  public void resume() {
    throw new UnsupportedOperationException("memory-only test target");
  }

  @Override
  public void halt() {
    throw new UnsupportedOperationException("memory-only test target");
  }

  @Override
  public StopReason waitForStop(Duration timeout) {
    throw new UnsupportedOperationException("memory-only test target");
  }

  @Override
  public Optional<StopReason> stopReason() {
    return Optional.empty();
  }

  @Override
  public List<String> registerNames() {
    return List.of();
  }

  @Override
  public long readRegister(String name) {
    throw new UnsupportedOperationException("memory-only test target");
  }

  @Override
  public void writeRegister(String name, long value) {
    throw new UnsupportedOperationException("memory-only test target");
  }

  @Override
  public void addBreakpoint(long address) {
    throw new UnsupportedOperationException("memory-only test target");
  }

  @Override
  public void removeBreakpoint(long address) {
    throw new UnsupportedOperationException("memory-only test target");
  }

  @Override
  public void addOutputListener(OutputListener listener) {}

  @Override
  public void removeOutputListener(OutputListener listener) {}

  @Override
  public Optional<Semihosting> semihosting() {
    return Optional.empty();
  }

  @Override
  public void close() {}
}
