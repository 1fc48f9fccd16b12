package io.hilt.sim.cortexm;

import io.hilt.sim.bus.Bus;
import io.hilt.sim.bus.Region;
import io.hilt.sim.mpu.Pmsav7Mpu;
import io.hilt.sim.thumb.ThumbCore;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The System Control Space at 0xE000E000: SysTick, the NVIC registers, the SCB, the MPU and the
 * debug registers the firmware can see (DFSR, DEMCR).
 *
 * <h2>ARMv6-M</h2>
 *
 * CPUID, ICSR, VTOR, AIRCR, SCR, CCR (read-only), SHPR2/3. Register accesses are words; byte and
 * halfword writes reach only the priority registers, whose fields are bytes.
 *
 * <h2>ARMv7-M</h2>
 *
 * Adds ICTR, NVIC_IABR, STIR, SHPR1, SHCSR, CFSR (byte and halfword accessible, write one to
 * clear), HFSR, DFSR, MMFAR, BFAR, AFSR, the ID_* registers, CPACR (no FPU: RAZ/WI), the MPU
 * (0xE000ED90..0xE000EDB8), AIRCR.PRIGROUP, VECTCLRACTIVE and VECTRESET, and the FP registers
 * FPCCR/FPCAR/FPDSCR/MVFR0/MVFR1 as zero (no FPU). Unprivileged accesses are bus errors (a precise
 * BusFault), except STIR writes when CCR.USERSETMPEND is set. Offsets with no register read as zero
 * and ignore writes, as QEMU does.
 *
 * <p>A debugger reads through {@link #peek} and writes through {@link #debugWrite}: no side effects
 * on reads (SysTick's COUNTFLAG survives) and no privilege check.
 */
public final class SystemControlSpace implements Region {
  private static final int AIRCR_VECTKEY = 0x05FA;
  private static final int AIRCR_VECTKEYSTAT = 0xFA05;
  private static final int AIRCR_VECTRESET = 1;
  private static final int AIRCR_VECTCLRACTIVE = 2;
  private static final int AIRCR_SYSRESETREQ = 4;
  private static final int MPU_BASE = 0xD90;
  private static final int STIR = 0xF00;

  /** SHCSR bit for each system exception's active, pending and enable state. */
  private static final int[][] SHCSR_ACTIVE = {
    {Nvic.MEM_MANAGE, 0},
    {Nvic.BUS_FAULT, 1},
    {Nvic.USAGE_FAULT, 3},
    {Nvic.SV_CALL, 7},
    {Nvic.DEBUG_MONITOR, 8},
    {Nvic.PEND_SV, 10},
    {Nvic.SYS_TICK, 11}
  };

  private static final int[][] SHCSR_PENDED = {
    {Nvic.USAGE_FAULT, 12}, {Nvic.MEM_MANAGE, 13}, {Nvic.BUS_FAULT, 14}, {Nvic.SV_CALL, 15}
  };
  private static final int[][] SHCSR_ENABLE = {
    {Nvic.MEM_MANAGE, 16}, {Nvic.BUS_FAULT, 17}, {Nvic.USAGE_FAULT, 18}
  };

  private final ThumbCore core;
  private final Nvic nvic;
  private final SysTick sysTick;
  private final ExceptionUnit exceptions;
  private final FaultStatus faults;
  private final Optional<Pmsav7Mpu> mpu;
  private final CoreModel model;
  private final boolean v7;
  private int scr;
  private boolean debugAccess;

  /** The SCS of the exception unit's core model, with its MPU when it has one. */
  public SystemControlSpace(
      ThumbCore core,
      Nvic nvic,
      SysTick sysTick,
      ExceptionUnit exceptions,
      Optional<Pmsav7Mpu> mpu) {
    this.core = core;
    this.nvic = nvic;
    this.sysTick = sysTick;
    this.exceptions = exceptions;
    this.faults = exceptions.faults();
    this.mpu = mpu;
    this.model = exceptions.model();
    this.v7 = model.armv7m();
  }

  @Override
  public String name() {
    return "System Control Space";
  }

  public void reset() {
    scr = 0;
  }

  // Access paths -------------------------------------------------------------------------------

  private boolean refused() {
    return v7 && !debugAccess && !core.isPrivileged();
  }

  @Override
  public long read(int offset, int size) {
    if (refused()) {
      return Bus.ERROR;
    }
    return slice(readWord(offset & ~3), offset, size);
  }

  private static long slice(long word, int offset, int size) {
    int shift = (offset & 3) * 8;
    long mask = size == 4 ? 0xFFFF_FFFFL : (1L << (size * 8)) - 1;
    return (word >>> shift) & mask;
  }

  @Override
  public long peek(int offset, int size) {
    if ((offset & ~3) == 0x010) {
      return slice(Integer.toUnsignedLong(sysTick.peekControl()), offset, size);
    }
    boolean was = debugAccess;
    debugAccess = true;
    try {
      return slice(readWord(offset & ~3), offset, size);
    } finally {
      debugAccess = was;
    }
  }

  /** A debugger's write: no privilege check. */
  public boolean debugWrite(int offset, int size, int value) {
    boolean was = debugAccess;
    debugAccess = true;
    try {
      return write(offset, size, value);
    } finally {
      debugAccess = was;
    }
  }

  @Override
  public boolean write(int offset, int size, int value) {
    if (refused()) {
      boolean stir =
          offset == STIR && size == 4 && (exceptions.ccr() & ExceptionUnit.CCR_USERSETMPEND) != 0;
      if (!stir) {
        return false;
      }
    }
    if (size != 4) {
      return writeBytes(offset, size, value);
    }
    writeWord(offset & ~3, value);
    return true;
  }

  private boolean byteAccessible(int offset) {
    return (offset >= 0x400 && offset < 0x420)
        || (offset >= (v7 ? 0xD18 : 0xD1C) && offset < 0xD24)
        || (v7 && offset >= 0xD28 && offset < 0xD2C);
  }

  /** MPU_RASR and its aliases take halfword writes (attributes / size and enables). */
  private boolean halfwordAccessible(int offset) {
    int word = offset & ~3;
    return v7 && (word == 0xDA0 || word == 0xDA8 || word == 0xDB0 || word == 0xDB8);
  }

  private boolean writeBytes(int offset, int size, int value) {
    if (!byteAccessible(offset) && !(size == 2 && halfwordAccessible(offset))) {
      // Other SCS registers are word-only; the write is ignored.
      return true;
    }
    int aligned = offset & ~3;
    int shift = (offset & 3) * 8;
    int mask = (size == 1 ? 0xFF : 0xFFFF) << shift;
    if (aligned == 0xD28) {
      faults.writeCfsr((value << shift) & mask);
      return true;
    }
    int word = (int) readWord(aligned);
    writeWord(aligned, (word & ~mask) | ((value << shift) & mask));
    return true;
  }

  // Registers ----------------------------------------------------------------------------------

  private long readWord(int offset) {
    if (offset >= 0x400 && offset < 0x400 + 4 * ((nvic.interrupts() + 3) / 4)) {
      int irq = offset - 0x400;
      int value = 0;
      for (int i = 0; i < 4; i++) {
        if (irq + i < nvic.interrupts()) {
          value |= nvic.irqPriority(irq + i) << (8 * i);
        }
      }
      return Integer.toUnsignedLong(value);
    }
    if (offset >= 0xD18 && offset < 0xD24) {
      int value = 0;
      for (int i = 0; i < 4; i++) {
        value |= nvic.systemPriority(offset - 0xD18 + 4 + i) << (8 * i);
      }
      return Integer.toUnsignedLong(value);
    }
    if (v7 && offset >= MPU_BASE && offset < MPU_BASE + Pmsav7Mpu.WINDOW) {
      return Integer.toUnsignedLong(mpu.map(m -> m.read(offset - MPU_BASE)).orElse(0));
    }
    if (v7 && offset >= 0xD40 && offset < 0xD78) {
      List<Integer> ids = model.featureRegisters();
      int index = (offset - 0xD40) / 4;
      return index < ids.size() ? Integer.toUnsignedLong(ids.get(index)) : 0;
    }
    int value =
        switch (offset) {
          case 0x004 -> v7 ? (nvic.interrupts() + 31) / 32 - 1 : 0;
          case 0x010 -> sysTick.readControl();
          case 0x014 -> sysTick.readReload();
          case 0x018 -> sysTick.readCurrent();
          case 0x01C -> SysTick.CALIB;
          case 0x100, 0x180 -> nvic.enabledIrqs();
          case 0x200, 0x280 -> nvic.pendingIrqs();
          case 0x300 -> v7 ? nvic.activeIrqs() : 0;
          case 0xD00 -> model.cpuid();
          case 0xD04 -> icsr();
          case 0xD08 -> nvic.vtor();
          case 0xD0C -> AIRCR_VECTKEYSTAT << 16 | (v7 ? nvic.prigroup() << 8 : 0);
          case 0xD10 -> scr;
          case 0xD14 -> exceptions.ccr();
          case 0xD24 -> v7 ? shcsr() : 0;
          case 0xD28 -> v7 ? faults.cfsr() : 0;
          case 0xD2C -> v7 ? faults.hfsr() : 0;
          case 0xD30 -> faults.dfsr();
          case 0xD34 -> v7 ? faults.mmfar() : 0;
          case 0xD38 -> v7 ? faults.bfar() : 0;
          case 0xD3C -> v7 ? faults.afsr() : 0;
          case 0xDFC -> exceptions.demcr();
          default -> 0;
        };
    return Integer.toUnsignedLong(value);
  }

  private int icsr() {
    int pending = nvic.highestPending();
    boolean external =
        v7 ? nvic.pendingIrqs() != 0 : (nvic.pendingIrqs() & nvic.enabledIrqs()) != 0;
    return (nvic.isPending(Nvic.NMI) ? 1 << 31 : 0)
        | (nvic.isPending(Nvic.PEND_SV) ? 1 << 28 : 0)
        | (nvic.isPending(Nvic.SYS_TICK) ? 1 << 26 : 0)
        | (external ? 1 << 22 : 0)
        | (pending & (v7 ? 0x1FF : 0x3F)) << 12
        | (v7 && nvic.activeCount() <= 1 ? 1 << 11 : 0)
        | core.ipsr();
  }

  private int shcsr() {
    int value = 0;
    for (int[] e : SHCSR_ACTIVE) {
      value |= nvic.isActive(e[0]) ? 1 << e[1] : 0;
    }
    for (int[] e : SHCSR_PENDED) {
      value |= nvic.isPending(e[0]) ? 1 << e[1] : 0;
    }
    for (int[] e : SHCSR_ENABLE) {
      value |= nvic.faultEnabled(e[0]) ? 1 << e[1] : 0;
    }
    return value;
  }

  private void writeWord(int offset, int value) {
    if (offset >= 0x400 && offset < 0x420) {
      for (int i = 0; i < 4; i++) {
        nvic.setIrqPriority(offset - 0x400 + i, value >>> (8 * i));
      }
      return;
    }
    if (offset >= 0xD18 && offset < 0xD24) {
      for (int i = 0; i < 4; i++) {
        int exception = offset - 0xD18 + 4 + i;
        boolean writable =
            v7
                || exception == Nvic.SV_CALL
                || exception == Nvic.PEND_SV
                || exception == Nvic.SYS_TICK;
        if (writable) {
          nvic.setSystemPriority(exception, value >>> (8 * i));
        }
      }
      return;
    }
    if (v7 && offset >= MPU_BASE && offset < MPU_BASE + Pmsav7Mpu.WINDOW) {
      mpu.ifPresent(m -> m.write(offset - MPU_BASE, value));
      return;
    }
    switch (offset) {
      case 0x010 -> {
        sysTick.writeControl(value);
        timerChanged();
      }
      case 0x014 -> {
        sysTick.writeReload(value);
        timerChanged();
      }
      case 0x018 -> {
        sysTick.writeCurrent();
        timerChanged();
      }
      case 0x100 -> nvic.enableIrqs(value);
      case 0x180 -> nvic.disableIrqs(value);
      case 0x200 -> nvic.pendIrqs(value);
      case 0x280 -> nvic.unpendIrqs(value);
      case 0xD04 -> writeIcsr(value);
      case 0xD08 -> nvic.setVtor(value);
      case 0xD0C -> writeAircr(value);
      case 0xD10 -> scr = value & 0x16;
      case 0xD14 -> exceptions.writeCcr(value);
      case 0xD24 -> {
        if (v7) {
          writeShcsr(value);
        }
      }
      case 0xD28 -> {
        if (v7) {
          faults.writeCfsr(value);
        }
      }
      case 0xD2C -> {
        if (v7) {
          faults.writeHfsr(value);
        }
      }
      case 0xD30 -> faults.writeDfsr(value);
      case 0xD34 -> {
        if (v7) {
          faults.writeMmfar(value);
        }
      }
      case 0xD38 -> {
        if (v7) {
          faults.writeBfar(value);
        }
      }
      case 0xDFC -> exceptions.writeDemcr(value);
      case STIR -> {
        int id = value & 0x1FF;
        if (v7 && id < nvic.interrupts()) {
          nvic.pend(Nvic.IRQ0 + id);
        }
      }
      default -> {}
    }
  }

  private void writeAircr(int value) {
    if ((value >>> 16) != AIRCR_VECTKEY) {
      return;
    }
    if (v7) {
      nvic.setPrigroup(value >>> 8);
      if ((value & AIRCR_VECTCLRACTIVE) != 0) {
        exceptions.clearActiveState();
      }
    }
    if ((value & AIRCR_SYSRESETREQ) != 0 || (v7 && (value & AIRCR_VECTRESET) != 0)) {
      exceptions.requestSystemReset();
    }
  }

  private void writeShcsr(int value) {
    for (int[] e : SHCSR_ACTIVE) {
      nvic.setActive(e[0], (value & (1 << e[1])) != 0);
    }
    for (int[] e : SHCSR_PENDED) {
      if ((value & (1 << e[1])) != 0) {
        nvic.pend(e[0]);
      } else {
        nvic.unpend(e[0]);
      }
    }
    for (int[] e : SHCSR_ENABLE) {
      nvic.setFaultEnabled(e[0], (value & (1 << e[1])) != 0);
    }
  }

  private void writeIcsr(int value) {
    if ((value & (1 << 31)) != 0) {
      nvic.pend(Nvic.NMI);
    }
    if ((value & (1 << 27)) != 0) {
      nvic.unpend(Nvic.PEND_SV);
    }
    if ((value & (1 << 28)) != 0) {
      nvic.pend(Nvic.PEND_SV);
    }
    if ((value & (1 << 25)) != 0) {
      nvic.unpend(Nvic.SYS_TICK);
    }
    if ((value & (1 << 26)) != 0) {
      nvic.pend(Nvic.SYS_TICK);
    }
  }

  private void timerChanged() {
    core.limitRun(sysTick.nextEventCycle());
  }

  /**
   * Writes the state of the system control space and what hangs off it (NVIC, SysTick, the
   * exception unit with the fault status, the MPU), so that a board can be stopped in one process
   * and continue in another exactly where it was (fake-probe-rs: one probe-rs process a call, one
   * board).
   */
  public void saveState(DataOutput out) throws IOException {
    out.writeInt(scr);
    nvic.saveState(out);
    sysTick.saveState(out);
    exceptions.saveState(out);
    out.writeBoolean(mpu.isPresent());
    if (mpu.isPresent()) {
      mpu.get().saveState(out);
    }
  }

  /** Reads what {@link #saveState} wrote, on a board of the same core. */
  public void restoreState(DataInput in) throws IOException {
    scr = in.readInt();
    nvic.restoreState(in);
    sysTick.restoreState(in);
    exceptions.restoreState(in);
    boolean hadMpu = in.readBoolean();
    if (hadMpu != mpu.isPresent()) {
      throw new IOException(
          "saved state is from a core "
              + (hadMpu ? "with" : "without")
              + " an MPU; this one "
              + (mpu.isPresent() ? "has one" : "has none"));
    }
    if (hadMpu) {
      mpu.get().restoreState(in);
    }
  }
}
