package io.hilt.sim.board;

import io.hilt.probe.target.ImageSegment;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.OutputChunk;
import io.hilt.probe.target.StopReason;
import io.hilt.sim.bus.RazWiRegion;
import io.hilt.sim.bus.Region;
import io.hilt.sim.bus.SystemBus;
import io.hilt.sim.periph.Clint;
import io.hilt.sim.periph.Ns16550a;
import io.hilt.sim.periph.TestFinisher;
import io.hilt.sim.riscv.PagedRam;
import io.hilt.sim.riscv.Pmp;
import io.hilt.sim.riscv.RiscvCore;
import io.hilt.sim.riscv.RvCsr;
import io.hilt.sim.semihosting.GuestMemory;
import io.hilt.sim.semihosting.HeapInfo;
import io.hilt.sim.semihosting.Semihost;
import io.hilt.sim.semihosting.SemihostingResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * {@code sim-riscv32}: an RV32IMAC hart on QEMU's {@code virt} map (see {@link QemuVirt}) with the
 * CLINT, the NS16550A UART, the test finisher and RISC-V semihosting. Reset leaves the hart where
 * QEMU's MROM reset vector does with {@code -bios none}: M-mode at 0x80000000 with a0 = hart id 0,
 * a1 = the FDT address, a2 = fw_dynamic_info, t0 = 0x80000000. Not thread-safe.
 */
public final class RiscvBoard implements SimBoard {
  private static final List<String> GPRS =
      List.of(
          "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3",
          "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
          "t3", "t4", "t5", "t6");
  private static final int PC = 32;
  private static final List<Integer> CSRS = List.copyOf(RvCsr.byName().values());
  private static final int PRIV = PC + 1 + CSRS.size();
  private static final List<String> REGISTERS = registers();
  private static final Map<String, Integer> ALIASES = aliases();

  private final SystemBus devices = new SystemBus();
  private final PagedRam ram = new PagedRam(QemuVirt.DRAM_SIZE);
  private final RiscvCore core;
  private final Clint clint;
  private final Ns16550a uart0;
  private final Semihost semihost;
  private final ChannelOutput output = new ChannelOutput();
  private final List<ImageSegment> loaded = new ArrayList<>();
  private Optional<StopReason> deviceStop = Optional.empty();
  private boolean resetRequested;

  /**
   * @param catchFaults stop at the handler of synchronous exceptions (vector catch)
   */
  public RiscvBoard(Clock clock, boolean catchFaults) {
    core =
        new RiscvCore(
            ram,
            QemuVirt.DRAM,
            devices,
            new Pmp(),
            new RiscvCore.Environment() {
              @Override
              public SemihostingResult semihost(int operation, int parameter) {
                return semihost.call(operation, Integer.toUnsignedLong(parameter));
              }

              @Override
              public long mtime() {
                return clint.mtime();
              }
            });
    core.setCatchFaults(catchFaults);
    clint = new Clint(core::cycles, QemuVirt.CPU_HZ / Clint.TIMEBASE_HZ);
    clint.onChange(
        () -> {
          syncInterrupts();
          core.limitTo(clint.nextEventCycle());
        });
    uart0 = new Ns16550a("UART0", OutputChannel.UART0, this::emit);
    TestFinisher finisher =
        new TestFinisher(
            new TestFinisher.Listener() {
              @Override
              public void exit(int code) {
                deviceStop = Optional.of(new StopReason.Exited(code));
                core.requestExit();
              }

              @Override
              public void reset() {
                resetRequested = true;
                core.requestExit();
              }
            });
    devices.map(QemuVirt.MROM, QemuVirt.MROM_SIZE, new Rom("MROM", QemuVirt.mromWords()));
    devices.map(QemuVirt.TEST, TestFinisher.SIZE, finisher);
    devices.map(QemuVirt.RTC, 0x1000, new RazWiRegion("goldfish RTC (unimplemented)"));
    devices.map(QemuVirt.CLINT, Clint.SIZE, clint);
    devices.map(QemuVirt.PLIC, QemuVirt.PLIC_SIZE, new RazWiRegion("PLIC (unimplemented)"));
    devices.map(QemuVirt.UART0, Ns16550a.SIZE, uart0);
    devices.map(QemuVirt.FLASH, QemuVirt.FLASH_SIZE, new RazWiRegion("flash (empty)"));
    devices.map(
        QemuVirt.PCIE_ECAM,
        QemuVirt.PCIE_END - QemuVirt.PCIE_ECAM,
        new AllOnes("PCIe (no devices)"));
    semihost = new Semihost(new Memory(), this::emit, clock, this::elapsedNanos, this::heapInfo);
  }

  private static List<String> registers() {
    List<String> names = new ArrayList<>(GPRS);
    names.add("pc");
    names.addAll(RvCsr.byName().keySet());
    names.add("priv");
    return List.copyOf(names);
  }

  private static Map<String, Integer> aliases() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < REGISTERS.size(); i++) {
      m.put(REGISTERS.get(i), i);
    }
    m.put("fp", 8);
    for (int i = 0; i < 32; i++) {
      m.put("x" + i, i);
    }
    return Map.copyOf(m);
  }

  public RiscvCore core() {
    return core;
  }

  public Clint clint() {
    return clint;
  }

  public Ns16550a uart0() {
    return uart0;
  }

  public SystemBus devices() {
    return devices;
  }

  @Override
  public String mapName() {
    return "virt";
  }

  @Override
  public Semihost semihost() {
    return semihost;
  }

  private long elapsedNanos() {
    return core.cycles() * (1_000_000_000L / QemuVirt.CPU_HZ);
  }

  /**
   * HEAPINFO as QEMU 7.2 computes it on {@code virt}: the largest part of RAM below the device tree
   * that no loaded segment occupies (QEMU also counts .bss, which a firmware image does not carry,
   * so its heap base can be higher).
   */
  private HeapInfo heapInfo() {
    return HeapLayout.largestGap(
        Integer.toUnsignedLong(QemuVirt.DRAM), Integer.toUnsignedLong(QemuVirt.FDT), loaded);
  }

  private void syncInterrupts() {
    core.setPendingInterrupts(
        (clint.softwarePending() ? RvCsr.MSIP : 0) | (clint.timerPending() ? RvCsr.MTIP : 0));
  }

  @Override
  public void reset() {
    core.reset(QemuVirt.DRAM);
    core.setRegister(10, 0);
    core.setRegister(11, QemuVirt.FDT);
    core.setRegister(12, QemuVirt.FW_DYNAMIC_INFO);
    core.setRegister(5, QemuVirt.DRAM);
    clint.reset();
    uart0.reset();
    semihost.reset();
    deviceStop = Optional.empty();
    resetRequested = false;
    syncInterrupts();
  }

  @Override
  public Optional<StopReason> takeStopAfterReset() {
    return Optional.empty();
  }

  @Override
  public void load(ImageSegment segment) {
    byte[] data = segment.data();
    if (data.length > 0 && !isRam(segment.address(), segment.end())) {
      throw new IllegalArgumentException(
          String.format(
              "segment at 0x%08x (%d bytes) is outside the RAM of the virt map (0x%08x..0x%08x)",
              segment.address(),
              data.length,
              Integer.toUnsignedLong(QemuVirt.DRAM),
              Integer.toUnsignedLong(QemuVirt.DRAM) + QemuVirt.DRAM_SIZE));
    }
    int off = (int) (segment.address() - Integer.toUnsignedLong(QemuVirt.DRAM));
    for (int i = 0; i < data.length; i++) {
      ram.store8(off + i, data[i]);
    }
    loaded.add(segment);
  }

  @Override
  public boolean isRam(long start, long end) {
    long base = Integer.toUnsignedLong(QemuVirt.DRAM);
    return start >= base && end <= base + QemuVirt.DRAM_SIZE && start < end;
  }

  private int ramOffset(int address) {
    int off = address - QemuVirt.DRAM;
    return Integer.compareUnsigned(off, QemuVirt.DRAM_SIZE) < 0 ? off : -1;
  }

  @Override
  public long peek8(int address) {
    int off = ramOffset(address);
    return off >= 0 ? ram.load8(off) : devices.peek8(address);
  }

  private boolean write8(int address, int value) {
    int off = ramOffset(address);
    if (off >= 0) {
      ram.store8(off, value);
      return true;
    }
    return devices.write8(address, value);
  }

  private long read8(int address) {
    int off = ramOffset(address);
    return off >= 0 ? ram.load8(off) : devices.read8(address);
  }

  @Override
  public OptionalLong debugWrite(long address, byte[] data) {
    for (int i = 0; i < data.length; i++) {
      if (!write8((int) (address + i), data[i])) {
        return OptionalLong.of(address + i);
      }
    }
    return OptionalLong.empty();
  }

  private void emit(OutputChannel channel, byte[] data, int offset, int length) {
    output.write(channel, data, offset, length);
  }

  @Override
  public List<OutputChunk> takeOutput() {
    return output.take();
  }

  @Override
  public Optional<StopReason> run(long maxCycles) {
    long end = core.cycles() + maxCycles;
    while (true) {
      syncInterrupts();
      if (core.sleeping()) {
        long next = clint.nextEventCycle();
        if (next == Long.MAX_VALUE) {
          return Optional.empty();
        }
        core.addIdleCycles(next - core.cycles());
        continue;
      }
      if (core.cycles() >= end) {
        return Optional.empty();
      }
      core.run(Math.min(end, clint.nextEventCycle()));
      if (resetRequested) {
        reset();
        return Optional.empty();
      }
      Optional<StopReason> stop = deviceStop.isPresent() ? deviceStop : core.takeStop();
      deviceStop = Optional.empty();
      if (stop.isPresent()) {
        return stop;
      }
    }
  }

  @Override
  public boolean sleeping() {
    syncInterrupts();
    return core.sleeping() && clint.nextEventCycle() == Long.MAX_VALUE;
  }

  @Override
  public long instructions() {
    return core.instructions();
  }

  @Override
  public long pc() {
    return Integer.toUnsignedLong(core.pc());
  }

  @Override
  public void debugHalted() {}

  @Override
  public List<String> registerNames() {
    return REGISTERS;
  }

  @Override
  public OptionalInt registerIndex(String name) {
    Integer index = ALIASES.get(name);
    return index == null ? OptionalInt.empty() : OptionalInt.of(index);
  }

  @Override
  public long readRegister(int index) {
    if (index < 32) {
      return Integer.toUnsignedLong(core.register(index));
    }
    if (index == PC) {
      return pc();
    }
    if (index == PRIV) {
      return core.privilege();
    }
    return core.debugReadCsr(CSRS.get(index - PC - 1));
  }

  @Override
  public void writeRegister(int index, int value) {
    if (index < 32) {
      if (index == 0 && value != 0) {
        throw new IllegalArgumentException("zero is hard-wired to 0");
      }
      core.setRegister(index, value);
    } else if (index == PC) {
      core.setPc(value);
    } else if (index == PRIV) {
      core.setPrivilege(value);
    } else {
      int csr = CSRS.get(index - PC - 1);
      if ((csr >>> 10) == 3) {
        throw new IllegalArgumentException(
            String.format("CSR 0x%03x (%s) is read-only", csr, REGISTERS.get(index)));
      }
      core.writeCsr(csr, value);
    }
  }

  @Override
  public void setBreakpoints(int[] addresses) {
    core.setBreakpoints(addresses);
  }

  /** Resuming on a debugger breakpoint executes the instruction under it; on EBREAK, skips it. */
  @Override
  public void stepOffBreakpoint(StopReason lastStop, boolean breakpointAtPc) {
    int pc = core.pc();
    if (breakpointAtPc) {
      core.stepOverBreakpointAt(pc);
    } else if (lastStop instanceof StopReason.Breakpoint b
        && b.address() == Integer.toUnsignedLong(pc)) {
      long lo = peek8(pc) | peek8(pc + 1) << 8;
      long hi = peek8(pc + 2) | peek8(pc + 3) << 8;
      if (lo == 0x9002) {
        core.setPc(pc + 2);
      } else if (lo == 0x0073 && hi == 0x0010) {
        core.setPc(pc + 4);
      }
    }
  }

  @Override
  public void uartInput(byte[] data) {
    uart0.input(data);
  }

  /** Physical memory without protection checks, for semihosting. */
  private final class Memory implements GuestMemory {
    @Override
    public long readWord(long address) {
      long value = 0;
      for (int i = 3; i >= 0; i--) {
        long b = address + i > 0xFFFF_FFFFL ? -1 : read8((int) (address + i));
        if (b < 0) {
          return -1;
        }
        value = value << 8 | b;
      }
      return value;
    }

    @Override
    public boolean writeWord(long address, int value) {
      for (int i = 0; i < 4; i++) {
        if (address + i > 0xFFFF_FFFFL || !write8((int) (address + i), value >>> (8 * i))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public Optional<byte[]> readBytes(long address, int length) {
      byte[] data = new byte[length];
      for (int i = 0; i < length; i++) {
        long b = address + i > 0xFFFF_FFFFL ? -1 : read8((int) (address + i));
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
        if (address + i > 0xFFFF_FFFFL || !write8((int) (address + i), data[offset + i])) {
          return false;
        }
      }
      return true;
    }
  }

  /** Read-only memory holding words; writes are ignored, as QEMU ignores writes to ROM. */
  private static final class Rom implements Region {
    private final String name;
    private final int[] words;

    Rom(String name, int[] words) {
      this.name = name;
      this.words = words.clone();
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public long read(int offset, int size) {
      long v = 0;
      for (int i = size - 1; i >= 0; i--) {
        int o = offset + i;
        int w = o / 4 < words.length ? words[o / 4] : 0;
        v = v << 8 | (w >>> (8 * (o & 3)) & 0xFF);
      }
      return v;
    }

    @Override
    public boolean write(int offset, int size, int value) {
      return true;
    }
  }

  /** Reads as all ones and ignores writes: a PCIe window with nothing behind it. */
  private record AllOnes(String name) implements Region {
    @Override
    public long read(int offset, int size) {
      return size == 4 ? 0xFFFF_FFFFL : (1L << (8 * size)) - 1;
    }

    @Override
    public boolean write(int offset, int size, int value) {
      return true;
    }
  }
}
