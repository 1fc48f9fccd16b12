package io.hilt.sim.cortexm;

import io.hilt.sim.bus.Bus;
import io.hilt.sim.bus.Region;
import io.hilt.sim.thumb.ThumbCore;

/**
 * The System Control Space at 0xE000E000 as ARMv6-M defines it: SysTick, the NVIC registers and the
 * SCB (CPUID, ICSR, VTOR, AIRCR, SCR, CCR, SHPR2/3). Register accesses are words; byte and halfword
 * writes reach only the priority registers, whose fields are bytes.
 */
public final class SystemControlSpace implements Region {
  /** CPUID of a Cortex-M0+ r0p1. */
  public static final int CPUID_CORTEX_M0PLUS = 0x410CC601;

  private static final int AIRCR_VECTKEY = 0x05FA;
  private static final int AIRCR_VECTKEYSTAT = 0xFA05;

  /** CCR on ARMv6-M: STKALIGN and UNALIGN_TRP, read-only. */
  public static final int CCR_ARMV6M = (1 << 9) | (1 << 3);

  private final ThumbCore core;
  private final Nvic nvic;
  private final SysTick sysTick;
  private final ExceptionUnit exceptions;
  private final int cpuid;
  private int scr;

  public SystemControlSpace(
      ThumbCore core, Nvic nvic, SysTick sysTick, ExceptionUnit exceptions, int cpuid) {
    this.core = core;
    this.nvic = nvic;
    this.sysTick = sysTick;
    this.exceptions = exceptions;
    this.cpuid = cpuid;
  }

  @Override
  public String name() {
    return "System Control Space";
  }

  public void reset() {
    scr = 0;
  }

  @Override
  public long read(int offset, int size) {
    int aligned = offset & ~3;
    long word = readWord(aligned);
    if (word < 0) {
      return Bus.ERROR;
    }
    int shift = (offset & 3) * 8;
    long mask = size == 4 ? 0xFFFF_FFFFL : (1L << (size * 8)) - 1;
    return (word >>> shift) & mask;
  }

  @Override
  public long peek(int offset, int size) {
    if ((offset & ~3) == 0x010) {
      int shift = (offset & 3) * 8;
      long mask = size == 4 ? 0xFFFF_FFFFL : (1L << (size * 8)) - 1;
      return (Integer.toUnsignedLong(sysTick.peekControl()) >>> shift) & mask;
    }
    return read(offset, size);
  }

  private long readWord(int offset) {
    int value;
    if (offset >= 0x400 && offset < 0x400 + 4 * ((nvic.interrupts() + 3) / 4)) {
      int irq = offset - 0x400;
      value = 0;
      for (int i = 0; i < 4; i++) {
        if (irq + i < nvic.interrupts()) {
          value |= nvic.irqPriority(irq + i) << (8 * i);
        }
      }
      return Integer.toUnsignedLong(value);
    }
    value =
        switch (offset) {
          case 0x010 -> sysTick.readControl();
          case 0x014 -> sysTick.readReload();
          case 0x018 -> sysTick.readCurrent();
          case 0x01C -> SysTick.CALIB;
          case 0x100, 0x180 -> nvic.enabledIrqs();
          case 0x200, 0x280 -> nvic.pendingIrqs();
          case 0xD00 -> cpuid;
          case 0xD04 -> icsr();
          case 0xD08 -> nvic.vtor();
          case 0xD0C -> AIRCR_VECTKEYSTAT << 16;
          case 0xD10 -> scr;
          case 0xD14 -> CCR_ARMV6M;
          case 0xD1C -> nvic.svCallPriority() << 24;
          case 0xD20 -> nvic.pendSvPriority() << 16 | nvic.sysTickPriority() << 24;
          default -> 0;
        };
    return Integer.toUnsignedLong(value);
  }

  private int icsr() {
    int pending = nvic.highestPending();
    return (nvic.isPending(Nvic.NMI) ? 1 << 31 : 0)
        | (nvic.isPending(Nvic.PEND_SV) ? 1 << 28 : 0)
        | (nvic.isPending(Nvic.SYS_TICK) ? 1 << 26 : 0)
        | ((nvic.pendingIrqs() & nvic.enabledIrqs()) != 0 ? 1 << 22 : 0)
        | (pending & 0x3F) << 12
        | core.ipsr();
  }

  @Override
  public boolean write(int offset, int size, int value) {
    if (size != 4) {
      return writeBytes(offset, size, value);
    }
    if (offset >= 0x400 && offset < 0x420) {
      for (int i = 0; i < 4; i++) {
        nvic.setIrqPriority(offset - 0x400 + i, value >>> (8 * i));
      }
      return true;
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
      case 0xD0C -> {
        if ((value >>> 16) == AIRCR_VECTKEY && (value & 4) != 0) {
          exceptions.requestSystemReset();
        }
      }
      case 0xD10 -> scr = value & 0x16;
      case 0xD1C -> nvic.setSvCallPriority(value >>> 24);
      case 0xD20 -> {
        nvic.setPendSvPriority(value >>> 16);
        nvic.setSysTickPriority(value >>> 24);
      }
      default -> {}
    }
    return true;
  }

  private boolean writeBytes(int offset, int size, int value) {
    boolean priorities = (offset >= 0x400 && offset < 0x420) || (offset >= 0xD1C && offset < 0xD24);
    if (!priorities) {
      // Other SCS registers are word-only on ARMv6-M; the write is ignored.
      return true;
    }
    int aligned = offset & ~3;
    int shift = (offset & 3) * 8;
    int mask = (size == 1 ? 0xFF : 0xFFFF) << shift;
    int word = (int) readWord(aligned);
    return write(aligned, 4, (word & ~mask) | ((value << shift) & mask));
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
}
