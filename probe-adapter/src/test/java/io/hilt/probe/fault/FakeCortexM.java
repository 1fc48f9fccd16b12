package io.hilt.probe.fault;

import io.hilt.probe.target.Arch;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A halted Cortex-M as a {@link DebugTarget} test double: registers by GDB name and sparse
 * byte-addressed memory; reading an address nothing was written to fails like an unmapped address
 * on a probe. Only the state-reading methods work; run control is not part of fault analysis.
 *
 * <p>This stands in for the ARMv7-M simulator with an MPU, which is being built in parallel: the
 * end-to-end fault tests (real faults raised by real firmware) come with it.
 */
final class FakeCortexM implements DebugTarget {
  static final long SCB_CFSR = 0xE000_ED28L;

  private final Map<String, Long> registers = new LinkedHashMap<>();
  private final Map<Long, Byte> memory = new HashMap<>();
  private final List<Long> reads = new ArrayList<>();

  FakeCortexM() {
    for (int i = 0; i <= 12; i++) {
      registers.put("r" + i, 0L);
    }
    for (String r : List.of("sp", "lr", "pc", "xpsr", "msp", "psp", "control")) {
      registers.put(r, 0L);
    }
  }

  FakeCortexM register(String name, long value) {
    registers.put(name, value & 0xffff_ffffL);
    return this;
  }

  FakeCortexM withoutRegister(String name) {
    registers.remove(name);
    return this;
  }

  FakeCortexM word(long address, long value) {
    for (int i = 0; i < 4; i++) {
      memory.put(address + i, (byte) (value >>> (8 * i)));
    }
    return this;
  }

  FakeCortexM words(long address, long... values) {
    for (int i = 0; i < values.length; i++) {
      word(address + 4L * i, values[i]);
    }
    return this;
  }

  /** Zero-filled readable memory (a stack region). */
  FakeCortexM ram(long address, int bytes) {
    for (int i = 0; i < bytes; i++) {
      memory.putIfAbsent(address + i, (byte) 0);
    }
    return this;
  }

  /** The SCB registers an ARMv7-M/ARMv8-M fault analysis reads, all zero but ICSR. */
  FakeCortexM scb(long icsr, long vtor) {
    words(0xE000_ED04L, icsr, vtor);
    return words(0xE000_ED24L, 0, 0, 0, 0, 0, 0);
  }

  /** Addresses of every readMemory call, in order. */
  List<Long> reads() {
    return List.copyOf(reads);
  }

  @Override
  public byte[] readMemory(long address, int length) {
    reads.add(address);
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      Byte b = memory.get(address + i);
      if (b == null) {
        throw new TargetException(
            "fake Cortex-M: no memory at " + String.format("0x%08x", address + i));
      }
      out[i] = b;
    }
    return out;
  }

  @Override
  public List<String> registerNames() {
    return List.copyOf(registers.keySet());
  }

  @Override
  public long readRegister(String name) {
    Long v = registers.get(name);
    if (v == null) {
      throw new TargetException("fake Cortex-M: no register " + name);
    }
    return v;
  }

  @Override
  public TargetSpec spec() {
    return new TargetSpec(
        "fake",
        Arch.CORTEX_M4,
        "fake",
        List.of(new MemoryRegion("ram", 0x2000_0000L, 0x1_0000L)),
        Map.of());
  }

  @Override
  public void load(FirmwareImage image) {
    throw new UnsupportedOperationException("load");
  }

  @Override
  public void reset(ResetMode mode) {
    throw new UnsupportedOperationException("reset");
  }

  @Override
  public void resume() {
    throw new UnsupportedOperationException("resume");
  }

  @Override
  public void halt() {}

  @Override
  public StopReason waitForStop(Duration timeout) {
    return new StopReason.Halted(registers.get("pc"));
  }

  @Override
  public Optional<StopReason> stopReason() {
    return Optional.of(new StopReason.Halted(registers.get("pc")));
  }

  @Override
  public void writeMemory(long address, byte[] data) {
    for (int i = 0; i < data.length; i++) {
      memory.put(address + i, data[i]);
    }
  }

  @Override
  public void writeRegister(String name, long value) {
    register(name, value);
  }

  @Override
  public void addBreakpoint(long address) {
    throw new UnsupportedOperationException("addBreakpoint");
  }

  @Override
  public void removeBreakpoint(long address) {
    throw new UnsupportedOperationException("removeBreakpoint");
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
