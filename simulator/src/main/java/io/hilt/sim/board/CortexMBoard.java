package io.hilt.sim.board;

import io.hilt.probe.target.ImageSegment;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.OutputChunk;
import io.hilt.probe.target.StopReason;
import io.hilt.sim.bus.RamRegion;
import io.hilt.sim.bus.SystemBus;
import io.hilt.sim.cortexm.CoreModel;
import io.hilt.sim.cortexm.ExceptionUnit;
import io.hilt.sim.cortexm.Nvic;
import io.hilt.sim.cortexm.SysTick;
import io.hilt.sim.cortexm.SystemControlSpace;
import io.hilt.sim.mpu.MpuProtection;
import io.hilt.sim.mpu.Pmsav7Mpu;
import io.hilt.sim.periph.CmsdkUart;
import io.hilt.sim.semihosting.GuestMemory;
import io.hilt.sim.semihosting.HeapInfo;
import io.hilt.sim.semihosting.Semihost;
import io.hilt.sim.thumb.ThumbCore;
import io.hilt.sim.thumb.ThumbProfile;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A Cortex-M core on the mps2 memory map: core, NVIC, SysTick, SCB, the MPU (Cortex-M3/M4), UART0
 * and semihosting. The Cortex-M3 board is QEMU's {@code mps2-an385}, the Cortex-M4 one its {@code
 * mps2-an386} (the same map); the Cortex-M0+ runs on the an385 map too. Not thread-safe: one thread
 * drives it (see {@code SimTarget}).
 */
public final class CortexMBoard implements SimBoard {
  private final SystemBus bus = new SystemBus();
  private final RamRegion psram;
  private final ThumbCore core;
  private final Nvic nvic;
  private final SysTick sysTick;
  private final ExceptionUnit exceptions;
  private final SystemControlSpace scs;
  private final CmsdkUart uart0;
  private final CoreModel model;
  private final Optional<Pmsav7Mpu> mpu;
  private final Semihost semihost;
  private final ChannelOutput output = new ChannelOutput();
  private final List<ImageSegment> loaded = new ArrayList<>();
  private long idleCycles;

  /**
   * @param vectorCatch DEMCR vector catch bits the debugger sets at power-on ({@code
   *     ExceptionUnit.VC_*}); the bits the core does not have are dropped
   */
  public CortexMBoard(CoreModel model, Clock clock, int vectorCatch) {
    this.model = model;
    psram = Mps2An385.mapMemory(bus);
    core = new ThumbCore(bus, profile(model));
    nvic = new Nvic(Mps2An385.INTERRUPTS, model.priorityBits());
    mpu = model.mpuRegions() > 0 ? Optional.of(new Pmsav7Mpu()) : Optional.empty();
    exceptions = new ExceptionUnit(core, nvic, model, mpu);
    exceptions.writeDemcr(vectorCatch);
    mpu.ifPresent(
        m -> {
          core.setMemoryProtection(new MpuProtection(m, () -> exceptions.executionPriority() < 0));
          m.onChange(() -> core.setProtectionEnabled(m.enabled()));
        });
    sysTick = new SysTick(nvic, core::cycles);
    scs = new SystemControlSpace(core, nvic, sysTick, exceptions, mpu);
    uart0 =
        new CmsdkUart(
            "UART0",
            OutputChannel.UART0,
            this::emit,
            nvic::raise,
            Mps2An385.UART0_RX_IRQ,
            Mps2An385.UART0_TX_IRQ);
    Mps2An385.mapDevices(bus, uart0, scs);
    if (model.armv7m()) {
      Mps2An385.mapBitBand(bus);
      Mps2An385.mapPrivatePeripheralBus(bus, new PrivatePeripheralBus(core::isPrivileged));
    }
    semihost = new Semihost(new BusMemory(), this::emit, clock, this::elapsedNanos, this::heapInfo);
    exceptions.setSemihosting((op, param) -> semihost.call(op, Integer.toUnsignedLong(param)));
    exceptions.onIdle(this::fastForwardToTimer);
  }

  private static ThumbProfile profile(CoreModel model) {
    return switch (model) {
      case CORTEX_M0PLUS -> ThumbProfile.ARMV6M;
      case CORTEX_M3 -> ThumbProfile.ARMV7M;
      case CORTEX_M4 -> ThumbProfile.ARMV7EM;
    };
  }

  public CoreModel model() {
    return model;
  }

  public Optional<Pmsav7Mpu> mpu() {
    return mpu;
  }

  public SystemControlSpace scs() {
    return scs;
  }

  public SystemBus bus() {
    return bus;
  }

  public ThumbCore core() {
    return core;
  }

  public Nvic nvic() {
    return nvic;
  }

  public ExceptionUnit exceptions() {
    return exceptions;
  }

  @Override
  public Semihost semihost() {
    return semihost;
  }

  public CmsdkUart uart0() {
    return uart0;
  }

  /** Cycles since power-on (instructions plus time slept in WFI). */
  public long cycles() {
    return core.cycles();
  }

  /** Instructions executed since power-on. */
  @Override
  public long instructions() {
    return core.cycles() - idleCycles;
  }

  private long elapsedNanos() {
    return core.cycles() * 1_000_000_000L / Mps2An385.CLOCK_HZ;
  }

  @Override
  public String mapName() {
    return "mps2-an385";
  }

  /** Power-on or system reset: memory is kept, everything else starts over. */
  @Override
  public void reset() {
    uart0.reset();
    scs.reset();
    semihost.reset();
    exceptions.reset();
    sysTick.reset();
  }

  /**
   * Writes an image segment.
   *
   * @throws IllegalArgumentException naming the address when it does not fit one RAM
   */
  @Override
  public void load(ImageSegment segment) {
    int start = (int) segment.address();
    byte[] data = segment.data();
    Optional<RamRegion> ram = bus.ramAt(start);
    if (data.length > 0
        && (ram.isEmpty() || !ram.get().contains((int) (segment.address() + data.length - 1)))) {
      throw new IllegalArgumentException(
          String.format(
              "segment at 0x%08x (%d bytes) is outside the memory of the mps2-an385 map",
              segment.address(), data.length));
    }
    for (int i = 0; i < data.length; i++) {
      ram.orElseThrow().store8(start + i, data[i]);
    }
    loaded.add(segment);
  }

  private void emit(OutputChannel channel, byte[] data, int offset, int length) {
    output.write(channel, data, offset, length);
  }

  /**
   * Writes memory as a debugger does: System Control Space registers without the privilege check
   * (whole words where the data covers them, so W1C and word-only registers work).
   *
   * @return the first address that could not be written, or empty
   */
  @Override
  public OptionalLong debugWrite(long address, byte[] data) {
    int i = 0;
    while (i < data.length) {
      int a = (int) (address + i);
      boolean inScs = Integer.compareUnsigned(a - Mps2An385.SCS, 0x1000) < 0;
      if (inScs && (a & 3) == 0 && data.length - i >= 4) {
        int word =
            (data[i] & 0xFF)
                | (data[i + 1] & 0xFF) << 8
                | (data[i + 2] & 0xFF) << 16
                | (data[i + 3] & 0xFF) << 24;
        if (!scs.debugWrite(a - Mps2An385.SCS, 4, word)) {
          return OptionalLong.of(address + i);
        }
        i += 4;
        continue;
      }
      boolean ok =
          inScs ? scs.debugWrite(a - Mps2An385.SCS, 1, data[i] & 0xFF) : bus.write8(a, data[i]);
      if (!ok) {
        return OptionalLong.of(address + i);
      }
      i++;
    }
    return OptionalLong.empty();
  }

  /** Output written since the last call, one chunk per channel. */
  @Override
  public List<OutputChunk> takeOutput() {
    return output.take();
  }

  /**
   * Runs up to {@code maxCycles} cycles. Returns why the core stopped, or empty when the slice ran
   * out (or the core sleeps: see {@link #sleeping()}).
   */
  @Override
  public Optional<StopReason> run(long maxCycles) {
    if (exceptions.lockedUp()) {
      return Optional.of(
          new StopReason.Lockup(Integer.toUnsignedLong(core.pc()), "core is locked up"));
    }
    uart0.poll();
    if (exceptions.sleeping()) {
      if (nvic.highestPending() == 0) {
        return Optional.empty();
      }
      exceptions.wake();
    }
    long until = Math.min(core.cycles() + maxCycles, sysTick.nextEventCycle());
    core.run(until);
    sysTick.sync();
    if (exceptions.takeResetRequest()) {
      reset();
      return Optional.empty();
    }
    if (core.takeBreakpointHit()) {
      return Optional.of(new StopReason.Breakpoint(Integer.toUnsignedLong(core.pc())));
    }
    return exceptions.takeStop();
  }

  /** True while the core waits for an interrupt that nothing scheduled will raise. */
  @Override
  public boolean sleeping() {
    return exceptions.sleeping() && nvic.highestPending() == 0;
  }

  private void fastForwardToTimer() {
    long next = sysTick.nextEventCycle();
    if (next != Long.MAX_VALUE && next > core.cycles()) {
      long idle = next - core.cycles();
      idleCycles += idle;
      core.addIdleCycles(idle);
      sysTick.sync();
    }
  }

  /**
   * HEAPINFO as QEMU computes it: the largest RAM (PSRAM), less what the image occupies there; heap
   * from the bottom of the largest free gap, stack from its top.
   */
  private HeapInfo heapInfo() {
    long start = Integer.toUnsignedLong(psram.base());
    return HeapLayout.largestGap(start, start + psram.window(), loaded);
  }

  @Override
  public Optional<StopReason> takeStopAfterReset() {
    return exceptions.takeStop();
  }

  @Override
  public boolean isRam(long start, long end) {
    return bus.ramAt((int) start).filter(r -> r.contains((int) (end - 1))).isPresent();
  }

  @Override
  public long peek8(int address) {
    return bus.peek8(address);
  }

  @Override
  public long pc() {
    return Integer.toUnsignedLong(core.pc());
  }

  /** Halts on request: DFSR.HALTED records it, as on silicon. */
  @Override
  public void debugHalted() {
    exceptions.debugHalted();
  }

  private static final List<String> REGISTERS_V6M =
      List.of(
          "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "sp",
          "lr", "pc", "xpsr", "msp", "psp", "primask", "control");

  /** ARMv7-M adds the two masks the Main Extension has. */
  private static final List<String> REGISTERS_V7M =
      java.util.stream.Stream.concat(
              REGISTERS_V6M.stream(), java.util.stream.Stream.of("basepri", "faultmask"))
          .toList();

  @Override
  public List<String> registerNames() {
    return model.armv7m() ? REGISTERS_V7M : REGISTERS_V6M;
  }

  @Override
  public java.util.OptionalInt registerIndex(String name) {
    int index = registerNames().indexOf(name);
    return index < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(index);
  }

  @Override
  public long readRegister(int index) {
    int value =
        switch (index) {
          case 16 -> core.xpsr();
          case 17 -> core.msp();
          case 18 -> core.psp();
          case 19 -> core.primask() ? 1 : 0;
          case 20 -> core.control();
          case 21 -> core.basepri();
          case 22 -> core.faultmask() ? 1 : 0;
          default -> core.register(index);
        };
    return Integer.toUnsignedLong(value);
  }

  @Override
  public void writeRegister(int index, int v) {
    switch (index) {
      case 16 -> core.setXpsr(v);
      case 17 -> core.setMsp(v);
      case 18 -> core.setPsp(v);
      case 19 -> core.setPrimask((v & 1) != 0);
      case 20 -> core.setControl(v);
      case 21 -> core.setBasepri(v);
      case 22 -> core.setFaultmask((v & 1) != 0);
      default -> core.setRegister(index, v);
    }
  }

  @Override
  public void setBreakpoints(int[] addresses) {
    core.setBreakpoints(addresses);
    bus.rams().forEach(RamRegion::clearDecodeCache);
  }

  /** Resuming on a debugger breakpoint executes the instruction under it; on a BKPT, skips it. */
  @Override
  public void stepOffBreakpoint(StopReason lastStop, boolean breakpointAtPc) {
    int pc = core.pc();
    if (breakpointAtPc) {
      core.stepOverBreakpointAt(pc);
    } else if (lastStop instanceof StopReason.Breakpoint b
        && b.address() == Integer.toUnsignedLong(pc)) {
      long hw = bus.read16(pc);
      if (hw >= 0 && (hw & 0xFF00) == 0xBE00) {
        core.setPc(pc + 2);
      }
    }
  }

  @Override
  public void uartInput(byte[] data) {
    uart0.input(data);
  }

  /** Guest memory through the bus, for semihosting and the debugger. */
  public final class BusMemory implements GuestMemory {
    @Override
    public long readWord(long address) {
      long value = 0;
      for (int i = 3; i >= 0; i--) {
        long b = bus.read8((int) (address + i));
        if (b < 0 || address + i > 0xFFFF_FFFFL) {
          return -1;
        }
        value = value << 8 | b;
      }
      return value;
    }

    @Override
    public boolean writeWord(long address, int value) {
      for (int i = 0; i < 4; i++) {
        if (address + i > 0xFFFF_FFFFL || !bus.write8((int) (address + i), value >>> (8 * i))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public Optional<byte[]> readBytes(long address, int length) {
      byte[] data = new byte[length];
      for (int i = 0; i < length; i++) {
        long b = address + i > 0xFFFF_FFFFL ? -1 : bus.read8((int) (address + i));
        if (b < 0) {
          return Optional.empty();
        }
        data[i] = (byte) b;
      }
      return Optional.of(data);
    }

    @Override
    public boolean writeBytes(long address, byte[] data, int offset, int length) {
      for (int i = 0; i < length; i++) {
        if (address + i > 0xFFFF_FFFFL || !bus.write8((int) (address + i), data[offset + i])) {
          return false;
        }
      }
      return true;
    }
  }
}
