package io.hilt.sim.cortexm;

import io.hilt.probe.target.StopReason;
import io.hilt.sim.bus.Bus;
import io.hilt.sim.mpu.Access;
import io.hilt.sim.mpu.DefaultMemoryMap;
import io.hilt.sim.mpu.Pmsav7Mpu;
import io.hilt.sim.semihosting.SemihostingResult;
import io.hilt.sim.thumb.ExceptionModel;
import io.hilt.sim.thumb.ThumbCore;
import io.hilt.sim.thumb.Trap;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Optional;

/**
 * The M-profile exception model: entry with 8-word stacking, EXC_RETURN, preemption by group
 * priority, tail-chaining, lockup, and the debugger's view of BKPT (semihosting on 0xAB, a
 * breakpoint stop otherwise) and of vector catch.
 *
 * <h2>ARMv6-M</h2>
 *
 * Every fault is a HardFault; a fault at HardFault or NMI priority locks the core up.
 *
 * <h2>ARMv7-M</h2>
 *
 * Each {@link Trap} becomes its fault status bits (CFSR, with MMFAR/BFAR and their VALID bits only
 * for data access violations and precise data bus errors) and its exception: MemManage (IACCVIOL,
 * DACCVIOL, MSTKERR, MUNSTKERR), BusFault (IBUSERR, PRECISERR, STKERR, UNSTKERR) or UsageFault
 * (UNDEFINSTR, INVSTATE, INVPC, NOCP, UNALIGNED, DIVBYZERO). A fault whose handler is disabled
 * (SHCSR) or whose group priority does not beat the execution priority escalates to HardFault with
 * HFSR.FORCED; when HardFault cannot preempt either (HardFault or NMI active, FAULTMASK set) the
 * core locks up: it stops, with PC 0xEFFFFFFE as silicon shows it. With CCR.BFHFNMIGN set, precise
 * data bus errors at a negative execution priority are ignored instead.
 *
 * <p>Stacking goes through the MPU with the privilege of the code being interrupted; a stacking
 * fault (MSTKERR, STKERR) still moves SP, and the derived fault and the original exception are
 * taken in priority order without stacking again. Unstacking goes through the MPU with the
 * privilege of the code returned to; a fault there (MUNSTKERR, UNSTKERR) leaves the frame on the
 * stack and tail-chains into the fault with the same EXC_RETURN. An EXC_RETURN that is not
 * 0xFFFFFFF1, 0xFFFFFFF9 or 0xFFFFFFFD (no FPU: bit 4 is always 1), that returns from an inactive
 * exception, to Handler mode with nothing else active, or to Thread mode with other exceptions
 * active (unless CCR.NONBASETHRDENA) is an INVPC UsageFault. Vector table reads bypass the MPU; a
 * failed one is a HardFault with HFSR.VECTTBL.
 *
 * <p>Exception return tail-chains: when a pending exception can preempt the context being returned
 * to, it is taken straight away with the same frame and EXC_RETURN.
 *
 * <h2>Not modelled</h2>
 *
 * Imprecise bus faults (every bus error is precise, with BFAR, as on QEMU), the FPU and lazy FP
 * stacking (no extended frames, EXC_RETURN bit 4 is always 1), the DebugMonitor exception (BKPT
 * always halts, as with a debugger attached), SCR.SLEEPONEXIT and SEVONPEND (stored, ignored, as
 * QEMU does), and leaving lockup through NMI or a debugger (only a reset ends it).
 *
 * <h2>Vector catch</h2>
 *
 * DEMCR's VC_* bits say which fault entries stop the core (as a debugger's vector catch: exception
 * entry is complete, PC is the handler's first instruction, DFSR.VCATCH is set); the stop is a
 * {@link StopReason.Fault} naming the exception, the faulting instruction and the cause.
 */
public final class ExceptionUnit implements ExceptionModel {
  public static final int EXC_RETURN_HANDLER = 0xFFFFFFF1;
  public static final int EXC_RETURN_THREAD_MSP = 0xFFFFFFF9;
  public static final int EXC_RETURN_THREAD_PSP = 0xFFFFFFFD;

  /** Where a locked-up core's PC points. */
  public static final int LOCKUP_PC = 0xEFFFFFFE;

  // DEMCR vector catch bits.
  public static final int VC_CORERESET = 1;
  public static final int VC_MMERR = 1 << 4;
  public static final int VC_NOCPERR = 1 << 5;
  public static final int VC_CHKERR = 1 << 6;
  public static final int VC_STATERR = 1 << 7;
  public static final int VC_BUSERR = 1 << 8;
  public static final int VC_INTERR = 1 << 9;
  public static final int VC_HARDERR = 1 << 10;

  /** Every fault vector catch of ARMv7-M. */
  public static final int VC_ALL_FAULTS =
      VC_MMERR | VC_NOCPERR | VC_CHKERR | VC_STATERR | VC_BUSERR | VC_INTERR | VC_HARDERR;

  // CCR bits.
  public static final int CCR_NONBASETHRDENA = 1;
  public static final int CCR_USERSETMPEND = 1 << 1;
  public static final int CCR_UNALIGN_TRP = 1 << 3;
  public static final int CCR_DIV_0_TRP = 1 << 4;
  public static final int CCR_BFHFNMIGN = 1 << 8;
  public static final int CCR_STKALIGN = 1 << 9;
  private static final int CCR_WRITABLE =
      CCR_NONBASETHRDENA
          | CCR_USERSETMPEND
          | CCR_UNALIGN_TRP
          | CCR_DIV_0_TRP
          | CCR_BFHFNMIGN
          | CCR_STKALIGN;

  /** CCR on ARMv6-M: STKALIGN and UNALIGN_TRP, read-only. */
  public static final int CCR_ARMV6M = CCR_STKALIGN | CCR_UNALIGN_TRP;

  private static final int SEMIHOSTING_BKPT = 0xAB;
  private static final int DEMCR_WRITABLE = 0x010F_07F1;

  /** Why an exception is being taken, for vector catch and stop reasons. */
  private record Cause(boolean fault, int pc, int flags, String detail) {
    static final Cause NONE = new Cause(false, 0, 0, "");
  }

  private final ThumbCore core;
  private final Bus bus;
  private final Nvic nvic;
  private final CoreModel model;
  private final FaultStatus faults = new FaultStatus();
  private final Optional<Pmsav7Mpu> mpu;
  private Optional<SemihostingCall> semihosting = Optional.empty();
  private Optional<StopReason> stop = Optional.empty();
  private int ccr;
  private int demcr;
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

  /**
   * @param mpu the MPU stacking and unstacking go through (ARMv7-M)
   */
  public ExceptionUnit(ThumbCore core, Nvic nvic, CoreModel model, Optional<Pmsav7Mpu> mpu) {
    this.core = core;
    this.bus = core.bus();
    this.nvic = nvic;
    this.model = model;
    this.mpu = mpu;
    nvic.onChange(() -> core.raiseEvent(ThumbCore.EVENT_EXCEPTION));
    core.setExceptionModel(this);
    core.setPriorityBitsMask(0xFF << (8 - model.priorityBits()));
  }

  public void setSemihosting(SemihostingCall call) {
    this.semihosting = Optional.of(call);
  }

  public CoreModel model() {
    return model;
  }

  public FaultStatus faults() {
    return faults;
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

  // Registers the SCS shows ----------------------------------------------------------------------

  public int ccr() {
    return ccr;
  }

  /** A CCR write: read-only on ARMv6-M. */
  public void writeCcr(int value) {
    if (model.armv7m()) {
      ccr = value & CCR_WRITABLE;
      applyCcr();
    }
  }

  private void applyCcr() {
    if (model.armv7m()) {
      core.setTrapDivideByZero((ccr & CCR_DIV_0_TRP) != 0);
      core.setTrapUnaligned((ccr & CCR_UNALIGN_TRP) != 0);
    }
  }

  /** DEMCR: vector catch bits (and the rest as written, for the debugger). */
  public int demcr() {
    return demcr;
  }

  public void writeDemcr(int value) {
    int writable = model.armv7m() ? DEMCR_WRITABLE : VC_HARDERR | VC_CORERESET | 1 << 24;
    demcr = value & writable;
  }

  /** The debugger halted the core on request (DFSR.HALTED). */
  public void debugHalted() {
    faults.setDfsr(FaultStatus.HALTED);
  }

  /** VECTCLRACTIVE: forget every active exception and return to Thread mode bookkeeping. */
  public void clearActiveState() {
    nvic.clearAllActive();
    core.setIpsr(0);
  }

  private int basepri() {
    return core.basepri();
  }

  private boolean faultmask() {
    return core.faultmask();
  }

  /** The current execution priority, masks included. */
  @Override
  public int executionPriority() {
    return nvic.executionPriority(core.primask(), basepri(), faultmask());
  }

  /** System reset: state cleared, SP and PC from the vector table at 0 (VTOR resets to 0). */
  public void reset() {
    nvic.reset();
    faults.reset();
    mpu.ifPresent(Pmsav7Mpu::reset);
    ccr = model.armv7m() ? CCR_STKALIGN : CCR_ARMV6M;
    applyCcr();
    core.resetState();
    lockedUp = false;
    sleeping = false;
    eventRegister = false;
    resetRequested = false;
    pendingInvalidStateAtReset = false;
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
    if (model.armv7m()) {
      core.setNextPc(LOCKUP_PC);
      core.setPc(LOCKUP_PC);
    }
    stopWith(new StopReason.Lockup(Integer.toUnsignedLong(pc), detail));
  }

  // ExceptionModel -------------------------------------------------------------------------------

  @Override
  public void trap(Trap trap) {
    if (!model.armv7m()) {
      takeHardFault(trap.pc(), trap.pc(), trap.describe());
      return;
    }
    String detail = trap.describe();
    if (trap instanceof Trap.BusError && (ccr & CCR_BFHFNMIGN) != 0 && executionPriority() < 0) {
      // CCR.BFHFNMIGN: at priority -1 or -2 a precise data bus error is ignored; the load's
      // destination keeps its (UNKNOWN) value and execution goes on, which is how handlers probe.
      return;
    }
    if (trap instanceof Trap.Undefined) {
      fault(Nvic.USAGE_FAULT, FaultStatus.UNDEFINSTR, trap.pc(), detail);
    } else if (trap instanceof Trap.Unaligned) {
      fault(Nvic.USAGE_FAULT, FaultStatus.UNALIGNED, trap.pc(), detail);
    } else if (trap instanceof Trap.InvalidState) {
      fault(Nvic.USAGE_FAULT, FaultStatus.INVSTATE, trap.pc(), detail);
    } else if (trap instanceof Trap.InvalidExceptionReturn) {
      fault(Nvic.USAGE_FAULT, FaultStatus.INVPC, trap.pc(), detail);
    } else if (trap instanceof Trap.DivideByZero) {
      fault(Nvic.USAGE_FAULT, FaultStatus.DIVBYZERO, trap.pc(), detail);
    } else if (trap instanceof Trap.NoCoprocessor) {
      fault(Nvic.USAGE_FAULT, FaultStatus.NOCP, trap.pc(), detail);
    } else if (trap instanceof Trap.DataAccessViolation d) {
      faults.memManageAddress(d.address());
      fault(
          Nvic.MEM_MANAGE,
          FaultStatus.DACCVIOL,
          trap.pc(),
          mpu.map(
                  m ->
                      String.format(
                          "MPU: %s, at 0x%08x",
                          m.explain(
                              d.address(), d.write() ? Access.WRITE : Access.READ, d.privileged()),
                          d.pc()))
              .orElse(detail));
    } else if (trap instanceof Trap.InstructionAccessViolation i) {
      fault(
          Nvic.MEM_MANAGE,
          FaultStatus.IACCVIOL,
          trap.pc(),
          mpu.map(m -> "MPU: " + m.explain(i.pc(), Access.FETCH, i.privileged())).orElse(detail));
    } else if (trap instanceof Trap.BusError b) {
      faults.busFaultAddress(b.address());
      fault(Nvic.BUS_FAULT, FaultStatus.PRECISERR, trap.pc(), detail);
    } else if (trap instanceof Trap.FetchError f) {
      if (DefaultMemoryMap.executeNever(f.pc())) {
        fault(
            Nvic.MEM_MANAGE,
            FaultStatus.IACCVIOL,
            trap.pc(),
            String.format(
                "instruction fetch from 0x%08x: the default memory map makes it execute-never",
                f.pc()));
      } else {
        fault(
            Nvic.BUS_FAULT,
            FaultStatus.IBUSERR,
            trap.pc(),
            String.format("bus error on instruction fetch from 0x%08x", f.pc()));
      }
    } else {
      throw new IllegalStateException("simulator bug: no fault for " + trap);
    }
  }

  /**
   * A synchronous ARMv7-M fault: records the status bits, escalates to HardFault (FORCED) when the
   * fault cannot be taken, locks up when HardFault cannot be taken either, else enters it.
   */
  private void fault(int exception, int flags, int pc, String detail) {
    faults.setCfsr(flags);
    int target = escalate(exception, executionPriority());
    if (target < 0) {
      lockup(pc, detail + " (escalated to HardFault while " + runningName() + ")");
      return;
    }
    enter(target, pc, new Cause(true, pc, flags, detail));
  }

  /**
   * What a synchronous exception becomes at execution priority {@code running}: itself, HardFault
   * (HFSR.FORCED set), or -1 when not even HardFault can preempt.
   */
  private int escalate(int exception, int running) {
    if (exception != Nvic.HARD_FAULT) {
      boolean enabled = exception == Nvic.SV_CALL || nvic.faultEnabled(exception);
      if (enabled && nvic.groupPriority(nvic.priority(exception)) < running) {
        return exception;
      }
      faults.setHfsr(FaultStatus.FORCED);
    }
    return running > -1 ? Nvic.HARD_FAULT : -1;
  }

  private String runningName() {
    int ipsr = core.ipsr();
    if (faultmask()) {
      return "FAULTMASK is set";
    }
    return ipsr == 0 ? "in Thread mode" : "in " + Nvic.name(ipsr);
  }

  /**
   * ARMv6-M synchronous HardFault: lockup when the core already runs at HardFault priority or
   * better.
   *
   * @param returnAddress what gets stacked
   */
  private void takeHardFault(int faultPc, int returnAddress, String detail) {
    if (executionPriority() <= -1) {
      lockup(
          faultPc,
          detail + " while in " + Nvic.name(core.ipsr()) + " (fault during fault handling)");
      return;
    }
    enter(Nvic.HARD_FAULT, returnAddress, new Cause(true, faultPc, 0, detail));
  }

  @Override
  public void supervisorCall(int imm) {
    int running = executionPriority();
    if (nvic.groupPriority(nvic.svCallPriority()) >= running) {
      String detail =
          String.format(
              "SVC #%d at 0x%08x escalated: execution priority does not allow SVCall",
              imm, core.pc());
      if (!model.armv7m()) {
        takeHardFault(core.pc(), core.pc(), detail);
        return;
      }
      int target = escalate(Nvic.SV_CALL, running);
      if (target < 0) {
        lockup(core.pc(), detail + " while " + runningName());
        return;
      }
      enter(target, core.nextPc(), new Cause(true, core.pc(), 0, detail));
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
    faults.setDfsr(FaultStatus.BKPT);
    stopWith(new StopReason.Breakpoint(Integer.toUnsignedLong(core.pc())));
  }

  @Override
  public void exceptionReturn(int excReturn) {
    if (model.armv7m()) {
      exceptionReturnV7(excReturn);
      return;
    }
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
    restore(words, frame, processStack, toThread);
  }

  private void restore(int[] words, int frame, boolean processStack, boolean toThread) {
    int xpsr = words[7];
    core.setControl((core.control() & ~2) | (processStack ? 2 : 0));
    core.setXpsr(xpsr);
    core.setIpsr(toThread ? 0 : xpsr & (model.armv7m() ? 0x1FF : 0x3F));
    boolean realigned = (xpsr & (1 << 9)) != 0 && (ccr & CCR_STKALIGN) != 0;
    core.setRegister(13, frame + 0x20 + (realigned ? 4 : 0));
    for (int i = 0; i < 4; i++) {
      core.setRegister(i, words[i]);
    }
    core.setRegister(12, words[4]);
    core.setRegister(14, words[5]);
    core.setNextPc(words[6]);
    core.raiseEvent(ThumbCore.EVENT_EXCEPTION);
  }

  private void exceptionReturnV7(int excReturn) {
    int returning = core.ipsr();
    int returnPc = core.pc();
    boolean toThread = excReturn == EXC_RETURN_THREAD_MSP || excReturn == EXC_RETURN_THREAD_PSP;
    String problem = "";
    if (!nvic.isActive(returning)) {
      problem = Nvic.name(returning) + " is not active";
    } else if (excReturn != EXC_RETURN_HANDLER && !toThread) {
      problem = "not a valid EXC_RETURN value";
    } else if (!toThread && nvic.activeCount() <= 1) {
      problem = "returns to Handler mode but no other exception is active";
    } else if (toThread && nvic.activeCount() > 1 && (ccr & CCR_NONBASETHRDENA) == 0) {
      problem = "returns to Thread mode while other exceptions are active";
    }
    nvic.deactivate(returning);
    if (returning != Nvic.NMI) {
      core.setFaultmask(false);
    }
    if (!problem.isEmpty()) {
      derivedFault(
          Nvic.USAGE_FAULT,
          FaultStatus.INVPC,
          excReturn,
          returnPc,
          String.format(
              "invalid exception return with EXC_RETURN 0x%08x at 0x%08x: %s",
              excReturn, returnPc, problem));
      return;
    }
    int running = executionPriority();
    int pending = nvic.highestPending();
    if (pending != 0 && nvic.groupPriority(nvic.priority(pending)) < running) {
      // Tail-chain: the frame stays where it is and the next handler gets the same EXC_RETURN.
      take(pending, excReturn, Cause.NONE);
      return;
    }
    boolean processStack = excReturn == EXC_RETURN_THREAD_PSP;
    int frame = processStack ? core.psp() : core.msp();
    boolean privileged = !toThread || (core.control() & 1) == 0;
    int[] words = new int[8];
    for (int i = 0; i < 8; i++) {
      int address = frame + 4 * i;
      if (!allowed(address, Access.READ, privileged, running)) {
        derivedFault(
            Nvic.MEM_MANAGE,
            FaultStatus.MUNSTKERR,
            excReturn,
            returnPc,
            String.format(
                "unstacking from 0x%08x on exception return: %s",
                frame, mpu.orElseThrow().explain(address, Access.READ, privileged)));
        return;
      }
      long w = bus.read32(address);
      if (w < 0) {
        derivedFault(
            Nvic.BUS_FAULT,
            FaultStatus.UNSTKERR,
            excReturn,
            returnPc,
            String.format(
                "unstacking from 0x%08x on exception return: bus error at 0x%08x", frame, address));
        return;
      }
      words[i] = (int) w;
    }
    int stackedIpsr = words[7] & 0x1FF;
    if (toThread != (stackedIpsr == 0)) {
      derivedFault(
          Nvic.USAGE_FAULT,
          FaultStatus.INVPC,
          excReturn,
          returnPc,
          String.format(
              "exception return to %s mode found IPSR %d in the stacked xPSR at 0x%08x",
              toThread ? "Thread" : "Handler", stackedIpsr, frame + 28));
      return;
    }
    restore(words, frame, processStack, toThread);
  }

  /**
   * A fault raised while returning from an exception: taken at once without stacking (the frame, if
   * any, is where it was), with LR the EXC_RETURN being returned through.
   */
  private void derivedFault(int exception, int flags, int excReturn, int pc, String detail) {
    faults.setCfsr(flags);
    int target = escalate(exception, executionPriority());
    if (target < 0) {
      lockup(pc, detail + " (escalated to HardFault while " + runningName() + ")");
      return;
    }
    take(target, excReturn, new Cause(true, pc, flags, detail));
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
    if (pending != 0 && nvic.groupPriority(nvic.priority(pending)) < executionPriority()) {
      sleeping = false;
      enter(pending, core.nextPc(), Cause.NONE);
      // Another exception may also be pending: look again before the handler's first instruction.
      core.raiseEvent(ThumbCore.EVENT_EXCEPTION);
    }
  }

  /** Whether the MPU lets exception stacking or unstacking touch {@code address}. */
  private boolean allowed(int address, Access access, boolean privileged, int running) {
    if (mpu.isEmpty() || !mpu.get().enabled()) {
      return true;
    }
    return mpu.get().permits(address, access, privileged, () -> running < 0);
  }

  /**
   * Takes an exception: stacks the frame on the current stack, then {@link #take}s it (or what a
   * stacking fault turned it into).
   */
  private void enter(int exception, int returnAddress, Cause cause) {
    int running = executionPriority();
    boolean privileged = core.isPrivileged();
    int sp = core.register(13);
    boolean realign = (sp & 4) != 0 && (ccr & CCR_STKALIGN) != 0;
    int frame = (sp - 0x20) & (realign ? ~7 : ~3);
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
    int failedFlags = 0;
    String failure = "";
    for (int i = 0; i < 8; i++) {
      int address = frame + 4 * i;
      if (!allowed(address, Access.WRITE, privileged, running)) {
        if (failedFlags == 0) {
          failedFlags = FaultStatus.MSTKERR;
          failure = mpu.orElseThrow().explain(address, Access.WRITE, privileged);
        }
      } else if (!bus.write32(address, words[i]) && failedFlags == 0) {
        failedFlags = FaultStatus.STKERR;
        failure = String.format("bus error at 0x%08x", address);
      }
    }
    int excReturn;
    if (core.ipsr() != 0) {
      excReturn = EXC_RETURN_HANDLER;
    } else {
      excReturn = (core.control() & 2) != 0 ? EXC_RETURN_THREAD_PSP : EXC_RETURN_THREAD_MSP;
    }
    if (failedFlags == 0) {
      core.setRegister(13, frame);
      take(exception, excReturn, cause);
      return;
    }
    String detail =
        String.format(
            "stacking for %s at SP 0x%08x failed: %s%s",
            Nvic.name(exception),
            sp,
            failure,
            cause.detail().isEmpty() ? "" : " (taking it for: " + cause.detail() + ")");
    if (!model.armv7m()) {
      if (exception == Nvic.HARD_FAULT || exception == Nvic.NMI) {
        lockup(core.pc(), detail);
      } else {
        takeHardFault(core.pc(), returnAddress, detail);
      }
      return;
    }
    core.setRegister(13, frame);
    faults.setCfsr(failedFlags);
    int derived = failedFlags == FaultStatus.MSTKERR ? Nvic.MEM_MANAGE : Nvic.BUS_FAULT;
    int target = escalate(derived, running);
    int faultPc = cause.fault() ? cause.pc() : core.pc();
    if (target < 0
        || (target == Nvic.HARD_FAULT && nvic.priority(exception) <= nvic.priority(target))) {
      lockup(faultPc, detail + " (no exception can be taken: lockup)");
      return;
    }
    Cause derivedCause = new Cause(true, faultPc, failedFlags, detail);
    // The derived fault and the original exception are both pending now: the better one goes
    // first, the other waits (neither is stacked again).
    int original = nvic.priority(exception);
    int derivedPriority = nvic.priority(target);
    if (target == exception) {
      take(exception, excReturn, new Cause(true, faultPc, failedFlags | cause.flags(), detail));
    } else if (derivedPriority < original || (derivedPriority == original && target < exception)) {
      nvic.pend(exception);
      take(target, excReturn, derivedCause);
    } else {
      nvic.pend(target);
      take(exception, excReturn, cause);
    }
  }

  /**
   * Exception entry after stacking (or instead of it, when tail-chaining): reads the vector, makes
   * the exception active and switches to Handler mode with {@code excReturn} in LR.
   */
  private void take(int exception, int excReturn, Cause cause) {
    int vectorAddress = nvic.vtor() + 4 * exception;
    long vector = bus.read32(vectorAddress);
    if (vector < 0) {
      String detail =
          String.format(
              "vector of %s at 0x%08x is not readable", Nvic.name(exception), vectorAddress);
      String full = cause.detail().isEmpty() ? detail : cause.detail() + "; " + detail;
      if (exception == Nvic.HARD_FAULT || exception == Nvic.NMI) {
        lockup(cause.fault() ? cause.pc() : core.pc(), full);
        return;
      }
      if (model.armv7m()) {
        faults.setHfsr(FaultStatus.VECTTBL);
      }
      take(
          Nvic.HARD_FAULT,
          excReturn,
          new Cause(true, cause.fault() ? cause.pc() : core.pc(), 0, full));
      return;
    }
    core.setRegister(14, excReturn);
    nvic.activate(exception);
    core.exceptionEntry(exception);
    core.setNextPc((int) vector);
    if ((vector & 1) == 0) {
      core.raiseEvent(ThumbCore.EVENT_INVALID_STATE);
    }
    if (cause.fault() && catches(exception, cause.flags())) {
      faults.setDfsr(FaultStatus.VCATCH);
      stopWith(
          new StopReason.Fault(
              Nvic.name(exception), Integer.toUnsignedLong(cause.pc()), cause.detail()));
    }
  }

  /** Whether DEMCR catches entry to {@code exception} for a fault with these CFSR flags. */
  private boolean catches(int exception, int flags) {
    int stackingFlags =
        FaultStatus.MSTKERR
            | FaultStatus.MUNSTKERR
            | FaultStatus.STKERR
            | FaultStatus.UNSTKERR
            | FaultStatus.INVPC;
    if ((flags & stackingFlags) != 0 && (demcr & VC_INTERR) != 0) {
      return true;
    }
    int bit =
        switch (exception) {
          case Nvic.HARD_FAULT -> VC_HARDERR;
          case Nvic.MEM_MANAGE -> VC_MMERR;
          case Nvic.BUS_FAULT -> VC_BUSERR;
          case Nvic.USAGE_FAULT ->
              (flags & FaultStatus.NOCP) != 0
                  ? VC_NOCPERR
                  : (flags & (FaultStatus.UNALIGNED | FaultStatus.DIVBYZERO)) != 0
                      ? VC_CHKERR
                      : VC_STATERR;
          default -> 0;
        };
    return (demcr & bit) != 0;
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

  /**
   * Writes the configuration and the run state (CCR, DEMCR, lockup, sleep, event register) and the
   * fault status; the NVIC keeps the active and pending exceptions.
   */
  public void saveState(DataOutput out) throws IOException {
    out.writeInt(ccr);
    out.writeInt(demcr);
    out.writeBoolean(lockedUp);
    out.writeBoolean(sleeping);
    out.writeBoolean(eventRegister);
    faults.saveState(out);
  }

  /** Reads what {@link #saveState} wrote. */
  public void restoreState(DataInput in) throws IOException {
    ccr = in.readInt();
    demcr = in.readInt();
    lockedUp = in.readBoolean();
    sleeping = in.readBoolean();
    eventRegister = in.readBoolean();
    pendingInvalidStateAtReset = false;
    resetRequested = false;
    faults.restoreState(in);
  }
}
