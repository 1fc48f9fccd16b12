package io.hilt.bench.defmt;

import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.OutputListener;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.Semihosting;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One block of RAM behind the {@link DebugTarget} memory interface, for feeding the RTT reader
 * random memory. Accesses outside the block fail as a probe's would; the largest access is kept so
 * the fuzz loop can check that the reader never asks for more than the block it parsed.
 */
final class RamTarget implements DebugTarget {
  private final long start;
  private final byte[] ram;
  private int largestAccess;

  RamTarget(long start, byte[] ram) {
    this.start = start;
    this.ram = ram;
  }

  int largestAccess() {
    return largestAccess;
  }

  private int offset(long address, int length, String op) {
    largestAccess = Math.max(largestAccess, length);
    if (address < start || address + length > start + ram.length || length < 0) {
      throw new TargetException(
          String.format("%s of %d bytes at 0x%08x: no memory there", op, length, address));
    }
    return (int) (address - start);
  }

  @Override
  public byte[] readMemory(long address, int length) {
    int at = offset(address, length, "read");
    return Arrays.copyOfRange(ram, at, at + length);
  }

  @Override
  public void writeMemory(long address, byte[] data) {
    System.arraycopy(data, 0, ram, offset(address, data.length, "write"), data.length);
  }

  private static UnsupportedOperationException memoryOnly() {
    return new UnsupportedOperationException("RamTarget has memory only");
  }

  @Override
  public TargetSpec spec() {
    throw memoryOnly();
  }

  @Override
  public void load(FirmwareImage image) {
    throw memoryOnly();
  }

  @Override
  public void reset(ResetMode mode) {
    throw memoryOnly();
  }

  @Override
  public void resume() {
    throw memoryOnly();
  }

  @Override
  public void halt() {
    throw memoryOnly();
  }

  @Override
  public StopReason waitForStop(Duration timeout) {
    throw memoryOnly();
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
    throw memoryOnly();
  }

  @Override
  public void writeRegister(String name, long value) {
    throw memoryOnly();
  }

  @Override
  public void addBreakpoint(long address) {
    throw memoryOnly();
  }

  @Override
  public void removeBreakpoint(long address) {
    throw memoryOnly();
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
