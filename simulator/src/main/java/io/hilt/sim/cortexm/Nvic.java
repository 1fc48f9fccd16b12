package io.hilt.sim.cortexm;

/**
 * Exception state of an M-profile core: enable, pending and active bits and priorities for the
 * system exceptions and up to 32 external interrupts, and the vector table offset. Priorities are
 * stored as written, masked to the implemented bits (two on ARMv6-M).
 */
public final class Nvic {
  public static final int RESET = 1;
  public static final int NMI = 2;
  public static final int HARD_FAULT = 3;
  public static final int SV_CALL = 11;
  public static final int PEND_SV = 14;
  public static final int SYS_TICK = 15;
  public static final int IRQ0 = 16;

  /** Execution priority when nothing is active and PRIMASK is clear. */
  public static final int NO_PRIORITY = 256;

  private final int interrupts;
  private final int priorityMask;
  private int enabled;
  private int pendingIrqs;
  private boolean nmiPending;
  private boolean svCallPending;
  private boolean pendSvPending;
  private boolean sysTickPending;
  private long active;
  private final int[] irqPriority = new int[32];
  private int svCallPriority;
  private int pendSvPriority;
  private int sysTickPriority;
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
    this.priorityMask = (0xFF << (8 - priorityBits)) & 0xFF;
  }

  /** Called whenever something became pending, enabled or active: the core re-checks. */
  public void onChange(Runnable listener) {
    this.onChange = listener;
  }

  public void reset() {
    enabled = 0;
    pendingIrqs = 0;
    nmiPending = svCallPending = pendSvPending = sysTickPending = false;
    active = 0;
    java.util.Arrays.fill(irqPriority, 0);
    svCallPriority = pendSvPriority = sysTickPriority = 0;
    vtor = 0;
  }

  public int interrupts() {
    return interrupts;
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
    }
  }

  // System exceptions --------------------------------------------------------------------------

  public void pend(int exception) {
    switch (exception) {
      case NMI -> nmiPending = true;
      case SV_CALL -> svCallPending = true;
      case PEND_SV -> pendSvPending = true;
      case SYS_TICK -> sysTickPending = true;
      default -> {
        if (exception >= IRQ0 && exception < IRQ0 + interrupts) {
          pendingIrqs |= 1 << (exception - IRQ0);
        }
      }
    }
    onChange.run();
  }

  public void unpend(int exception) {
    switch (exception) {
      case NMI -> nmiPending = false;
      case SV_CALL -> svCallPending = false;
      case PEND_SV -> pendSvPending = false;
      case SYS_TICK -> sysTickPending = false;
      default -> {
        if (exception >= IRQ0 && exception < IRQ0 + interrupts) {
          pendingIrqs &= ~(1 << (exception - IRQ0));
        }
      }
    }
  }

  public boolean isPending(int exception) {
    return switch (exception) {
      case NMI -> nmiPending;
      case SV_CALL -> svCallPending;
      case PEND_SV -> pendSvPending;
      case SYS_TICK -> sysTickPending;
      default ->
          exception >= IRQ0
              && exception < IRQ0 + interrupts
              && (pendingIrqs & (1 << (exception - IRQ0))) != 0;
    };
  }

  public int svCallPriority() {
    return svCallPriority;
  }

  public void setSvCallPriority(int p) {
    svCallPriority = p & priorityMask;
  }

  public int pendSvPriority() {
    return pendSvPriority;
  }

  public void setPendSvPriority(int p) {
    pendSvPriority = p & priorityMask;
  }

  public int sysTickPriority() {
    return sysTickPriority;
  }

  public void setSysTickPriority(int p) {
    sysTickPriority = p & priorityMask;
  }

  public int vtor() {
    return vtor;
  }

  public void setVtor(int value) {
    vtor = value & 0xFFFFFF80;
  }

  /** Priority of an exception: fixed negative ones for Reset, NMI and HardFault. */
  public int priority(int exception) {
    return switch (exception) {
      case RESET -> -3;
      case NMI -> -2;
      case HARD_FAULT -> -1;
      case SV_CALL -> svCallPriority;
      case PEND_SV -> pendSvPriority;
      case SYS_TICK -> sysTickPriority;
      default -> exception >= IRQ0 ? irqPriority[exception - IRQ0] : NO_PRIORITY;
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

  public int activeCount() {
    return Long.bitCount(active);
  }

  /** The priority the core runs at: the best active exception, boosted to 0 by PRIMASK. */
  public int executionPriority(boolean primask) {
    int best = NO_PRIORITY;
    long a = active;
    while (a != 0) {
      int e = Long.numberOfTrailingZeros(a);
      best = Math.min(best, priority(e));
      a &= a - 1;
    }
    if (primask && best > 0) {
      best = 0;
    }
    return best;
  }

  /**
   * The pending exception that would be taken next (best priority, then lowest number), ignoring
   * whether it can preempt; 0 when nothing enabled is pending.
   */
  public int highestPending() {
    int best = 0;
    int bestPriority = Integer.MAX_VALUE;
    if (nmiPending) {
      return NMI;
    }
    if (svCallPending && svCallPriority < bestPriority) {
      best = SV_CALL;
      bestPriority = svCallPriority;
    }
    if (pendSvPending && pendSvPriority < bestPriority) {
      best = PEND_SV;
      bestPriority = pendSvPriority;
    }
    if (sysTickPending && sysTickPriority < bestPriority) {
      best = SYS_TICK;
      bestPriority = sysTickPriority;
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
      case SV_CALL -> "SVCall";
      case PEND_SV -> "PendSV";
      case SYS_TICK -> "SysTick";
      default -> exception >= IRQ0 ? "IRQ" + (exception - IRQ0) : "exception " + exception;
    };
  }
}
