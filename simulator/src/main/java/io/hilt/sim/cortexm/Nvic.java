package io.hilt.sim.cortexm;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Exception state of an M-profile core: enable, pending and active bits and priorities for the
 * system exceptions and up to 32 external interrupts, priority grouping, and the vector table
 * offset. Priorities are stored as written, masked to the implemented bits (two on ARMv6-M, three
 * on the QEMU Cortex-M3/M4).
 *
 * <p>Which exception is taken next: the enabled pending one with the lowest priority value, ties
 * going to the lower exception number (sub-priorities order pending exceptions because the raw
 * value orders group first). Whether it preempts: its group priority (AIRCR.PRIGROUP masks the
 * sub-priority bits) must be lower than the execution priority, which is the group priority of the
 * best active exception, lowered by BASEPRI, PRIMASK (0) and FAULTMASK (-1).
 */
public final class Nvic {
  public static final int RESET = 1;
  public static final int NMI = 2;
  public static final int HARD_FAULT = 3;
  public static final int MEM_MANAGE = 4;
  public static final int BUS_FAULT = 5;
  public static final int USAGE_FAULT = 6;
  public static final int SV_CALL = 11;
  public static final int DEBUG_MONITOR = 12;
  public static final int PEND_SV = 14;
  public static final int SYS_TICK = 15;
  public static final int IRQ0 = 16;

  /** Execution priority when nothing is active and PRIMASK is clear. */
  public static final int NO_PRIORITY = 256;

  /** System exceptions with a programmable priority (SHPR1-3) on ARMv7-M. */
  private static final int CONFIGURABLE =
      1 << MEM_MANAGE
          | 1 << BUS_FAULT
          | 1 << USAGE_FAULT
          | 1 << SV_CALL
          | 1 << DEBUG_MONITOR
          | 1 << PEND_SV
          | 1 << SYS_TICK;

  /** System exceptions with an enable bit (SHCSR); the others are always enabled. */
  private static final int ENABLE_BITS = 1 << MEM_MANAGE | 1 << BUS_FAULT | 1 << USAGE_FAULT;

  private final int interrupts;
  private final int priorityBits;
  private final int priorityMask;
  private int enabled;
  private int pendingIrqs;
  private int pendingSystem;
  private int faultsEnabled;
  private long active;
  private final int[] irqPriority = new int[32];
  private final int[] systemPriority = new int[16];
  private int prigroup;
  private int vtor;
  private Runnable onChange = () -> {};

  /**
   * @param interrupts external interrupt lines (at most 32)
   * @param priorityBits implemented priority bits (2 on ARMv6-M)
   */
  public Nvic(int interrupts, int priorityBits) {
    if (interrupts < 0 || interrupts > 32 || priorityBits < 2 || priorityBits > 8) {
      throw new IllegalArgumentException("NVIC with " + interrupts + " interrupts");
    }
    this.interrupts = interrupts;
    this.priorityBits = priorityBits;
    this.priorityMask = (0xFF << (8 - priorityBits)) & 0xFF;
  }

  /** Called whenever something became pending, enabled or active: the core re-checks. */
  public void onChange(Runnable listener) {
    this.onChange = listener;
  }

  public void reset() {
    enabled = 0;
    pendingIrqs = 0;
    pendingSystem = 0;
    faultsEnabled = 0;
    active = 0;
    java.util.Arrays.fill(irqPriority, 0);
    java.util.Arrays.fill(systemPriority, 0);
    prigroup = 0;
    vtor = 0;
  }

  public int interrupts() {
    return interrupts;
  }

  public int priorityBits() {
    return priorityBits;
  }

  private int irqMask() {
    return interrupts == 32 ? -1 : (1 << interrupts) - 1;
  }

  // External interrupts ------------------------------------------------------------------------

  public int enabledIrqs() {
    return enabled;
  }

  public void enableIrqs(int mask) {
    enabled |= mask & irqMask();
    onChange.run();
  }

  public void disableIrqs(int mask) {
    enabled &= ~mask;
  }

  public int pendingIrqs() {
    return pendingIrqs;
  }

  public void pendIrqs(int mask) {
    pendingIrqs |= mask & irqMask();
    onChange.run();
  }

  public void unpendIrqs(int mask) {
    pendingIrqs &= ~mask;
  }

  /** Active bits of the external interrupts (NVIC_IABR0). */
  public int activeIrqs() {
    return (int) (active >>> IRQ0);
  }

  /** A peripheral raises interrupt line {@code irq}. */
  public void raise(int irq) {
    pendIrqs(1 << irq);
  }

  public int irqPriority(int irq) {
    return irqPriority[irq];
  }

  public void setIrqPriority(int irq, int priority) {
    if (irq < interrupts) {
      irqPriority[irq] = priority & priorityMask;
      onChange.run();
    }
  }

  // System exceptions --------------------------------------------------------------------------

  private static boolean isSystem(int exception) {
    return exception >= NMI && exception < IRQ0;
  }

  public void pend(int exception) {
    if (isSystem(exception)) {
      pendingSystem |= 1 << exception;
    } else if (exception >= IRQ0 && exception < IRQ0 + interrupts) {
      pendingIrqs |= 1 << (exception - IRQ0);
    }
    onChange.run();
  }

  public void unpend(int exception) {
    if (isSystem(exception)) {
      pendingSystem &= ~(1 << exception);
    } else if (exception >= IRQ0 && exception < IRQ0 + interrupts) {
      pendingIrqs &= ~(1 << (exception - IRQ0));
    }
  }

  public boolean isPending(int exception) {
    if (isSystem(exception)) {
      return (pendingSystem & (1 << exception)) != 0;
    }
    return exception >= IRQ0
        && exception < IRQ0 + interrupts
        && (pendingIrqs & (1 << (exception - IRQ0))) != 0;
  }

  /** The priority register value of a configurable system exception (4..15). */
  public int systemPriority(int exception) {
    return (CONFIGURABLE & (1 << exception)) != 0 ? systemPriority[exception] : 0;
  }

  /** Writes a configurable system exception's priority; others ignore it. */
  public void setSystemPriority(int exception, int priority) {
    if (exception > HARD_FAULT && exception < IRQ0 && (CONFIGURABLE & (1 << exception)) != 0) {
      systemPriority[exception] = priority & priorityMask;
      onChange.run();
    }
  }

  public int svCallPriority() {
    return systemPriority[SV_CALL];
  }

  public void setSvCallPriority(int p) {
    setSystemPriority(SV_CALL, p);
  }

  public int pendSvPriority() {
    return systemPriority[PEND_SV];
  }

  public void setPendSvPriority(int p) {
    setSystemPriority(PEND_SV, p);
  }

  public int sysTickPriority() {
    return systemPriority[SYS_TICK];
  }

  public void setSysTickPriority(int p) {
    setSystemPriority(SYS_TICK, p);
  }

  /** SHCSR MEMFAULTENA, BUSFAULTENA, USGFAULTENA. */
  public boolean faultEnabled(int exception) {
    return (faultsEnabled & (1 << exception)) != 0;
  }

  public void setFaultEnabled(int exception, boolean on) {
    if ((ENABLE_BITS & (1 << exception)) != 0) {
      faultsEnabled = on ? faultsEnabled | 1 << exception : faultsEnabled & ~(1 << exception);
      onChange.run();
    }
  }

  /** Whether a pending exception can be chosen: faults need their enable bit, IRQs theirs. */
  private boolean enabledException(int exception) {
    if ((ENABLE_BITS & (1 << exception)) != 0) {
      return (faultsEnabled & (1 << exception)) != 0;
    }
    return exception < IRQ0 || (enabled & (1 << (exception - IRQ0))) != 0;
  }

  public int vtor() {
    return vtor;
  }

  public void setVtor(int value) {
    vtor = value & 0xFFFFFF80;
  }

  /** AIRCR.PRIGROUP: the binary point between group priority and sub-priority. */
  public int prigroup() {
    return prigroup;
  }

  public void setPrigroup(int value) {
    prigroup = value & 7;
    onChange.run();
  }

  /** The group priority of a priority value: the sub-priority bits cleared, negatives kept. */
  public int groupPriority(int priority) {
    return priority <= 0 ? priority : priority & (~0 << (prigroup + 1));
  }

  /** Priority of an exception: fixed negative ones for Reset, NMI and HardFault. */
  public int priority(int exception) {
    return switch (exception) {
      case RESET -> -3;
      case NMI -> -2;
      case HARD_FAULT -> -1;
      default ->
          exception >= IRQ0
              ? irqPriority[exception - IRQ0]
              : exception > HARD_FAULT && exception < IRQ0
                  ? systemPriority[exception]
                  : NO_PRIORITY;
    };
  }

  // Active state -------------------------------------------------------------------------------

  public void activate(int exception) {
    active |= 1L << exception;
    unpend(exception);
  }

  public void deactivate(int exception) {
    active &= ~(1L << exception);
  }

  public boolean isActive(int exception) {
    return (active & (1L << exception)) != 0;
  }

  /** Sets or clears an active bit from a register write (SHCSR, the debugger's VECTCLRACTIVE). */
  public void setActive(int exception, boolean on) {
    if (on) {
      active |= 1L << exception;
    } else {
      active &= ~(1L << exception);
    }
    onChange.run();
  }

  public void clearAllActive() {
    active = 0;
    onChange.run();
  }

  public int activeCount() {
    return Long.bitCount(active);
  }

  /** The group priority of the best active exception, {@link #NO_PRIORITY} when none is. */
  public int activePriority() {
    int best = NO_PRIORITY;
    long a = active;
    while (a != 0) {
      int e = Long.numberOfTrailingZeros(a);
      best = Math.min(best, priority(e));
      a &= a - 1;
    }
    return groupPriority(best);
  }

  /** The priority the core runs at on ARMv6-M: the best active exception, boosted by PRIMASK. */
  public int executionPriority(boolean primask) {
    return executionPriority(primask, 0, false);
  }

  /**
   * The priority the core runs at (ARMv7-M ExecutionPriority()): the best active exception's group
   * priority, boosted by BASEPRI (when not zero), PRIMASK (to 0) and FAULTMASK (to -1).
   */
  public int executionPriority(boolean primask, int basepri, boolean faultmask) {
    int boosted = NO_PRIORITY;
    if ((basepri & 0xFF) != 0) {
      boosted = groupPriority(basepri & priorityMask);
    }
    if (primask) {
      boosted = 0;
    }
    if (faultmask) {
      boosted = -1;
    }
    return Math.min(boosted, activePriority());
  }

  /**
   * The pending exception that would be taken next (best priority, then lowest number), ignoring
   * whether it can preempt; 0 when nothing enabled is pending.
   */
  public int highestPending() {
    if ((pendingSystem & (1 << NMI)) != 0) {
      return NMI;
    }
    int best = 0;
    int bestPriority = Integer.MAX_VALUE;
    int system = pendingSystem;
    while (system != 0) {
      int e = Integer.numberOfTrailingZeros(system);
      system &= system - 1;
      int p = priority(e);
      if (p < bestPriority && enabledException(e)) {
        best = e;
        bestPriority = p;
      }
    }
    int irqs = pendingIrqs & enabled;
    while (irqs != 0) {
      int irq = Integer.numberOfTrailingZeros(irqs);
      if (irqPriority[irq] < bestPriority) {
        best = IRQ0 + irq;
        bestPriority = irqPriority[irq];
      }
      irqs &= irqs - 1;
    }
    return best;
  }

  /** Exception names as CMSIS spells them, for fault reports. */
  public static String name(int exception) {
    return switch (exception) {
      case RESET -> "Reset";
      case NMI -> "NMI";
      case HARD_FAULT -> "HardFault";
      case MEM_MANAGE -> "MemManage";
      case BUS_FAULT -> "BusFault";
      case USAGE_FAULT -> "UsageFault";
      case SV_CALL -> "SVCall";
      case DEBUG_MONITOR -> "DebugMonitor";
      case PEND_SV -> "PendSV";
      case SYS_TICK -> "SysTick";
      default -> exception >= IRQ0 ? "IRQ" + (exception - IRQ0) : "exception " + exception;
    };
  }

  /** Writes enables, pending and active exceptions, priorities, PRIGROUP and VTOR. */
  public void saveState(DataOutput out) throws IOException {
    out.writeInt(enabled);
    out.writeInt(pendingIrqs);
    out.writeInt(pendingSystem);
    out.writeInt(faultsEnabled);
    out.writeLong(active);
    for (int p : irqPriority) {
      out.writeInt(p);
    }
    for (int p : systemPriority) {
      out.writeInt(p);
    }
    out.writeInt(prigroup);
    out.writeInt(vtor);
  }

  /** Reads what {@link #saveState} wrote. */
  public void restoreState(DataInput in) throws IOException {
    enabled = in.readInt();
    pendingIrqs = in.readInt();
    pendingSystem = in.readInt();
    faultsEnabled = in.readInt();
    active = in.readLong();
    for (int i = 0; i < irqPriority.length; i++) {
      irqPriority[i] = in.readInt();
    }
    for (int i = 0; i < systemPriority.length; i++) {
      systemPriority[i] = in.readInt();
    }
    prigroup = in.readInt();
    vtor = in.readInt();
  }
}
