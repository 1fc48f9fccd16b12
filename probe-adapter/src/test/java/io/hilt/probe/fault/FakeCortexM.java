package io.hilt.probe.fault;

import io.hilt.probe.target.Arch;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import io.hilt.probe.testsupport.MemoryBackedTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A halted Cortex-M as a {@link io.hilt.probe.target.DebugTarget} test double: registers by GDB
 * name and sparse memory; reading an address nothing was written to fails like an unmapped address
 * on a probe. Only the state-reading methods work; run control is not part of fault analysis.
 *
 * <p>This stands in for the ARMv7-M simulator with an MPU, which is being built in parallel: the
 * end-to-end fault tests (real faults raised by real firmware) come with it.
 */
final class FakeCortexM extends MemoryBackedTarget {
  static final long SCB_CFSR = 0xE000_ED28L;

  private final Map<String, Long> registers = new LinkedHashMap<>();
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
    map(address, littleEndian(value));
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
    mapZeros(address, bytes);
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
    return super.readMemory(address, length);
  }

  /** Writes map memory where there was none, so tests can lay out state with it. */
  @Override
  public void writeMemory(long address, byte[] data) {
    map(address, data);
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
  public void writeRegister(String name, long value) {
    register(name, value);
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
  public void halt() {}

  @Override
  public StopReason waitForStop(Duration timeout) {
    return new StopReason.Halted(registers.get("pc"));
  }

  @Override
  public Optional<StopReason> stopReason() {
    return Optional.of(new StopReason.Halted(registers.get("pc")));
  }
}
