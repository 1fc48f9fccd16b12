package io.hilt.sim.cortexm;

import io.hilt.probe.target.StopReason;
import io.hilt.sim.bus.Bus;
import io.hilt.sim.semihosting.SemihostingResult;
import io.hilt.sim.thumb.ExceptionModel;
import io.hilt.sim.thumb.ThumbCore;
import io.hilt.sim.thumb.Trap;
import java.util.Optional;

/**
 * The ARMv6-M exception model: entry with 8-word stacking (8-byte aligned, recorded in bit 9 of the
 * stacked xPSR), EXC_RETURN, preemption by priority, escalation to HardFault, lockup, and the
 * debugger's view of BKPT (semihosting on 0xAB, a breakpoint stop otherwise).
 */
public final class ExceptionUnit implements ExceptionModel {
  public static final int EXC_RETURN_HANDLER = 0xFFFFFFF1;
  public static final int EXC_RETURN_THREAD_MSP = 0xFFFFFFF9;
  public static final int EXC_RETURN_THREAD_PSP = 0xFFFFFFFD;
  private static final int SEMIHOSTING_BKPT = 0xAB;

  private final ThumbCore core;
  private final Bus bus;
  private final Nvic nvic;
  private Optional<SemihostingCall> semihosting = Optional.empty();
  private boolean catchHardFault;
  private Optional<StopReason> stop = Optional.empty();
  private boolean lockedUp;
  private boolean resetRequested;
  private boolean sleeping;
  private boolean eventRegister;
  private boolean pendingInvalidStateAtReset;
  private Runnable idle = () -> {};

  /** The ARM binding of a semihosting call: operation from r0, parameter from r1. */
  @FunctionalInterface
  public interface SemihostingCall {
    SemihostingResult call(int operation, int parameter);
  }

  public ExceptionUnit(ThumbCore core, Nvic nvic) {
    this.core = core;
    this.bus = core.bus();
    this.nvic = nvic;
    nvic.onChange(() -> core.raiseEvent(ThumbCore.EVENT_EXCEPTION));
    core.setExceptionModel(this);
  }

  public void setSemihosting(SemihostingCall call) {
    this.semihosting = Optional.of(call);
  }

  /** Stop with {@link StopReason.Fault} whenever HardFault is entered (vector catch). */
  public void setCatchHardFault(boolean enabled) {
    this.catchHardFault = enabled;
  }

  /**
   * Called when WFI finds nothing to wake for; it may advance time (a timer event) and return, or
   * leave the core sleeping.
   */
  public void onIdle(Runnable idle) {
    this.idle = idle;
  }

  /** Why the core stopped itself, once. */
  public Optional<StopReason> takeStop() {
    Optional<StopReason> s = stop;
    stop = Optional.empty();
    return s;
  }

  public boolean lockedUp() {
    return lockedUp;
  }

  public boolean takeResetRequest() {
    boolean r = resetRequested;
    resetRequested = false;
    return r;
  }

  /** True while the core waits in WFI/WFE with nothing pending. */
  public boolean sleeping() {
    return sleeping;
  }

  public void requestSystemReset() {
    resetRequested = true;
    core.raiseEvent(ThumbCore.EVENT_STOP);
  }

  private void stopWith(StopReason reason) {
    stop = Optional.of(reason);
    core.raiseEvent(ThumbCore.EVENT_STOP);
  }

  /** Reset: state cleared, SP and PC from the vector table at 0 (VTOR resets to 0). */
  public void reset() {
    nvic.reset();
    core.resetState();
    lockedUp = false;
    sleeping = false;
    eventRegister = false;
    resetRequested = false;
    stop = Optional.empty();
    long sp = bus.read32(0);
    long pc = bus.read32(4);
    if (sp < 0 || pc < 0) {
      lockup(0, "reset vector table at 0x00000000 is not readable");
      return;
    }
    core.setMsp((int) sp);
    core.setPc((int) pc);
    if ((pc & 1) == 0) {
      core.raiseEvent(ThumbCore.EVENT_EXCEPTION);
      pendingInvalidStateAtReset = true;
    }
  }

  private void lockup(int pc, String detail) {
    lockedUp = true;
    stopWith(new StopReason.Lockup(Integer.toUnsignedLong(pc), detail));
  }

  // ExceptionModel -------------------------------------------------------------------------------

  @Override
  public void trap(Trap trap) {
    takeHardFault(trap.pc(), trap.pc(), trap.describe());
  }

  /**
   * Synchronous HardFault: lockup when the core already runs at HardFault priority or better.
   *
   * @param returnAddress what gets stacked
   */
  private void takeHardFault(int faultPc, int returnAddress, String detail) {
    if (nvic.executionPriority(false) <= -1) {
      lockup(
          faultPc,
          detail + " while in " + Nvic.name(core.ipsr()) + " (fault during fault handling)");
      return;
    }
    if (enter(Nvic.HARD_FAULT, returnAddress, detail) && catchHardFault && !lockedUp) {
      stopWith(new StopReason.Fault("HardFault", Integer.toUnsignedLong(faultPc), detail));
    }
  }

  @Override
  public void supervisorCall(int imm) {
    if (nvic.svCallPriority() >= nvic.executionPriority(core.primask())) {
      takeHardFault(
          core.pc(),
          core.pc(),
          String.format(
              "SVC #%d at 0x%08x escalated: execution priority does not allow SVCall",
              imm, core.pc()));
      return;
    }
    nvic.pend(Nvic.SV_CALL);
  }

  @Override
  public void breakpoint(int imm) {
    if (imm == SEMIHOSTING_BKPT && semihosting.isPresent()) {
      SemihostingResult result = semihosting.get().call(core.register(0), core.register(1));
      if (result instanceof SemihostingResult.Exit exit) {
        stopWith(new StopReason.Exited(exit.code()));
      } else if (result instanceof SemihostingResult.Value value) {
        core.setRegister(0, (int) value.value());
      }
      return;
    }
    core.setNextPc(core.pc());
    stopWith(new StopReason.Breakpoint(Integer.toUnsignedLong(core.pc())));
  }

  @Override
  public void exceptionReturn(int excReturn) {
    int returning = core.ipsr();
    boolean valid =
        excReturn == EXC_RETURN_HANDLER
            || excReturn == EXC_RETURN_THREAD_MSP
            || excReturn == EXC_RETURN_THREAD_PSP;
    if (!valid || !nvic.isActive(returning)) {
      trap(new Trap.InvalidExceptionReturn(core.pc(), excReturn));
      return;
    }
    boolean toThread = excReturn != EXC_RETURN_HANDLER;
    if (!toThread && nvic.activeCount() <= 1) {
      trap(new Trap.InvalidExceptionReturn(core.pc(), excReturn));
      return;
    }
    boolean processStack = excReturn == EXC_RETURN_THREAD_PSP;
    int frame = processStack ? core.psp() : core.msp();
    int[] words = new int[8];
    for (int i = 0; i < 8; i++) {
      long w = bus.read32(frame + 4 * i);
      if (w < 0) {
        trap(new Trap.BusError(core.pc(), frame + 4 * i, false));
        return;
      }
      words[i] = (int) w;
    }
    nvic.deactivate(returning);
    int xpsr = words[7];
    core.setControl((core.control() & ~2) | (processStack ? 2 : 0));
    core.setXpsr(xpsr);
    core.setIpsr(toThread ? 0 : xpsr & 0x3F);
    core.setRegister(13, frame + 0x20 + ((xpsr & (1 << 9)) != 0 ? 4 : 0));
    for (int i = 0; i < 4; i++) {
      core.setRegister(i, words[i]);
    }
    core.setRegister(12, words[4]);
    core.setRegister(14, words[5]);
    core.setNextPc(words[6]);
    core.raiseEvent(ThumbCore.EVENT_EXCEPTION);
  }

  @Override
  public void serviceEvents() {
    if (lockedUp) {
      core.raiseEvent(ThumbCore.EVENT_STOP);
      return;
    }
    if (pendingInvalidStateAtReset) {
      pendingInvalidStateAtReset = false;
      trap(new Trap.InvalidState(core.pc()));
      return;
    }
    int pending = nvic.highestPending();
    if (pending != 0 && nvic.priority(pending) < nvic.executionPriority(core.primask())) {
      sleeping = false;
      enter(pending, core.nextPc(), "");
      // Another exception may also be pending: look again before the handler's first instruction.
      core.raiseEvent(ThumbCore.EVENT_EXCEPTION);
    }
  }

  /**
   * Takes an exception: stacks the frame on the current stack, loads the vector, switches to
   * Handler mode. Returns false when it ended in lockup.
   */
  private boolean enter(int exception, int returnAddress, String cause) {
    int sp = core.register(13);
    boolean realign = (sp & 4) != 0;
    int frame = (sp - 0x20) & ~7;
    int xpsr = core.xpsr() | (realign ? 1 << 9 : 0);
    int[] words = {
      core.register(0),
      core.register(1),
      core.register(2),
      core.register(3),
      core.register(12),
      core.register(14),
      returnAddress,
      xpsr
    };
    for (int i = 0; i < 8; i++) {
      if (!bus.write32(frame + 4 * i, words[i])) {
        String detail =
            String.format(
                "stacking for %s failed: SP 0x%08x is not writable", Nvic.name(exception), sp);
        if (exception == Nvic.HARD_FAULT || exception == Nvic.NMI) {
          lockup(core.pc(), cause.isEmpty() ? detail : cause + "; " + detail);
          return false;
        }
        takeHardFault(core.pc(), returnAddress, detail);
        return false;
      }
    }
    core.setRegister(13, frame);
    int excReturn;
    if (core.ipsr() != 0) {
      excReturn = EXC_RETURN_HANDLER;
    } else {
      excReturn = (core.control() & 2) != 0 ? EXC_RETURN_THREAD_PSP : EXC_RETURN_THREAD_MSP;
    }
    long vector = bus.read32(nvic.vtor() + 4 * exception);
    if (vector < 0) {
      String detail =
          String.format(
              "vector of %s at 0x%08x is not readable",
              Nvic.name(exception), nvic.vtor() + 4 * exception);
      if (exception == Nvic.HARD_FAULT || exception == Nvic.NMI) {
        lockup(core.pc(), cause.isEmpty() ? detail : cause + "; " + detail);
      } else {
        core.setRegister(13, sp);
        takeHardFault(core.pc(), returnAddress, detail);
      }
      return false;
    }
    core.setRegister(14, excReturn);
    nvic.activate(exception);
    core.setIpsr(exception);
    core.setControl(core.control() & ~2);
    core.setNextPc((int) vector);
    if ((vector & 1) == 0) {
      core.raiseEvent(ThumbCore.EVENT_INVALID_STATE);
    }
    return true;
  }

  @Override
  public void waitForInterrupt(boolean forEvent) {
    if (forEvent && eventRegister) {
      eventRegister = false;
      return;
    }
    if (nvic.highestPending() != 0) {
      return;
    }
    idle.run();
    if (nvic.highestPending() == 0) {
      sleeping = true;
      core.raiseEvent(ThumbCore.EVENT_STOP);
    }
  }

  @Override
  public void sendEvent() {
    eventRegister = true;
  }

  /** Wakes a sleeping core (an interrupt arrived from outside). */
  public void wake() {
    sleeping = false;
  }
}
