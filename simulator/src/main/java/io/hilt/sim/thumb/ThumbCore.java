package io.hilt.sim.thumb;

import static io.hilt.sim.thumb.ThumbFields.*;

import io.hilt.sim.bus.Bus;
import io.hilt.sim.bus.RamRegion;
import java.util.Optional;

/**
 * A Thumb core of one {@link ThumbProfile} (ARMv6-M, ARMv7-M, ARMv7E-M): registers, flags (N, Z, C,
 * V, Q, GE), EPSR.IT, the M-profile special registers, one method per instruction, and an
 * interpreter loop over a decode cache.
 *
 * <p>Instruction methods are public and independent of the loop, so a translator can call them from
 * generated code. They never throw: faults go to the {@link ExceptionModel} as {@link Trap} values
 * before any register changes. The loop allocates nothing.
 *
 * <p><b>Decode cache.</b> Each RAM keeps one int per halfword; a decoded op sits in the slot of its
 * first halfword (a 32-bit op's second slot stays free, for code that branches into the middle).
 * Bit 8 of an op says it came from a 32-bit encoding, so the loop sets the next PC without looking
 * at the op again. The cache holds nothing that depends on core state: the same op serves inside
 * and outside IT blocks (16-bit data processing asks {@code itState == 0} at dispatch to decide
 * whether it sets flags), and memory protection is checked per block of code, not per cached op.
 *
 * <p><b>IT blocks.</b> ITSTATE lives in {@link #itState}; outside a block the loop pays one test of
 * it. Inside, {@code executeInItBlock} skips the op when its condition fails (BKPT always runs) and
 * then advances ITSTATE, unless the instruction wrote it (IT, exception entry or return through
 * {@link #setItState}/{@link #setXpsr}/{@link #exceptionEntry}).
 *
 * <p><b>Coprocessors.</b> No FPU or coprocessor is modelled: the coprocessor encoding space is a
 * {@link Trap.NoCoprocessor} (UsageFault NOCP) on ARMv7-M, UNDEFINED on ARMv6-M; firmware built
 * with {@code -mfloat-abi=soft} runs, hard-float firmware faults at its first FP instruction.
 */
public final class ThumbCore {
  /** {@link #events} bit: look for a pending exception before the next instruction. */
  public static final int EVENT_EXCEPTION = 1;

  /** {@link #events} bit: return from {@link #run} before the next instruction. */
  public static final int EVENT_STOP = 2;

  /** {@link #events} bit: the next instruction runs in ARM state, which faults. */
  public static final int EVENT_INVALID_STATE = 4;

  private static final int SYSM_MSP = 8;
  private static final int SYSM_PSP = 9;
  private static final int SYSM_PRIMASK = 16;
  private static final int SYSM_BASEPRI = 17;
  private static final int SYSM_BASEPRI_MAX = 18;
  private static final int SYSM_FAULTMASK = 19;
  private static final int SYSM_CONTROL = 20;

  private final Bus bus;
  private final ThumbProfile profile;
  private ExceptionModel exceptions;

  /** r0..r14; r[13] is the SP in use. PC lives in {@link #pc}. */
  private final int[] r = new int[16];

  /** LDM's loaded values, kept until every load succeeded. */
  private final int[] scratch = new int[16];

  /** Address of the instruction executing (between instructions: of the next one). */
  private int pc;

  /** Where execution continues after the current instruction. */
  private int nextPc;

  /**
   * N and Z, kept lazily as the last flag-setting result sign-extended: N is its sign, Z is its low
   * word being zero. {@link #nzOf} builds the one value for N and Z both set.
   */
  private long nz = 1;

  private boolean c;
  private boolean v;

  /** APSR.Q, the sticky saturation flag (ARMv7-M). */
  private boolean q;

  /** APSR.GE[3:0] (DSP extension). */
  private int ge;

  /** EPSR.IT[7:0]: zero outside an IT block. */
  private int itState;

  /** Set when something other than the IT advance writes ITSTATE during an instruction. */
  private boolean itWritten;

  /** The local exclusive monitor: Open (false) or Exclusive for {@link #exclusiveAddress}. */
  private boolean exclusiveValid;

  private int exclusiveAddress;
  private boolean thumb = true;
  private int ipsr;
  private boolean primask;
  private boolean faultmask;
  private int basepri;
  private int basepriMask = 0xFF;
  private int control;
  private boolean onProcessStack;
  private int otherSp;

  private long cycles;
  private long runUntil;
  private int events;

  private RamRegion codeRam;
  private int codeBase;
  private int codeWindow;
  private int[] codeCache = new int[0];

  /** Alignment faults for LDR/STR/LDRH/STRH: always on ARMv6-M, CCR.UNALIGN_TRP on ARMv7-M. */
  private boolean strictAlignment;

  private boolean trapUnaligned;
  private boolean trapDivideByZero;

  private MemoryProtection protection = (address, size, access, privileged) -> true;

  /** The one test on the hot path: consult {@link #protection} at all. */
  private boolean protectionEnabled;

  /** Set while LDRT/STRT access memory: the protection sees them as unprivileged. */
  private boolean unprivilegedAccess;

  private int[] breakpoints = new int[0];
  private int stepOverAddress = -1;
  private boolean breakpointHit;
  private long stepOverCycle = -1;

  /** An ARMv6-M core. */
  public ThumbCore(Bus bus) {
    this(bus, ThumbProfile.ARMV6M);
  }

  public ThumbCore(Bus bus, ThumbProfile profile) {
    this.bus = bus;
    this.profile = profile;
    this.exceptions = new NoExceptions();
    this.strictAlignment = !profile.thumb2();
  }

  public ThumbProfile profile() {
    return profile;
  }

  public void setExceptionModel(ExceptionModel model) {
    this.exceptions = model;
  }

  public Bus bus() {
    return bus;
  }

  // ---------------------------------------------------------------------------------------------
  // The loop

  /**
   * Executes until the cycle counter reaches {@code untilCycle} or an event stops the core. One
   * instruction is one cycle.
   */
  public void run(long untilCycle) {
    runUntil = untilCycle;
    while (true) {
      if (events != 0 && serviceEvents()) {
        return;
      }
      if (cycles >= runUntil) {
        return;
      }
      int op = fetch(pc);
      nextPc = pc + 2 + ((op >>> 7) & 2);
      if (itState == 0) {
        execute(op);
      } else {
        executeInItBlock(op);
      }
      pc = nextPc;
      cycles++;
    }
  }

  /**
   * An instruction inside an IT block: executed when its condition passes (BKPT always), then
   * ITSTATE advances, unless the instruction itself wrote it (exception entry or return, IT). The
   * cached op is the same as outside the block: {@link #execute} reads ITSTATE to decide whether
   * 16-bit data processing sets flags.
   */
  private void executeInItBlock(int op) {
    int state = itState;
    itWritten = false;
    int id = ThumbOps.id(op);
    if (conditionPassed(state >>> 4) || id == ThumbOps.BKPT || id == ThumbOps.DEBUG_BREAK) {
      execute(op);
    }
    if (!itWritten) {
      itState = (state & 7) == 0 ? 0 : (state & 0xE0) | ((state << 1) & 0x1F);
    }
  }

  /** Ends the current {@link #run} earlier, at {@code cycle} (a timer event, for example). */
  public void limitRun(long cycle) {
    if (cycle < runUntil) {
      runUntil = cycle;
    }
  }

  private boolean serviceEvents() {
    if ((events & EVENT_STOP) != 0) {
      events &= ~EVENT_STOP;
      return true;
    }
    if ((events & EVENT_INVALID_STATE) != 0) {
      events &= ~EVENT_INVALID_STATE;
      nextPc = pc;
      exceptions.trap(new Trap.InvalidState(pc));
      pc = nextPc;
    }
    if ((events & EVENT_EXCEPTION) != 0) {
      events &= ~EVENT_EXCEPTION;
      nextPc = pc;
      exceptions.serviceEvents();
      pc = nextPc;
    }
    if ((events & EVENT_STOP) != 0) {
      events &= ~EVENT_STOP;
      return true;
    }
    return false;
  }

  /** Asks the loop to look at events (pending exceptions, stop requests) before the next step. */
  public void raiseEvent(int event) {
    events |= event;
  }

  private int fetch(int address) {
    int offset = address - codeBase;
    if (Integer.compareUnsigned(offset, codeWindow) < 0) {
      int index = codeRam.index(address) >>> 1;
      int op = codeCache[index];
      if (op != 0) {
        return op;
      }
      op = decodeAt(address);
      codeCache[index] = op;
      return op;
    }
    return fetchSlow(address);
  }

  /**
   * Outside the current fetch window: find the RAM and, with memory protection on, check the fetch
   * and narrow the window to the block the protection answers for (less its last halfword, so a
   * 32-bit instruction straddling into the next block is checked here too).
   */
  private int fetchSlow(int address) {
    Optional<RamRegion> ram = bus.ramAt(address);
    if (ram.isEmpty()) {
      return ThumbOps.FETCH_FAULT;
    }
    RamRegion region = ram.get();
    codeRam = region;
    codeCache = region.decodeCache();
    if (!protectionEnabled) {
      codeBase = region.base();
      codeWindow = (int) region.window();
      return cachedOp(address);
    }
    boolean privileged = isPrivileged();
    codeWindow = 0;
    if (!protection.allows(address, 2, MemoryProtection.Access.EXECUTE, privileged)) {
      return ThumbOps.EXECUTE_VIOLATION;
    }
    int op = cachedOp(address);
    int log2 = Math.max(5, Math.min(31, protection.uniformBlockLog2(address, privileged)));
    long blockStart = Integer.toUnsignedLong(address) & -(1L << log2);
    long blockEnd = blockStart + (1L << log2);
    if (ThumbOps.isWide(op)
        && Integer.toUnsignedLong(address) + 2 >= blockEnd
        && !protection.allows(address + 2, 2, MemoryProtection.Access.EXECUTE, privileged)) {
      return ThumbOps.EXECUTE_VIOLATION;
    }
    long start = Math.max(blockStart, Integer.toUnsignedLong(region.base()));
    long end = Math.min(blockEnd, Integer.toUnsignedLong(region.base()) + region.window()) - 2;
    if (end > start) {
      codeBase = (int) start;
      codeWindow = (int) (end - start);
    }
    return op;
  }

  private int cachedOp(int address) {
    int index = codeRam.index(address) >>> 1;
    int op = codeCache[index];
    if (op == 0) {
      op = decodeAt(address);
      codeCache[index] = op;
    }
    return op;
  }

  /** Forgets the fetch window, so the next fetch is checked against the protection again. */
  private void refetchChecks() {
    if (protectionEnabled) {
      codeWindow = 0;
    }
  }

  private int decodeAt(int address) {
    for (int b : breakpoints) {
      if (b == address) {
        return ThumbOps.DEBUG_BREAK;
      }
    }
    return decodeIgnoringBreakpoints(address);
  }

  private int decodeIgnoringBreakpoints(int address) {
    long hw1 = bus.read16(address);
    if (hw1 < 0) {
      return ThumbOps.FETCH_FAULT;
    }
    long hw2 = 0;
    if (ThumbDecoder.isWide((int) hw1)) {
      hw2 = bus.read16(address + 2);
      if (hw2 < 0) {
        return ThumbOps.FETCH_FAULT;
      }
    }
    return ThumbDecoder.decode((int) hw1, (int) hw2, profile);
  }

  /**
   * Runs one decoded op; {@code pc} is its address and {@code nextPc} the address after it. Each
   * case is one call of the instruction's method with the fields of the encoding, so a block
   * translator can emit the same calls with constant operands. 16-bit data processing sets the
   * flags only outside an IT block ({@code itState == 0}), which is how one cached op serves both.
   */
  public void execute(int op) {
    if ((op & ThumbOps.WIDE) == 0) {
      execute16(op);
    } else if ((op & 0x1FF) < ThumbOps.AND_REG || (op & 0x1FF) >= ThumbOps.LDR_W) {
      execute32a(op);
    } else {
      execute32b(op);
    }
  }

  private void execute16(int op) {
    int f = op >>> 9;
    boolean s = itState == 0;
    switch (op & 0x1FF) {
      case ThumbOps.MOVS_REG -> movReg(rd(f), rn(f), s);
      case ThumbOps.LSLS_IMM -> lslImm(rd(f), rn(f), imm5(f), s);
      case ThumbOps.LSRS_IMM -> lsrImm(rd(f), rn(f), imm5(f), s);
      case ThumbOps.ASRS_IMM -> asrImm(rd(f), rn(f), imm5(f), s);
      case ThumbOps.ADDS_REG -> addReg(rd(f), rn(f), rm(f), 0, 0, s);
      case ThumbOps.SUBS_REG -> subReg(rd(f), rn(f), rm(f), 0, 0, s);
      case ThumbOps.ADDS_IMM3 -> addImm(rd(f), rn(f), rm(f), s);
      case ThumbOps.SUBS_IMM3 -> subImm(rd(f), rn(f), rm(f), s);
      case ThumbOps.MOVS_IMM -> movImm(r8(f), imm8(f), c, s);
      case ThumbOps.CMP_IMM -> cmpImm(r8(f), imm8(f));
      case ThumbOps.ADDS_IMM8 -> addImm(r8(f), r8(f), imm8(f), s);
      case ThumbOps.SUBS_IMM8 -> subImm(r8(f), r8(f), imm8(f), s);
      case ThumbOps.ANDS -> andReg(rd(f), rd(f), rn(f), 0, 0, s);
      case ThumbOps.EORS -> eorReg(rd(f), rd(f), rn(f), 0, 0, s);
      case ThumbOps.LSLS_REG -> shiftReg(rd(f), rd(f), rn(f), SR_LSL, s);
      case ThumbOps.LSRS_REG -> shiftReg(rd(f), rd(f), rn(f), SR_LSR, s);
      case ThumbOps.ASRS_REG -> shiftReg(rd(f), rd(f), rn(f), SR_ASR, s);
      case ThumbOps.ADCS -> adcReg(rd(f), rd(f), rn(f), 0, 0, s);
      case ThumbOps.SBCS -> sbcReg(rd(f), rd(f), rn(f), 0, 0, s);
      case ThumbOps.RORS -> shiftReg(rd(f), rd(f), rn(f), SR_ROR, s);
      case ThumbOps.TST -> tstReg(rd(f), rn(f), 0, 0);
      case ThumbOps.RSBS -> rsbImm(rd(f), rn(f), 0, s);
      case ThumbOps.CMP_REG -> cmpReg(rd(f), rn(f), 0, 0);
      case ThumbOps.CMN -> cmnReg(rd(f), rn(f), 0, 0);
      case ThumbOps.ORRS -> orrReg(rd(f), rd(f), rn(f), 0, 0, s);
      case ThumbOps.MULS -> mul(rd(f), rn(f), rd(f), s);
      case ThumbOps.BICS -> bicReg(rd(f), rd(f), rn(f), 0, 0, s);
      case ThumbOps.MVNS -> mvnReg(rd(f), rn(f), 0, 0, s);
      case ThumbOps.ADD_HI -> addReg(dn(f), dn(f), rm4(f), 0, 0, false);
      case ThumbOps.CMP_HI -> cmpReg(dn(f), rm4(f), 0, 0);
      case ThumbOps.MOV_HI -> movReg(dn(f), rm4(f), false);
      case ThumbOps.BX -> bx(rm4(f));
      case ThumbOps.BLX -> blx(rm4(f));
      case ThumbOps.LDR_LIT -> ldr(r8(f), 15, imm8(f) << 2, true, false);
      case ThumbOps.STR_REG -> str(rd(f), rn(f), r[rm(f)], true, false);
      case ThumbOps.STRH_REG -> strh(rd(f), rn(f), r[rm(f)], true, false);
      case ThumbOps.STRB_REG -> strb(rd(f), rn(f), r[rm(f)], true, false);
      case ThumbOps.LDRSB_REG -> ldrsb(rd(f), rn(f), r[rm(f)], true, false);
      case ThumbOps.LDR_REG -> ldr(rd(f), rn(f), r[rm(f)], true, false);
      case ThumbOps.LDRH_REG -> ldrh(rd(f), rn(f), r[rm(f)], true, false);
      case ThumbOps.LDRB_REG -> ldrb(rd(f), rn(f), r[rm(f)], true, false);
      case ThumbOps.LDRSH_REG -> ldrsh(rd(f), rn(f), r[rm(f)], true, false);
      case ThumbOps.STR_IMM -> str(rd(f), rn(f), imm5(f) << 2, true, false);
      case ThumbOps.LDR_IMM -> ldr(rd(f), rn(f), imm5(f) << 2, true, false);
      case ThumbOps.STRB_IMM -> strb(rd(f), rn(f), imm5(f), true, false);
      case ThumbOps.LDRB_IMM -> ldrb(rd(f), rn(f), imm5(f), true, false);
      case ThumbOps.STRH_IMM -> strh(rd(f), rn(f), imm5(f) << 1, true, false);
      case ThumbOps.LDRH_IMM -> ldrh(rd(f), rn(f), imm5(f) << 1, true, false);
      case ThumbOps.STR_SP -> str(r8(f), 13, imm8(f) << 2, true, false);
      case ThumbOps.LDR_SP -> ldr(r8(f), 13, imm8(f) << 2, true, false);
      case ThumbOps.ADR -> adr(r8(f), imm8(f) << 2);
      case ThumbOps.ADD_RD_SP -> addImm(r8(f), 13, imm8(f) << 2, false);
      case ThumbOps.ADD_SP_IMM -> addImm(13, 13, imm7(f) << 2, false);
      case ThumbOps.SUB_SP_IMM -> subImm(13, 13, imm7(f) << 2, false);
      case ThumbOps.SXTH -> sxth(rd(f), rn(f), 0);
      case ThumbOps.SXTB -> sxtb(rd(f), rn(f), 0);
      case ThumbOps.UXTH -> uxth(rd(f), rn(f), 0);
      case ThumbOps.UXTB -> uxtb(rd(f), rn(f), 0);
      case ThumbOps.PUSH -> stmdb(13, (f & 0xFF) | (f & 0x100) << 6, true);
      case ThumbOps.CPS -> cps((f & 0x10) != 0, true, false);
      case ThumbOps.CPS_V7M -> cps((f & 0x10) != 0, (f & 2) != 0, (f & 1) != 0);
      case ThumbOps.REV -> rev(rd(f), rn(f));
      case ThumbOps.REV16 -> rev16(rd(f), rn(f));
      case ThumbOps.REVSH -> revsh(rd(f), rn(f));
      case ThumbOps.POP -> ldmia(13, (f & 0xFF) | (f & 0x100) << 7, true);
      case ThumbOps.BKPT -> bkpt(imm8(f));
      case ThumbOps.NOP -> nop();
      case ThumbOps.WFE -> wfe();
      case ThumbOps.WFI -> wfi();
      case ThumbOps.SEV -> sev();
      case ThumbOps.STM -> stmia(r8(f), imm8(f), true);
      case ThumbOps.LDM -> ldmia(r8(f), imm8(f), (imm8(f) & (1 << r8(f))) == 0);
      case ThumbOps.B_COND -> branchIf(cond(f), branchOffset8(f));
      case ThumbOps.SVC -> svc(imm8(f));
      case ThumbOps.B -> b(branchOffset11(f));
      case ThumbOps.CBZ -> cbz(rd(f), cbzOffset(f), false);
      case ThumbOps.CBNZ -> cbz(rd(f), cbzOffset(f), true);
      case ThumbOps.IT -> it(f & 0xFF);
      case ThumbOps.UDF, ThumbOps.UNDEFINED -> undefined(f);
      case ThumbOps.DEBUG_BREAK -> debugBreak();
      case ThumbOps.FETCH_FAULT -> fetchFault();
      case ThumbOps.EXECUTE_VIOLATION -> executeViolation();
      default -> throw new IllegalStateException("simulator bug: no handler for op " + op);
    }
  }

  /** Branches, system, immediates, loads and stores. */
  private void execute32a(int op) {
    int f = op >>> 9;
    switch (op & 0x1FF) {
      case ThumbOps.BL -> bl(offsetFromPayload(f, false));
      case ThumbOps.BL_BACK -> bl(offsetFromPayload(f, true));
      case ThumbOps.B_W -> b(offsetFromPayload(f, false));
      case ThumbOps.B_W_BACK -> b(offsetFromPayload(f, true));
      case ThumbOps.B_COND_W -> branchIf(condOf(f), condBranchOffsetFromPayload(f, false));
      case ThumbOps.B_COND_W_BACK -> branchIf(condOf(f), condBranchOffsetFromPayload(f, true));
      case ThumbOps.MSR -> msr(sysReg(f), sysm(f), msrMask(f));
      case ThumbOps.MRS -> mrs(sysReg(f), sysm(f));
      case ThumbOps.DMB, ThumbOps.DSB, ThumbOps.ISB -> barrier();
      case ThumbOps.CLREX -> clrex();
      case ThumbOps.NOP_W, ThumbOps.PRELOAD -> nop();
      case ThumbOps.WFE_W -> wfe();
      case ThumbOps.WFI_W -> wfi();
      case ThumbOps.SEV_W -> sev();
      case ThumbOps.UDF_W, ThumbOps.UNDEFINED_W -> undefinedWide();
      case ThumbOps.COPROCESSOR -> coprocessor(f);
      // Modified immediates
      case ThumbOps.AND_IMM ->
          andImm(d(f), n(f), expandImm(imm12(f)), expandImmCarry(imm12(f), c), immS(f));
      case ThumbOps.TST_IMM -> tstImm(n(f), expandImm(imm12(f)), expandImmCarry(imm12(f), c));
      case ThumbOps.BIC_IMM ->
          bicImm(d(f), n(f), expandImm(imm12(f)), expandImmCarry(imm12(f), c), immS(f));
      case ThumbOps.ORR_IMM ->
          orrImm(d(f), n(f), expandImm(imm12(f)), expandImmCarry(imm12(f), c), immS(f));
      case ThumbOps.MOV_IMM ->
          movImm(d(f), expandImm(imm12(f)), expandImmCarry(imm12(f), c), immS(f));
      case ThumbOps.ORN_IMM ->
          ornImm(d(f), n(f), expandImm(imm12(f)), expandImmCarry(imm12(f), c), immS(f));
      case ThumbOps.MVN_IMM ->
          mvnImm(d(f), expandImm(imm12(f)), expandImmCarry(imm12(f), c), immS(f));
      case ThumbOps.EOR_IMM ->
          eorImm(d(f), n(f), expandImm(imm12(f)), expandImmCarry(imm12(f), c), immS(f));
      case ThumbOps.TEQ_IMM -> teqImm(n(f), expandImm(imm12(f)), expandImmCarry(imm12(f), c));
      case ThumbOps.ADD_IMM -> addImm(d(f), n(f), expandImm(imm12(f)), immS(f));
      case ThumbOps.CMN_IMM -> cmnImm(n(f), expandImm(imm12(f)));
      case ThumbOps.ADC_IMM -> adcImm(d(f), n(f), expandImm(imm12(f)), immS(f));
      case ThumbOps.SBC_IMM -> sbcImm(d(f), n(f), expandImm(imm12(f)), immS(f));
      case ThumbOps.SUB_IMM -> subImm(d(f), n(f), expandImm(imm12(f)), immS(f));
      case ThumbOps.CMP_IMM_W -> cmpImm(n(f), expandImm(imm12(f)));
      case ThumbOps.RSB_IMM -> rsbImm(d(f), n(f), expandImm(imm12(f)), immS(f));
      // Plain binary immediates
      case ThumbOps.ADDW -> addImm(d(f), n(f), imm12(f), false);
      case ThumbOps.SUBW -> subImm(d(f), n(f), imm12(f), false);
      case ThumbOps.ADR_ADD -> adr(d(f), imm12(f));
      case ThumbOps.ADR_SUB -> adr(d(f), -imm12(f));
      case ThumbOps.MOVW -> movImm(d(f), imm16(f), c, false);
      case ThumbOps.MOVT -> movt(d(f), imm16(f));
      case ThumbOps.SSAT -> ssat(d(f), bits5(f) + 1, n(f), sh(f), lsb(f));
      case ThumbOps.USAT -> usat(d(f), bits5(f), n(f), sh(f), lsb(f));
      case ThumbOps.SSAT16 -> ssat16(d(f), bits5(f) + 1, n(f));
      case ThumbOps.USAT16 -> usat16(d(f), bits5(f), n(f));
      case ThumbOps.SBFX -> sbfx(d(f), n(f), lsb(f), bits5(f));
      case ThumbOps.UBFX -> ubfx(d(f), n(f), lsb(f), bits5(f));
      case ThumbOps.BFI -> bfi(d(f), n(f), lsb(f), bits5(f));
      case ThumbOps.BFC -> bfc(d(f), lsb(f), bits5(f));
      // Loads and stores: imm12, literal, 1PUW imm8, T, register
      case ThumbOps.LDR_W, ThumbOps.LDR_LIT_W -> ldr(t(f), n(f), litOrImm12(f), true, false);
      case ThumbOps.LDRB_W, ThumbOps.LDRB_LIT -> ldrb(t(f), n(f), litOrImm12(f), true, false);
      case ThumbOps.LDRSB_W, ThumbOps.LDRSB_LIT -> ldrsb(t(f), n(f), litOrImm12(f), true, false);
      case ThumbOps.LDRH_W, ThumbOps.LDRH_LIT -> ldrh(t(f), n(f), litOrImm12(f), true, false);
      case ThumbOps.LDRSH_W, ThumbOps.LDRSH_LIT -> ldrsh(t(f), n(f), litOrImm12(f), true, false);
      case ThumbOps.STR_W -> str(t(f), n(f), imm12(f), true, false);
      case ThumbOps.STRB_W -> strb(t(f), n(f), imm12(f), true, false);
      case ThumbOps.STRH_W -> strh(t(f), n(f), imm12(f), true, false);
      case ThumbOps.LDR_PUW -> ldr(t(f), n(f), puwOffset(f), puwIndex(f), puwWriteback(f));
      case ThumbOps.LDRB_PUW -> ldrb(t(f), n(f), puwOffset(f), puwIndex(f), puwWriteback(f));
      case ThumbOps.LDRSB_PUW -> ldrsb(t(f), n(f), puwOffset(f), puwIndex(f), puwWriteback(f));
      case ThumbOps.LDRH_PUW -> ldrh(t(f), n(f), puwOffset(f), puwIndex(f), puwWriteback(f));
      case ThumbOps.LDRSH_PUW -> ldrsh(t(f), n(f), puwOffset(f), puwIndex(f), puwWriteback(f));
      case ThumbOps.STR_PUW -> str(t(f), n(f), puwOffset(f), puwIndex(f), puwWriteback(f));
      case ThumbOps.STRB_PUW -> strb(t(f), n(f), puwOffset(f), puwIndex(f), puwWriteback(f));
      case ThumbOps.STRH_PUW -> strh(t(f), n(f), puwOffset(f), puwIndex(f), puwWriteback(f));
      case ThumbOps.LDRT -> ldrt(t(f), n(f), imm8w(f));
      case ThumbOps.LDRBT -> ldrbt(t(f), n(f), imm8w(f));
      case ThumbOps.LDRSBT -> ldrsbt(t(f), n(f), imm8w(f));
      case ThumbOps.LDRHT -> ldrht(t(f), n(f), imm8w(f));
      case ThumbOps.LDRSHT -> ldrsht(t(f), n(f), imm8w(f));
      case ThumbOps.STRT -> strt(t(f), n(f), imm8w(f));
      case ThumbOps.STRBT -> strbt(t(f), n(f), imm8w(f));
      case ThumbOps.STRHT -> strht(t(f), n(f), imm8w(f));
      case ThumbOps.LDR_REG_W -> ldr(t(f), n(f), r[lsRm(f)] << lsShift(f), true, false);
      case ThumbOps.LDRB_REG_W -> ldrb(t(f), n(f), r[lsRm(f)] << lsShift(f), true, false);
      case ThumbOps.LDRSB_REG_W -> ldrsb(t(f), n(f), r[lsRm(f)] << lsShift(f), true, false);
      case ThumbOps.LDRH_REG_W -> ldrh(t(f), n(f), r[lsRm(f)] << lsShift(f), true, false);
      case ThumbOps.LDRSH_REG_W -> ldrsh(t(f), n(f), r[lsRm(f)] << lsShift(f), true, false);
      case ThumbOps.STR_REG_W -> str(t(f), n(f), r[lsRm(f)] << lsShift(f), true, false);
      case ThumbOps.STRB_REG_W -> strb(t(f), n(f), r[lsRm(f)] << lsShift(f), true, false);
      case ThumbOps.STRH_REG_W -> strh(t(f), n(f), r[lsRm(f)] << lsShift(f), true, false);
      // Dual, exclusive, table branch, multiple
      case ThumbOps.LDRD, ThumbOps.LDRD_LIT ->
          ldrd(t(f), t2(f), n(f), dualOffset(f), dualIndex(f), dualWriteback(f));
      case ThumbOps.STRD -> strd(t(f), t2(f), n(f), dualOffset(f), dualIndex(f), dualWriteback(f));
      case ThumbOps.LDREX -> ldrex(t(f), n(f), dualImm8(f) << 2);
      case ThumbOps.LDREXB -> ldrexb(t(f), n(f));
      case ThumbOps.LDREXH -> ldrexh(t(f), n(f));
      case ThumbOps.STREX -> strex(t2(f), t(f), n(f), dualImm8(f) << 2);
      case ThumbOps.STREXB -> strexb(low4(f), t(f), n(f));
      case ThumbOps.STREXH -> strexh(low4(f), t(f), n(f));
      case ThumbOps.TBB -> tbb(n(f), low4(f));
      case ThumbOps.TBH -> tbh(n(f), low4(f));
      case ThumbOps.LDMIA -> ldmia(multipleRn(f), list16(f), multipleWriteback(f));
      case ThumbOps.LDMDB -> ldmdb(multipleRn(f), list16(f), multipleWriteback(f));
      case ThumbOps.STMIA -> stmia(multipleRn(f), list16(f), multipleWriteback(f));
      case ThumbOps.STMDB -> stmdb(multipleRn(f), list16(f), multipleWriteback(f));
      default -> throw new IllegalStateException("simulator bug: no handler for op " + op);
    }
  }

  /** Data processing on registers, multiplies, divides and the DSP extension. */
  private void execute32b(int op) {
    int f = op >>> 9;
    switch (op & 0x1FF) {
      case ThumbOps.AND_REG -> andReg(d(f), n(f), m(f), shiftType(f), shiftImm(f), shiftedS(f));
      case ThumbOps.TST_REG -> tstReg(n(f), m(f), shiftType(f), shiftImm(f));
      case ThumbOps.BIC_REG -> bicReg(d(f), n(f), m(f), shiftType(f), shiftImm(f), shiftedS(f));
      case ThumbOps.ORR_REG -> orrReg(d(f), n(f), m(f), shiftType(f), shiftImm(f), shiftedS(f));
      case ThumbOps.ORN_REG -> ornReg(d(f), n(f), m(f), shiftType(f), shiftImm(f), shiftedS(f));
      case ThumbOps.MVN_REG -> mvnReg(d(f), m(f), shiftType(f), shiftImm(f), shiftedS(f));
      case ThumbOps.EOR_REG -> eorReg(d(f), n(f), m(f), shiftType(f), shiftImm(f), shiftedS(f));
      case ThumbOps.TEQ_REG -> teqReg(n(f), m(f), shiftType(f), shiftImm(f));
      case ThumbOps.ADD_REG -> addReg(d(f), n(f), m(f), shiftType(f), shiftImm(f), shiftedS(f));
      case ThumbOps.CMN_REG -> cmnReg(n(f), m(f), shiftType(f), shiftImm(f));
      case ThumbOps.ADC_REG -> adcReg(d(f), n(f), m(f), shiftType(f), shiftImm(f), shiftedS(f));
      case ThumbOps.SBC_REG -> sbcReg(d(f), n(f), m(f), shiftType(f), shiftImm(f), shiftedS(f));
      case ThumbOps.SUB_REG -> subReg(d(f), n(f), m(f), shiftType(f), shiftImm(f), shiftedS(f));
      case ThumbOps.CMP_REG_W -> cmpReg(n(f), m(f), shiftType(f), shiftImm(f));
      case ThumbOps.RSB_REG -> rsbReg(d(f), n(f), m(f), shiftType(f), shiftImm(f), shiftedS(f));
      case ThumbOps.MOV_REG_W -> movReg(d(f), m(f), shiftedS(f));
      case ThumbOps.LSL_IMM -> lslImm(d(f), m(f), shiftImm(f), shiftedS(f));
      case ThumbOps.LSR_IMM -> lsrImm(d(f), m(f), shiftImm(f), shiftedS(f));
      case ThumbOps.ASR_IMM -> asrImm(d(f), m(f), shiftImm(f), shiftedS(f));
      case ThumbOps.ROR_IMM -> rorImm(d(f), m(f), shiftImm(f), shiftedS(f));
      case ThumbOps.RRX -> rrx(d(f), m(f), shiftedS(f));
      case ThumbOps.PKH -> pkh(d(f), n(f), m(f), (shiftType(f) & 2) != 0, shiftImm(f));
      case ThumbOps.SHIFT_REG ->
          shiftReg(d(f), n(f), m(f), (hw1Bits(f) >>> 1) & 3, (hw1Bits(f) & 1) != 0);
      case ThumbOps.SXTH_W -> sxth(d(f), m(f), rotation(f));
      case ThumbOps.UXTH_W -> uxth(d(f), m(f), rotation(f));
      case ThumbOps.SXTB_W -> sxtb(d(f), m(f), rotation(f));
      case ThumbOps.UXTB_W -> uxtb(d(f), m(f), rotation(f));
      case ThumbOps.SXTAH -> sxtah(d(f), n(f), m(f), rotation(f));
      case ThumbOps.UXTAH -> uxtah(d(f), n(f), m(f), rotation(f));
      case ThumbOps.SXTAB -> sxtab(d(f), n(f), m(f), rotation(f));
      case ThumbOps.UXTAB -> uxtab(d(f), n(f), m(f), rotation(f));
      case ThumbOps.SXTB16 -> sxtb16(d(f), m(f), rotation(f));
      case ThumbOps.UXTB16 -> uxtb16(d(f), m(f), rotation(f));
      case ThumbOps.SXTAB16 -> sxtab16(d(f), n(f), m(f), rotation(f));
      case ThumbOps.UXTAB16 -> uxtab16(d(f), n(f), m(f), rotation(f));
      case ThumbOps.PARALLEL -> parallel(d(f), n(f), m(f), hw1Bits(f), op2(f) & 7);
      case ThumbOps.QADD -> qadd(d(f), m(f), n(f));
      case ThumbOps.QDADD -> qdadd(d(f), m(f), n(f));
      case ThumbOps.QSUB -> qsub(d(f), m(f), n(f));
      case ThumbOps.QDSUB -> qdsub(d(f), m(f), n(f));
      case ThumbOps.REV_W -> rev(d(f), m(f));
      case ThumbOps.REV16_W -> rev16(d(f), m(f));
      case ThumbOps.RBIT -> rbit(d(f), m(f));
      case ThumbOps.REVSH_W -> revsh(d(f), m(f));
      case ThumbOps.SEL -> sel(d(f), n(f), m(f));
      case ThumbOps.CLZ -> clz(d(f), m(f));
      case ThumbOps.MUL -> mul(d(f), n(f), m(f), false);
      case ThumbOps.MLA -> mla(d(f), n(f), m(f), a(f));
      case ThumbOps.MLS -> mls(d(f), n(f), m(f), a(f));
      case ThumbOps.SMULXY -> smulxy(d(f), n(f), m(f), (op2(f) & 2) != 0, (op2(f) & 1) != 0);
      case ThumbOps.SMLAXY -> smlaxy(d(f), n(f), m(f), a(f), (op2(f) & 2) != 0, (op2(f) & 1) != 0);
      case ThumbOps.SMUAD -> smuad(d(f), n(f), m(f), (op2(f) & 1) != 0);
      case ThumbOps.SMLAD -> smlad(d(f), n(f), m(f), a(f), (op2(f) & 1) != 0);
      case ThumbOps.SMULWY -> smulwy(d(f), n(f), m(f), (op2(f) & 1) != 0);
      case ThumbOps.SMLAWY -> smlawy(d(f), n(f), m(f), a(f), (op2(f) & 1) != 0);
      case ThumbOps.SMUSD -> smusd(d(f), n(f), m(f), (op2(f) & 1) != 0);
      case ThumbOps.SMLSD -> smlsd(d(f), n(f), m(f), a(f), (op2(f) & 1) != 0);
      case ThumbOps.SMMUL -> smmul(d(f), n(f), m(f), (op2(f) & 1) != 0);
      case ThumbOps.SMMLA -> smmla(d(f), n(f), m(f), a(f), (op2(f) & 1) != 0);
      case ThumbOps.SMMLS -> smmls(d(f), n(f), m(f), a(f), (op2(f) & 1) != 0);
      case ThumbOps.USAD8 -> usad8(d(f), n(f), m(f));
      case ThumbOps.USADA8 -> usada8(d(f), n(f), m(f), a(f));
      case ThumbOps.SMULL -> smull(a(f), d(f), n(f), m(f));
      case ThumbOps.UMULL -> umull(a(f), d(f), n(f), m(f));
      case ThumbOps.SMLAL -> smlal(a(f), d(f), n(f), m(f));
      case ThumbOps.UMLAL -> umlal(a(f), d(f), n(f), m(f));
      case ThumbOps.UMAAL -> umaal(a(f), d(f), n(f), m(f));
      case ThumbOps.SMLALXY ->
          smlalxy(a(f), d(f), n(f), m(f), (op2(f) & 2) != 0, (op2(f) & 1) != 0);
      case ThumbOps.SMLALD -> smlald(a(f), d(f), n(f), m(f), (op2(f) & 1) != 0);
      case ThumbOps.SMLSLD -> smlsld(a(f), d(f), n(f), m(f), (op2(f) & 1) != 0);
      case ThumbOps.SDIV -> sdiv(d(f), n(f), m(f));
      case ThumbOps.UDIV -> udiv(d(f), n(f), m(f));
      default -> throw new IllegalStateException("simulator bug: no handler for op " + op);
    }
  }

  /** The literal forms' signed offset, or imm12 of the imm12 forms (Rn = 15 only for literals). */
  private static int litOrImm12(int f) {
    return n(f) == 15 ? literalOffset(f) : imm12(f);
  }

  private static int dualOffset(int f) {
    return dualAdd(f) ? dualImm8(f) << 2 : -(dualImm8(f) << 2);
  }

  // ---------------------------------------------------------------------------------------------
  // Instructions: one method each, reached by every encoding of the instruction. {@code s} is
  // "set flags": the S bit of 32-bit encodings, "outside an IT block" for 16-bit ones.

  private static final int SR_LSL = 0;
  private static final int SR_LSR = 1;
  private static final int SR_ASR = 2;
  private static final int SR_ROR = 3;

  /** Carry out of the last {@link #shiftImmC} or {@link #shiftRegC}. */
  private boolean shiftCarry;

  /**
   * Shift_C with DecodeImmShift: LSR/ASR #0 mean #32, ROR #0 means RRX; LSL #0 keeps the carry. The
   * carry out goes to {@link #shiftCarry}.
   */
  private int shiftImmC(int value, int type, int imm5) {
    switch (type) {
      case SR_LSL -> {
        if (imm5 == 0) {
          shiftCarry = c;
          return value;
        }
        shiftCarry = ((value >>> (32 - imm5)) & 1) != 0;
        return value << imm5;
      }
      case SR_LSR -> {
        if (imm5 == 0) {
          shiftCarry = value < 0;
          return 0;
        }
        shiftCarry = ((value >>> (imm5 - 1)) & 1) != 0;
        return value >>> imm5;
      }
      case SR_ASR -> {
        if (imm5 == 0) {
          shiftCarry = value < 0;
          return value >> 31;
        }
        shiftCarry = ((value >>> (imm5 - 1)) & 1) != 0;
        return value >> imm5;
      }
      default -> {
        if (imm5 == 0) {
          shiftCarry = (value & 1) != 0;
          return (c ? 1 << 31 : 0) | value >>> 1;
        }
        int result = Integer.rotateRight(value, imm5);
        shiftCarry = result < 0;
        return result;
      }
    }
  }

  /** Shift_C by a register amount (bottom byte); zero keeps the value and the carry. */
  private int shiftRegC(int value, int type, int amount) {
    if (amount == 0) {
      shiftCarry = c;
      return value;
    }
    switch (type) {
      case SR_LSL -> {
        if (amount < 32) {
          shiftCarry = ((value >>> (32 - amount)) & 1) != 0;
          return value << amount;
        }
        shiftCarry = amount == 32 && (value & 1) != 0;
        return 0;
      }
      case SR_LSR -> {
        if (amount < 32) {
          shiftCarry = ((value >>> (amount - 1)) & 1) != 0;
          return value >>> amount;
        }
        shiftCarry = amount == 32 && value < 0;
        return 0;
      }
      case SR_ASR -> {
        if (amount < 32) {
          shiftCarry = ((value >>> (amount - 1)) & 1) != 0;
          return value >> amount;
        }
        shiftCarry = value < 0;
        return value >> 31;
      }
      default -> {
        int result = Integer.rotateRight(value, amount & 31);
        shiftCarry = result < 0;
        return result;
      }
    }
  }

  /** Writes a logical result: with {@code s}, N and Z from it and C from {@code carry}. */
  private void logicalResult(int d, int result, boolean carry, boolean s) {
    if (s) {
      nz = result;
      c = carry;
    }
    writeRegister(d, result);
  }

  /** Writes an arithmetic result; with {@code s} the flags come from AddWithCarry. */
  private void arithmeticResult(int d, int x, int y, boolean carryIn, boolean s) {
    writeRegister(d, s ? addWithCarry(x, y, carryIn) : x + y + (carryIn ? 1 : 0));
  }

  // Logical -------------------------------------------------------------------------------------

  /** AND (immediate). */
  public void andImm(int d, int n, int imm, boolean carry, boolean s) {
    logicalResult(d, r[n] & imm, carry, s);
  }

  /** AND (register): ANDS and AND.W. */
  public void andReg(int d, int n, int m, int type, int imm5, boolean s) {
    int y = shiftImmC(r[m], type, imm5);
    logicalResult(d, r[n] & y, shiftCarry, s);
  }

  public void tstImm(int n, int imm, boolean carry) {
    nz = r[n] & imm;
    c = carry;
  }

  /** TST (register): 16-bit and 32-bit. */
  public void tstReg(int n, int m, int type, int imm5) {
    int y = shiftImmC(r[m], type, imm5);
    nz = r[n] & y;
    c = shiftCarry;
  }

  public void bicImm(int d, int n, int imm, boolean carry, boolean s) {
    logicalResult(d, r[n] & ~imm, carry, s);
  }

  public void bicReg(int d, int n, int m, int type, int imm5, boolean s) {
    int y = shiftImmC(r[m], type, imm5);
    logicalResult(d, r[n] & ~y, shiftCarry, s);
  }

  public void orrImm(int d, int n, int imm, boolean carry, boolean s) {
    logicalResult(d, r[n] | imm, carry, s);
  }

  public void orrReg(int d, int n, int m, int type, int imm5, boolean s) {
    int y = shiftImmC(r[m], type, imm5);
    logicalResult(d, r[n] | y, shiftCarry, s);
  }

  public void ornImm(int d, int n, int imm, boolean carry, boolean s) {
    logicalResult(d, r[n] | ~imm, carry, s);
  }

  public void ornReg(int d, int n, int m, int type, int imm5, boolean s) {
    int y = shiftImmC(r[m], type, imm5);
    logicalResult(d, r[n] | ~y, shiftCarry, s);
  }

  public void eorImm(int d, int n, int imm, boolean carry, boolean s) {
    logicalResult(d, r[n] ^ imm, carry, s);
  }

  public void eorReg(int d, int n, int m, int type, int imm5, boolean s) {
    int y = shiftImmC(r[m], type, imm5);
    logicalResult(d, r[n] ^ y, shiftCarry, s);
  }

  public void teqImm(int n, int imm, boolean carry) {
    nz = r[n] ^ imm;
    c = carry;
  }

  public void teqReg(int n, int m, int type, int imm5) {
    int y = shiftImmC(r[m], type, imm5);
    nz = r[n] ^ y;
    c = shiftCarry;
  }

  /** MOV (immediate): MOVS #imm8, MOV.W #const, MOVW #imm16. */
  public void movImm(int d, int imm, boolean carry, boolean s) {
    logicalResult(d, imm, carry, s);
  }

  /** MOVT: the top halfword. */
  public void movt(int d, int imm16) {
    r[d] = (r[d] & 0xFFFF) | imm16 << 16;
  }

  public void mvnImm(int d, int imm, boolean carry, boolean s) {
    logicalResult(d, ~imm, carry, s);
  }

  /** MVN (register): MVNS and MVN.W. */
  public void mvnReg(int d, int m, int type, int imm5, boolean s) {
    int y = shiftImmC(r[m], type, imm5);
    logicalResult(d, ~y, shiftCarry, s);
  }

  /**
   * MOV (register): MOVS Rd, Rm (16-bit, flags outside IT), MOV Rd, Rm (high registers, no flags, a
   * write to PC branches) and MOV{S}.W.
   */
  public void movReg(int d, int m, boolean s) {
    int value = reg(m);
    if (s) {
      nz = value;
    }
    writeRegister(d, value);
  }

  // Shifts --------------------------------------------------------------------------------------

  /** LSL (immediate): LSLS and LSL{S}.W; the shift is 1..31. */
  public void lslImm(int d, int m, int shift, boolean s) {
    int result = shiftImmC(r[m], SR_LSL, shift);
    logicalResult(d, result, shiftCarry, s);
  }

  /** LSR (immediate); imm5 = 0 means 32. */
  public void lsrImm(int d, int m, int imm5, boolean s) {
    int result = shiftImmC(r[m], SR_LSR, imm5);
    logicalResult(d, result, shiftCarry, s);
  }

  /** ASR (immediate); imm5 = 0 means 32. */
  public void asrImm(int d, int m, int imm5, boolean s) {
    int result = shiftImmC(r[m], SR_ASR, imm5);
    logicalResult(d, result, shiftCarry, s);
  }

  /** ROR (immediate), 1..31. */
  public void rorImm(int d, int m, int imm5, boolean s) {
    int result = shiftImmC(r[m], SR_ROR, imm5);
    logicalResult(d, result, shiftCarry, s);
  }

  /** RRX: rotate right by one through the carry. */
  public void rrx(int d, int m, boolean s) {
    int result = shiftImmC(r[m], SR_ROR, 0);
    logicalResult(d, result, shiftCarry, s);
  }

  /** LSL/LSR/ASR/ROR (register): the 16-bit forms (Rd = Rn) and the 32-bit ones. */
  public void shiftReg(int d, int n, int m, int type, boolean s) {
    int result = shiftRegC(r[n], type, r[m] & 0xFF);
    logicalResult(d, result, shiftCarry, s);
  }

  // Arithmetic ----------------------------------------------------------------------------------

  /** ADD (immediate), ADD (SP plus immediate): ADDS imm3/imm8, ADD Rd, SP, ADD.W, ADDW. */
  public void addImm(int d, int n, int imm, boolean s) {
    arithmeticResult(d, r[n], imm, false, s);
  }

  /** ADD (register): ADDS, ADD with high registers (PC reads +4, a PC write branches), ADD.W. */
  public void addReg(int d, int n, int m, int type, int imm5, boolean s) {
    int y = shiftImmC(reg(m), type, imm5);
    arithmeticResult(d, reg(n), y, false, s);
  }

  public void adcImm(int d, int n, int imm, boolean s) {
    arithmeticResult(d, r[n], imm, c, s);
  }

  public void adcReg(int d, int n, int m, int type, int imm5, boolean s) {
    int y = shiftImmC(r[m], type, imm5);
    arithmeticResult(d, r[n], y, c, s);
  }

  /** SUB (immediate), SUB (SP minus immediate): SUBS imm3/imm8, SUB SP, SUB.W, SUBW. */
  public void subImm(int d, int n, int imm, boolean s) {
    arithmeticResult(d, r[n], ~imm, true, s);
  }

  public void subReg(int d, int n, int m, int type, int imm5, boolean s) {
    int y = shiftImmC(r[m], type, imm5);
    arithmeticResult(d, r[n], ~y, true, s);
  }

  public void sbcImm(int d, int n, int imm, boolean s) {
    arithmeticResult(d, r[n], ~imm, c, s);
  }

  public void sbcReg(int d, int n, int m, int type, int imm5, boolean s) {
    int y = shiftImmC(r[m], type, imm5);
    arithmeticResult(d, r[n], ~y, c, s);
  }

  /** RSB (immediate): RSBS Rd, Rn, #0 (NEGS) and RSB.W. */
  public void rsbImm(int d, int n, int imm, boolean s) {
    arithmeticResult(d, ~r[n], imm, true, s);
  }

  public void rsbReg(int d, int n, int m, int type, int imm5, boolean s) {
    int y = shiftImmC(r[m], type, imm5);
    arithmeticResult(d, ~r[n], y, true, s);
  }

  /** CMP (immediate): 16-bit and CMP.W. */
  public void cmpImm(int n, int imm) {
    addWithCarry(r[n], ~imm, true);
  }

  /** CMP (register): low, high-register (PC reads +4) and CMP.W encodings. */
  public void cmpReg(int n, int m, int type, int imm5) {
    int y = shiftImmC(reg(m), type, imm5);
    addWithCarry(reg(n), ~y, true);
  }

  public void cmnImm(int n, int imm) {
    addWithCarry(r[n], imm, false);
  }

  public void cmnReg(int n, int m, int type, int imm5) {
    int y = shiftImmC(r[m], type, imm5);
    addWithCarry(r[n], y, false);
  }

  /** ADR: Align(PC, 4) + imm (imm negative for the subtracting encoding). */
  public void adr(int d, int imm) {
    r[d] = ((pc + 4) & ~3) + imm;
  }

  // Multiply and divide -------------------------------------------------------------------------

  /** MUL: MULS (flags N, Z outside IT) and MUL.W. */
  public void mul(int d, int n, int m, boolean s) {
    int result = r[n] * r[m];
    if (s) {
      nz = result;
    }
    r[d] = result;
  }

  public void mla(int d, int n, int m, int a) {
    r[d] = r[n] * r[m] + r[a];
  }

  public void mls(int d, int n, int m, int a) {
    r[d] = r[a] - r[n] * r[m];
  }

  private void writeLong(int dLo, int dHi, long value) {
    r[dHi] = (int) (value >>> 32);
    r[dLo] = (int) value;
  }

  private long pair(int dLo, int dHi) {
    return (long) r[dHi] << 32 | Integer.toUnsignedLong(r[dLo]);
  }

  public void smull(int dLo, int dHi, int n, int m) {
    writeLong(dLo, dHi, (long) r[n] * r[m]);
  }

  public void umull(int dLo, int dHi, int n, int m) {
    writeLong(dLo, dHi, Integer.toUnsignedLong(r[n]) * Integer.toUnsignedLong(r[m]));
  }

  public void smlal(int dLo, int dHi, int n, int m) {
    writeLong(dLo, dHi, (long) r[n] * r[m] + pair(dLo, dHi));
  }

  public void umlal(int dLo, int dHi, int n, int m) {
    writeLong(
        dLo, dHi, Integer.toUnsignedLong(r[n]) * Integer.toUnsignedLong(r[m]) + pair(dLo, dHi));
  }

  /** UMAAL: n * m + RdLo + RdHi, unsigned (cannot overflow 64 bits). */
  public void umaal(int dLo, int dHi, int n, int m) {
    long result =
        Integer.toUnsignedLong(r[n]) * Integer.toUnsignedLong(r[m])
            + Integer.toUnsignedLong(r[dLo])
            + Integer.toUnsignedLong(r[dHi]);
    writeLong(dLo, dHi, result);
  }

  /** SDIV: rounds towards zero; INT_MIN / -1 is INT_MIN; by zero 0, or a trap with DIV_0_TRP. */
  public void sdiv(int d, int n, int m) {
    int divisor = r[m];
    if (divisor == 0) {
      if (trapDivideByZero) {
        exceptions.trap(new Trap.DivideByZero(pc));
        return;
      }
      r[d] = 0;
      return;
    }
    int dividend = r[n];
    r[d] = divisor == -1 ? -dividend : dividend / divisor;
  }

  /** UDIV: by zero 0, or a trap with DIV_0_TRP. */
  public void udiv(int d, int n, int m) {
    int divisor = r[m];
    if (divisor == 0) {
      if (trapDivideByZero) {
        exceptions.trap(new Trap.DivideByZero(pc));
        return;
      }
      r[d] = 0;
      return;
    }
    r[d] = Integer.divideUnsigned(r[n], divisor);
  }

  // Bit manipulation ----------------------------------------------------------------------------

  public void clz(int d, int m) {
    r[d] = Integer.numberOfLeadingZeros(r[m]);
  }

  public void rbit(int d, int m) {
    r[d] = Integer.reverse(r[m]);
  }

  /** REV: 16-bit and REV.W. */
  public void rev(int d, int m) {
    r[d] = Integer.reverseBytes(r[m]);
  }

  public void rev16(int d, int m) {
    int value = r[m];
    r[d] = ((value & 0x00FF00FF) << 8) | ((value >>> 8) & 0x00FF00FF);
  }

  public void revsh(int d, int m) {
    int value = r[m];
    r[d] = (short) (((value & 0xFF) << 8) | ((value >>> 8) & 0xFF));
  }

  /** BFI: bits lsb..msb of Rd from the bottom of Rn (msb &lt; lsb is UNPREDICTABLE: no change). */
  public void bfi(int d, int n, int lsb, int msb) {
    if (msb < lsb) {
      return;
    }
    int mask = (int) ((1L << (msb - lsb + 1)) - 1) << lsb;
    r[d] = (r[d] & ~mask) | ((r[n] << lsb) & mask);
  }

  public void bfc(int d, int lsb, int msb) {
    if (msb < lsb) {
      return;
    }
    int mask = (int) ((1L << (msb - lsb + 1)) - 1) << lsb;
    r[d] &= ~mask;
  }

  /** UBFX: width = widthMinus1 + 1 bits from lsb (past bit 31 is UNPREDICTABLE: no change). */
  public void ubfx(int d, int n, int lsb, int widthMinus1) {
    if (lsb + widthMinus1 > 31) {
      return;
    }
    r[d] = (r[n] << (31 - lsb - widthMinus1)) >>> (31 - widthMinus1);
  }

  public void sbfx(int d, int n, int lsb, int widthMinus1) {
    if (lsb + widthMinus1 > 31) {
      return;
    }
    r[d] = (r[n] << (31 - lsb - widthMinus1)) >> (31 - widthMinus1);
  }

  /** SXTB (16-bit and .W): rotation 0, 8, 16 or 24. */
  public void sxtb(int d, int m, int rotation) {
    r[d] = (byte) Integer.rotateRight(r[m], rotation);
  }

  public void sxth(int d, int m, int rotation) {
    r[d] = (short) Integer.rotateRight(r[m], rotation);
  }

  public void uxtb(int d, int m, int rotation) {
    r[d] = Integer.rotateRight(r[m], rotation) & 0xFF;
  }

  public void uxth(int d, int m, int rotation) {
    r[d] = Integer.rotateRight(r[m], rotation) & 0xFFFF;
  }

  public void sxtab(int d, int n, int m, int rotation) {
    r[d] = r[n] + (byte) Integer.rotateRight(r[m], rotation);
  }

  public void sxtah(int d, int n, int m, int rotation) {
    r[d] = r[n] + (short) Integer.rotateRight(r[m], rotation);
  }

  public void uxtab(int d, int n, int m, int rotation) {
    r[d] = r[n] + (Integer.rotateRight(r[m], rotation) & 0xFF);
  }

  public void uxtah(int d, int n, int m, int rotation) {
    r[d] = r[n] + (Integer.rotateRight(r[m], rotation) & 0xFFFF);
  }

  /** SXTB16: bytes 0 and 2 of the rotated value, each sign-extended into a halfword. */
  public void sxtb16(int d, int m, int rotation) {
    int x = Integer.rotateRight(r[m], rotation);
    r[d] = ((byte) x & 0xFFFF) | (byte) (x >>> 16) << 16;
  }

  public void uxtb16(int d, int m, int rotation) {
    r[d] = Integer.rotateRight(r[m], rotation) & 0x00FF00FF;
  }

  public void sxtab16(int d, int n, int m, int rotation) {
    int x = Integer.rotateRight(r[m], rotation);
    int lo = r[n] + (byte) x;
    int hi = (r[n] >>> 16) + (byte) (x >>> 16);
    r[d] = (lo & 0xFFFF) | hi << 16;
  }

  public void uxtab16(int d, int n, int m, int rotation) {
    int x = Integer.rotateRight(r[m], rotation);
    int lo = r[n] + (x & 0xFF);
    int hi = (r[n] >>> 16) + ((x >>> 16) & 0xFF);
    r[d] = (lo & 0xFFFF) | hi << 16;
  }

  // Saturation (Q flag) -------------------------------------------------------------------------

  /** SignedSatQ to {@code bits} bits (1..32), setting Q when it saturates. */
  private int signedSat(long value, int bits) {
    long max = (1L << (bits - 1)) - 1;
    long min = -(1L << (bits - 1));
    if (value > max) {
      q = true;
      return (int) max;
    }
    if (value < min) {
      q = true;
      return (int) min;
    }
    return (int) value;
  }

  /** UnsignedSatQ to {@code bits} bits (0..31), setting Q when it saturates. */
  private int unsignedSat(long value, int bits) {
    long max = (1L << bits) - 1;
    if (value > max) {
      q = true;
      return (int) max;
    }
    if (value < 0) {
      q = true;
      return 0;
    }
    return (int) value;
  }

  /** SSAT: saturate (Rn shifted LSL or ASR) to {@code saturateTo} bits (1..32). */
  public void ssat(int d, int saturateTo, int n, boolean asr, int amount) {
    int operand = asr ? r[n] >> (amount == 0 ? 31 : amount) : r[n] << amount;
    r[d] = signedSat(operand, saturateTo);
  }

  /** USAT: saturate (Rn shifted LSL or ASR) to {@code saturateTo} bits (0..31). */
  public void usat(int d, int saturateTo, int n, boolean asr, int amount) {
    int operand = asr ? r[n] >> (amount == 0 ? 31 : amount) : r[n] << amount;
    r[d] = unsignedSat(operand, saturateTo);
  }

  public void ssat16(int d, int saturateTo, int n) {
    int lo = signedSat((short) r[n], saturateTo);
    int hi = signedSat(r[n] >> 16, saturateTo);
    r[d] = (lo & 0xFFFF) | hi << 16;
  }

  public void usat16(int d, int saturateTo, int n) {
    int lo = unsignedSat((short) r[n], saturateTo);
    int hi = unsignedSat(r[n] >> 16, saturateTo);
    r[d] = (lo & 0xFFFF) | hi << 16;
  }

  /** QADD Rd, Rm, Rn: saturating Rm + Rn. */
  public void qadd(int d, int m, int n) {
    r[d] = signedSat((long) r[m] + r[n], 32);
  }

  public void qsub(int d, int m, int n) {
    r[d] = signedSat((long) r[m] - r[n], 32);
  }

  /** QDADD: Rm + saturate(2 * Rn), both steps saturating. */
  public void qdadd(int d, int m, int n) {
    int doubled = signedSat(2L * r[n], 32);
    r[d] = signedSat((long) r[m] + doubled, 32);
  }

  public void qdsub(int d, int m, int n) {
    int doubled = signedSat(2L * r[n], 32);
    r[d] = signedSat((long) r[m] - doubled, 32);
  }

  // DSP: parallel add/subtract, SEL, PKH, USAD8 ---------------------------------------------------

  /**
   * The parallel add/subtract family of the ARM ARM's A5.3.13 in one place: {@code op1} picks ADD16
   * (1), ASX (2), SAX (6), SUB16 (5), ADD8 (0), SUB8 (4); {@code kind} (hw2[6:4]) picks the signed
   * plain (0, S: GE), saturating (1, Q), halving (2, SH), and the unsigned ones (4 U: GE, 5 UQ, 6
   * UH).
   */
  public void parallel(int d, int n, int m, int op1, int kind) {
    int x = r[n];
    int y = r[m];
    boolean unsigned = (kind & 4) != 0;
    int mode = kind & 3;
    int result = 0;
    int geBits = 0;
    if (op1 == 0 || op1 == 4) {
      for (int lane = 0; lane < 4; lane++) {
        int shift = lane * 8;
        int a = unsigned ? (x >>> shift) & 0xFF : (byte) (x >>> shift);
        int b = unsigned ? (y >>> shift) & 0xFF : (byte) (y >>> shift);
        int sum = op1 == 0 ? a + b : a - b;
        result |= (laneResult(sum, 8, unsigned, mode) & 0xFF) << shift;
        if (laneGe(sum, 8, unsigned, op1 == 0)) {
          geBits |= 1 << lane;
        }
      }
    } else {
      int xLo = unsigned ? x & 0xFFFF : (short) x;
      int xHi = unsigned ? x >>> 16 : x >> 16;
      int yLo = unsigned ? y & 0xFFFF : (short) y;
      int yHi = unsigned ? y >>> 16 : y >> 16;
      int lo;
      int hi;
      boolean loAdd;
      boolean hiAdd;
      switch (op1) {
        case 1 -> {
          lo = xLo + yLo;
          hi = xHi + yHi;
          loAdd = true;
          hiAdd = true;
        }
        case 2 -> {
          lo = xLo - yHi;
          hi = xHi + yLo;
          loAdd = false;
          hiAdd = true;
        }
        case 6 -> {
          lo = xLo + yHi;
          hi = xHi - yLo;
          loAdd = true;
          hiAdd = false;
        }
        default -> {
          lo = xLo - yLo;
          hi = xHi - yHi;
          loAdd = false;
          hiAdd = false;
        }
      }
      result =
          (laneResult(lo, 16, unsigned, mode) & 0xFFFF) | laneResult(hi, 16, unsigned, mode) << 16;
      geBits =
          (laneGe(lo, 16, unsigned, loAdd) ? 3 : 0) | (laneGe(hi, 16, unsigned, hiAdd) ? 12 : 0);
    }
    if (mode == 0) {
      ge = geBits;
    }
    r[d] = result;
  }

  /** A lane's result: plain (wraps), saturating (mode 1) or halving (mode 2). */
  private static int laneResult(int value, int bits, boolean unsigned, int mode) {
    if (mode == 1) {
      int max = unsigned ? (1 << bits) - 1 : (1 << (bits - 1)) - 1;
      int min = unsigned ? 0 : -(1 << (bits - 1));
      return Math.max(min, Math.min(max, value));
    }
    if (mode == 2) {
      return value >> 1;
    }
    return value;
  }

  /**
   * GE of a plain lane: signed, result &gt;= 0; unsigned add, a carry out; unsigned subtract, no
   * borrow.
   */
  private static boolean laneGe(int value, int bits, boolean unsigned, boolean add) {
    if (!unsigned) {
      return value >= 0;
    }
    return add ? value >= (1 << bits) : value >= 0;
  }

  /** SEL: each byte from Rn where its GE bit is set, else from Rm. */
  public void sel(int d, int n, int m) {
    int mask = 0;
    for (int lane = 0; lane < 4; lane++) {
      if ((ge & (1 << lane)) != 0) {
        mask |= 0xFF << (lane * 8);
      }
    }
    r[d] = (r[n] & mask) | (r[m] & ~mask);
  }

  /** PKHBT (bottom of Rn, top of Rm LSL) and PKHTB (top of Rn, bottom of Rm ASR, #0 = #32). */
  public void pkh(int d, int n, int m, boolean tb, int imm5) {
    if (tb) {
      int operand = r[m] >> (imm5 == 0 ? 31 : imm5);
      r[d] = (r[n] & 0xFFFF0000) | (operand & 0xFFFF);
    } else {
      int operand = r[m] << imm5;
      r[d] = (operand & 0xFFFF0000) | (r[n] & 0xFFFF);
    }
  }

  public void usad8(int d, int n, int m) {
    r[d] = sad8(r[n], r[m]);
  }

  public void usada8(int d, int n, int m, int a) {
    r[d] = r[a] + sad8(r[n], r[m]);
  }

  private static int sad8(int x, int y) {
    int sum = 0;
    for (int shift = 0; shift < 32; shift += 8) {
      sum += Math.abs(((x >>> shift) & 0xFF) - ((y >>> shift) & 0xFF));
    }
    return sum;
  }

  // DSP: halfword multiplies --------------------------------------------------------------------

  private static int half(int value, boolean top) {
    return top ? value >> 16 : (short) value;
  }

  /** Adds with Q set on signed 32-bit overflow (the accumulating halfword multiplies). */
  private int addSetQ(int x, int y) {
    int sum = x + y;
    if (((x ^ sum) & (y ^ sum)) < 0) {
      q = true;
    }
    return sum;
  }

  public void smulxy(int d, int n, int m, boolean nTop, boolean mTop) {
    r[d] = half(r[n], nTop) * half(r[m], mTop);
  }

  public void smlaxy(int d, int n, int m, int a, boolean nTop, boolean mTop) {
    r[d] = addSetQ(half(r[n], nTop) * half(r[m], mTop), r[a]);
  }

  /** SMULW&lt;y&gt;: the top 32 bits of the 48-bit Rn * half(Rm). */
  public void smulwy(int d, int n, int m, boolean mTop) {
    r[d] = (int) (((long) r[n] * half(r[m], mTop)) >> 16);
  }

  public void smlawy(int d, int n, int m, int a, boolean mTop) {
    r[d] = addSetQ((int) (((long) r[n] * half(r[m], mTop)) >> 16), r[a]);
  }

  /** SMUAD{X}: the sum of the two halfword products (X swaps Rm's halves); Q on overflow. */
  public void smuad(int d, int n, int m, boolean exchange) {
    int y = exchange ? Integer.rotateRight(r[m], 16) : r[m];
    r[d] = addSetQ((short) r[n] * (short) y, (r[n] >> 16) * (y >> 16));
  }

  public void smlad(int d, int n, int m, int a, boolean exchange) {
    int y = exchange ? Integer.rotateRight(r[m], 16) : r[m];
    long sum = (long) ((short) r[n] * (short) y) + (long) (r[n] >> 16) * (y >> 16) + r[a];
    if (sum != (int) sum) {
      q = true;
    }
    r[d] = (int) sum;
  }

  /** SMUSD{X}: bottom product minus top product (cannot overflow). */
  public void smusd(int d, int n, int m, boolean exchange) {
    int y = exchange ? Integer.rotateRight(r[m], 16) : r[m];
    r[d] = (short) r[n] * (short) y - (r[n] >> 16) * (y >> 16);
  }

  public void smlsd(int d, int n, int m, int a, boolean exchange) {
    int y = exchange ? Integer.rotateRight(r[m], 16) : r[m];
    long sum = (long) ((short) r[n] * (short) y) - (long) (r[n] >> 16) * (y >> 16) + r[a];
    if (sum != (int) sum) {
      q = true;
    }
    r[d] = (int) sum;
  }

  /** SMMUL{R}: the top word of Rn * Rm, rounded when R. */
  public void smmul(int d, int n, int m, boolean round) {
    long product = (long) r[n] * r[m];
    r[d] = (int) ((product + (round ? 0x80000000L : 0)) >> 32);
  }

  public void smmla(int d, int n, int m, int a, boolean round) {
    long value = ((long) r[a] << 32) + (long) r[n] * r[m];
    r[d] = (int) ((value + (round ? 0x80000000L : 0)) >> 32);
  }

  public void smmls(int d, int n, int m, int a, boolean round) {
    long value = ((long) r[a] << 32) - (long) r[n] * r[m];
    r[d] = (int) ((value + (round ? 0x80000000L : 0)) >> 32);
  }

  public void smlalxy(int dLo, int dHi, int n, int m, boolean nTop, boolean mTop) {
    writeLong(dLo, dHi, pair(dLo, dHi) + (long) half(r[n], nTop) * half(r[m], mTop));
  }

  public void smlald(int dLo, int dHi, int n, int m, boolean exchange) {
    int y = exchange ? Integer.rotateRight(r[m], 16) : r[m];
    long products = (long) ((short) r[n] * (short) y) + (long) (r[n] >> 16) * (y >> 16);
    writeLong(dLo, dHi, pair(dLo, dHi) + products);
  }

  public void smlsld(int dLo, int dHi, int n, int m, boolean exchange) {
    int y = exchange ? Integer.rotateRight(r[m], 16) : r[m];
    long products = (long) ((short) r[n] * (short) y) - (long) (r[n] >> 16) * (y >> 16);
    writeLong(dLo, dHi, pair(dLo, dHi) + products);
  }

  // Misc ----------------------------------------------------------------------------------------

  /** DMB, DSB, ISB: nothing to order in this model. */
  public void barrier() {}

  /** NOP, YIELD, the unallocated hints and the preload hints PLD/PLI. */
  public void nop() {}

  public void svc(int imm) {
    exceptions.supervisorCall(imm);
  }

  public void bkpt(int imm) {
    exceptions.breakpoint(imm);
  }

  public void wfi() {
    exceptions.waitForInterrupt(false);
  }

  public void wfe() {
    exceptions.waitForInterrupt(true);
  }

  public void sev() {
    exceptions.sendEvent();
  }

  /** UDF and every 16-bit encoding the profile leaves undefined. */
  public void undefined(int encoding) {
    exceptions.trap(new Trap.Undefined(pc, encoding, false));
  }

  /** Coprocessor space: no coprocessor is present (UsageFault NOCP on ARMv7-M). */
  public void coprocessor(int number) {
    exceptions.trap(new Trap.NoCoprocessor(pc, number));
  }

  /** The PC is not in executable memory. */
  public void fetchFault() {
    exceptions.trap(new Trap.FetchError(pc));
  }

  /** The memory protection forbids executing at the PC. */
  public void executeViolation() {
    exceptions.trap(new Trap.InstructionAccessViolation(pc, isPrivileged()));
  }

  // ---------------------------------------------------------------------------------------------
  // Flags and registers

  /** AddWithCarry of the ARM ARM: sets N, Z, C, V and returns the sum. */
  public int addWithCarry(int x, int y, boolean carryIn) {
    long unsigned = Integer.toUnsignedLong(x) + Integer.toUnsignedLong(y) + (carryIn ? 1 : 0);
    int result = (int) unsigned;
    nz = result;
    c = (unsigned >>> 32) != 0;
    v = ((x ^ result) & (y ^ result)) < 0;
    return result;
  }

  /** Reads a register as an operand: R15 reads as the instruction address plus 4. */
  public int reg(int index) {
    return index == 15 ? pc + 4 : r[index];
  }

  /** ALU writes: SP keeps word alignment, PC branches (BranchWritePC). */
  private void writeRegister(int index, int value) {
    if (index == 15) {
      nextPc = value & ~1;
    } else if (index == 13) {
      r[13] = value & ~3;
    } else {
      r[index] = value;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Branches and IT

  public boolean conditionPassed(int cond) {
    boolean result =
        switch (cond >>> 1) {
          case 0 -> (int) nz == 0;
          case 1 -> c;
          case 2 -> nz < 0;
          case 3 -> v;
          case 4 -> c && (int) nz != 0;
          case 5 -> (nz < 0) == v;
          case 6 -> (nz < 0) == v && (int) nz != 0;
          default -> true;
        };
    return (cond & 1) != 0 && cond != 15 ? !result : result;
  }

  /** B: 16-bit and B.W. */
  public void b(int offset) {
    nextPc = pc + 4 + offset;
  }

  /** B&lt;c&gt;: 16-bit and B&lt;c&gt;.W. */
  public void branchIf(int cond, int offset) {
    if (conditionPassed(cond)) {
      nextPc = pc + 4 + offset;
    }
  }

  public void bl(int offset) {
    r[14] = (pc + 4) | 1;
    nextPc = pc + 4 + offset;
  }

  public void bx(int m) {
    bxWritePc(reg(m));
  }

  public void blx(int m) {
    int target = reg(m);
    r[14] = (pc + 2) | 1;
    interworkingBranch(target);
  }

  /** CBZ and CBNZ ({@code nonZero}): forward branch on Rn being zero or not. */
  public void cbz(int n, int offset, boolean nonZero) {
    if ((r[n] != 0) == nonZero) {
      nextPc = pc + 4 + offset;
    }
  }

  /** TBB: branch forward by twice the byte at Rn + Rm (Rn = PC reads +4). */
  public void tbb(int n, int m) {
    long entry = load8(reg(n) + r[m]);
    if (entry >= 0) {
      nextPc = pc + 4 + 2 * (int) entry;
    }
  }

  /** TBH: branch forward by twice the halfword at Rn + 2 * Rm. */
  public void tbh(int n, int m) {
    long entry = load16(reg(n) + (r[m] << 1));
    if (entry >= 0) {
      nextPc = pc + 4 + 2 * (int) entry;
    }
  }

  /** IT: the next one to four instructions are conditional ({@code bits} = firstcond:mask). */
  public void it(int bits) {
    setItState(bits);
  }

  /** BXWritePC: an EXC_RETURN in Handler mode returns from the exception. */
  private void bxWritePc(int target) {
    if (ipsr != 0 && (target >>> 28) == 0xF) {
      exceptions.exceptionReturn(target);
      return;
    }
    interworkingBranch(target);
  }

  private void interworkingBranch(int target) {
    nextPc = target & ~1;
    if ((target & 1) == 0) {
      events |= EVENT_INVALID_STATE;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Memory

  /**
   * Reads a word for an instruction; a negative result means it trapped. Unaligned addresses fault
   * on ARMv6-M and with CCR.UNALIGN_TRP; otherwise ARMv7-M reads them (LDR, LDRT).
   */
  public long load32(int address) {
    if ((address & 3) != 0 && strictAlignment) {
      exceptions.trap(new Trap.Unaligned(pc, address, 4, false));
      return -1;
    }
    return read32(address);
  }

  /** A word read that must be aligned whatever CCR says (LDM, POP, LDRD, LDREX). */
  public long load32Aligned(int address) {
    if ((address & 3) != 0) {
      exceptions.trap(new Trap.Unaligned(pc, address, 4, false));
      return -1;
    }
    return read32(address);
  }

  private long read32(int address) {
    if (protectionEnabled && !permitted(address, 4, MemoryProtection.Access.READ)) {
      return -1;
    }
    long value = bus.read32(address);
    if (value < 0) {
      exceptions.trap(new Trap.BusError(pc, address, false));
    }
    return value;
  }

  public long load16(int address) {
    if ((address & 1) != 0 && strictAlignment) {
      exceptions.trap(new Trap.Unaligned(pc, address, 2, false));
      return -1;
    }
    return read16(address);
  }

  /** A halfword read that must be aligned whatever CCR says (LDREXH, TBH is not one). */
  public long load16Aligned(int address) {
    if ((address & 1) != 0) {
      exceptions.trap(new Trap.Unaligned(pc, address, 2, false));
      return -1;
    }
    return read16(address);
  }

  private long read16(int address) {
    if (protectionEnabled && !permitted(address, 2, MemoryProtection.Access.READ)) {
      return -1;
    }
    long value = bus.read16(address);
    if (value < 0) {
      exceptions.trap(new Trap.BusError(pc, address, false));
    }
    return value;
  }

  public long load8(int address) {
    if (protectionEnabled && !permitted(address, 1, MemoryProtection.Access.READ)) {
      return -1;
    }
    long value = bus.read8(address);
    if (value < 0) {
      exceptions.trap(new Trap.BusError(pc, address, false));
    }
    return value;
  }

  public boolean store32(int address, int value) {
    if ((address & 3) != 0 && strictAlignment) {
      exceptions.trap(new Trap.Unaligned(pc, address, 4, true));
      return false;
    }
    return write32(address, value);
  }

  /** A word write that must be aligned whatever CCR says (STM, PUSH, STRD, STREX). */
  public boolean store32Aligned(int address, int value) {
    if ((address & 3) != 0) {
      exceptions.trap(new Trap.Unaligned(pc, address, 4, true));
      return false;
    }
    return write32(address, value);
  }

  private boolean write32(int address, int value) {
    if (protectionEnabled && !permitted(address, 4, MemoryProtection.Access.WRITE)) {
      return false;
    }
    if (!bus.write32(address, value)) {
      exceptions.trap(new Trap.BusError(pc, address, true));
      return false;
    }
    return true;
  }

  public boolean store16(int address, int value) {
    if ((address & 1) != 0 && strictAlignment) {
      exceptions.trap(new Trap.Unaligned(pc, address, 2, true));
      return false;
    }
    return write16(address, value);
  }

  /** A halfword write that must be aligned whatever CCR says (STREXH). */
  public boolean store16Aligned(int address, int value) {
    if ((address & 1) != 0) {
      exceptions.trap(new Trap.Unaligned(pc, address, 2, true));
      return false;
    }
    return write16(address, value);
  }

  private boolean write16(int address, int value) {
    if (protectionEnabled && !permitted(address, 2, MemoryProtection.Access.WRITE)) {
      return false;
    }
    if (!bus.write16(address, value)) {
      exceptions.trap(new Trap.BusError(pc, address, true));
      return false;
    }
    return true;
  }

  public boolean store8(int address, int value) {
    if (protectionEnabled && !permitted(address, 1, MemoryProtection.Access.WRITE)) {
      return false;
    }
    if (!bus.write8(address, value)) {
      exceptions.trap(new Trap.BusError(pc, address, true));
      return false;
    }
    return true;
  }

  /** Asks the memory protection; a denial traps. LDRT/STRT ask as unprivileged. */
  private boolean permitted(int address, int size, MemoryProtection.Access access) {
    boolean privileged = !unprivilegedAccess && isPrivileged();
    if (protection.allows(address, size, access, privileged)) {
      return true;
    }
    exceptions.trap(
        new Trap.DataAccessViolation(
            pc, address, size, access == MemoryProtection.Access.WRITE, privileged));
    return false;
  }

  // Loads and stores: one method per instruction for every encoding. The base is Rn, or
  // Align(PC, 4) for the literal forms (n = 15); {@code index} adds the offset before the access
  // (else after: post-indexed), {@code wback} writes base + offset back to Rn once the access
  // succeeded.

  private int base(int n) {
    return n == 15 ? (pc + 4) & ~3 : r[n];
  }

  /** LoadWritePC for LDR into PC; otherwise a plain register write. */
  private void writeLoaded(int t, int value) {
    if (t == 15) {
      bxWritePc(value);
    } else {
      r[t] = value;
    }
  }

  public void ldr(int t, int n, int offset, boolean index, boolean wback) {
    int base = base(n);
    long value = load32(index ? base + offset : base);
    if (value >= 0) {
      if (wback) {
        r[n] = base + offset;
      }
      writeLoaded(t, (int) value);
    }
  }

  public void ldrh(int t, int n, int offset, boolean index, boolean wback) {
    int base = base(n);
    long value = load16(index ? base + offset : base);
    if (value >= 0) {
      if (wback) {
        r[n] = base + offset;
      }
      r[t] = (int) value;
    }
  }

  public void ldrsh(int t, int n, int offset, boolean index, boolean wback) {
    int base = base(n);
    long value = load16(index ? base + offset : base);
    if (value >= 0) {
      if (wback) {
        r[n] = base + offset;
      }
      r[t] = (short) value;
    }
  }

  public void ldrb(int t, int n, int offset, boolean index, boolean wback) {
    int base = base(n);
    long value = load8(index ? base + offset : base);
    if (value >= 0) {
      if (wback) {
        r[n] = base + offset;
      }
      r[t] = (int) value;
    }
  }

  public void ldrsb(int t, int n, int offset, boolean index, boolean wback) {
    int base = base(n);
    long value = load8(index ? base + offset : base);
    if (value >= 0) {
      if (wback) {
        r[n] = base + offset;
      }
      r[t] = (byte) value;
    }
  }

  public void str(int t, int n, int offset, boolean index, boolean wback) {
    int base = r[n];
    if (store32(index ? base + offset : base, r[t]) && wback) {
      r[n] = base + offset;
    }
  }

  public void strh(int t, int n, int offset, boolean index, boolean wback) {
    int base = r[n];
    if (store16(index ? base + offset : base, r[t]) && wback) {
      r[n] = base + offset;
    }
  }

  public void strb(int t, int n, int offset, boolean index, boolean wback) {
    int base = r[n];
    if (store8(index ? base + offset : base, r[t]) && wback) {
      r[n] = base + offset;
    }
  }

  /** LDRT: LDR as if unprivileged (the memory protection decides). */
  public void ldrt(int t, int n, int imm) {
    unprivilegedAccess = true;
    ldr(t, n, imm, true, false);
    unprivilegedAccess = false;
  }

  public void ldrht(int t, int n, int imm) {
    unprivilegedAccess = true;
    ldrh(t, n, imm, true, false);
    unprivilegedAccess = false;
  }

  public void ldrsht(int t, int n, int imm) {
    unprivilegedAccess = true;
    ldrsh(t, n, imm, true, false);
    unprivilegedAccess = false;
  }

  public void ldrbt(int t, int n, int imm) {
    unprivilegedAccess = true;
    ldrb(t, n, imm, true, false);
    unprivilegedAccess = false;
  }

  public void ldrsbt(int t, int n, int imm) {
    unprivilegedAccess = true;
    ldrsb(t, n, imm, true, false);
    unprivilegedAccess = false;
  }

  public void strt(int t, int n, int imm) {
    unprivilegedAccess = true;
    str(t, n, imm, true, false);
    unprivilegedAccess = false;
  }

  public void strht(int t, int n, int imm) {
    unprivilegedAccess = true;
    strh(t, n, imm, true, false);
    unprivilegedAccess = false;
  }

  public void strbt(int t, int n, int imm) {
    unprivilegedAccess = true;
    strb(t, n, imm, true, false);
    unprivilegedAccess = false;
  }

  /** LDRD (immediate and literal): two words, word-aligned whatever CCR says. */
  public void ldrd(int t, int t2, int n, int offset, boolean index, boolean wback) {
    int base = base(n);
    int address = index ? base + offset : base;
    long first = load32Aligned(address);
    if (first < 0) {
      return;
    }
    long second = load32Aligned(address + 4);
    if (second < 0) {
      return;
    }
    if (wback) {
      r[n] = base + offset;
    }
    r[t] = (int) first;
    r[t2] = (int) second;
  }

  public void strd(int t, int t2, int n, int offset, boolean index, boolean wback) {
    int base = r[n];
    int address = index ? base + offset : base;
    if (store32Aligned(address, r[t]) && store32Aligned(address + 4, r[t2]) && wback) {
      r[n] = base + offset;
    }
  }

  // Exclusives: a local monitor only (one core). LDREX marks the address; STREX stores and
  // returns 0 when the monitor is still Exclusive for that address, else returns 1 without storing.
  // Either way the monitor opens. Exclusives are always alignment-checked.

  public void ldrex(int t, int n, int imm) {
    int address = r[n] + imm;
    long value = load32Aligned(address);
    if (value >= 0) {
      markExclusive(address);
      r[t] = (int) value;
    }
  }

  public void ldrexh(int t, int n) {
    int address = r[n];
    long value = load16Aligned(address);
    if (value >= 0) {
      markExclusive(address);
      r[t] = (int) value;
    }
  }

  public void ldrexb(int t, int n) {
    int address = r[n];
    long value = load8(address);
    if (value >= 0) {
      markExclusive(address);
      r[t] = (int) value;
    }
  }

  private void markExclusive(int address) {
    exclusiveValid = true;
    exclusiveAddress = address;
  }

  private boolean exclusivePasses(int address) {
    boolean pass = exclusiveValid && exclusiveAddress == address;
    exclusiveValid = false;
    return pass;
  }

  public void strex(int d, int t, int n, int imm) {
    int address = r[n] + imm;
    if ((address & 3) != 0) {
      exceptions.trap(new Trap.Unaligned(pc, address, 4, true));
      return;
    }
    if (!exclusivePasses(address)) {
      r[d] = 1;
    } else if (store32Aligned(address, r[t])) {
      r[d] = 0;
    }
  }

  public void strexh(int d, int t, int n) {
    int address = r[n];
    if ((address & 1) != 0) {
      exceptions.trap(new Trap.Unaligned(pc, address, 2, true));
      return;
    }
    if (!exclusivePasses(address)) {
      r[d] = 1;
    } else if (store16Aligned(address, r[t])) {
      r[d] = 0;
    }
  }

  public void strexb(int d, int t, int n) {
    int address = r[n];
    if (!exclusivePasses(address)) {
      r[d] = 1;
    } else if (store8(address, r[t])) {
      r[d] = 0;
    }
  }

  /** CLREX: ClearExclusiveLocal. */
  public void clrex() {
    exclusiveValid = false;
  }

  // Multiple: registers change only once every access succeeded, so a fault leaves the state as it
  // was. Bit 15 of a load's list is PC (loaded as by BX); bit 13 never appears.

  /** LDM/LDMIA/POP (16-bit, with bit 8 moved to bit 15) and LDM.W/POP.W. */
  public void ldmia(int n, int list, boolean wback) {
    int start = r[n];
    if (loadMultiple(start, list)) {
      finishLoadMultiple(n, list, wback, start + 4 * Integer.bitCount(list));
    }
  }

  public void ldmdb(int n, int list, boolean wback) {
    int start = r[n] - 4 * Integer.bitCount(list);
    if (loadMultiple(start, list)) {
      finishLoadMultiple(n, list, wback, start);
    }
  }

  private boolean loadMultiple(int address, int list) {
    int[] values = scratch;
    int a = address;
    for (int i = 0; i < 16; i++) {
      if ((list & (1 << i)) != 0) {
        long value = load32Aligned(a);
        if (value < 0) {
          return false;
        }
        values[i] = (int) value;
        a += 4;
      }
    }
    return true;
  }

  private void finishLoadMultiple(int n, int list, boolean wback, int writeback) {
    if (wback) {
      r[n] = writeback;
    }
    int[] values = scratch;
    for (int i = 0; i < 15; i++) {
      if ((list & (1 << i)) != 0) {
        r[i] = values[i];
      }
    }
    if ((list & 0x8000) != 0) {
      bxWritePc(values[15]);
    }
  }

  /** STM/STMIA (16-bit) and STM.W. */
  public void stmia(int n, int list, boolean wback) {
    int start = r[n];
    if (storeMultiple(start, list) && wback) {
      r[n] = start + 4 * Integer.bitCount(list);
    }
  }

  /** STMDB: PUSH (16-bit, with bit 8 moved to bit 14), PUSH.W and STMDB. */
  public void stmdb(int n, int list, boolean wback) {
    int start = r[n] - 4 * Integer.bitCount(list);
    if (storeMultiple(start, list) && wback) {
      r[n] = start;
    }
  }

  private boolean storeMultiple(int address, int list) {
    int a = address;
    for (int i = 0; i < 16; i++) {
      if ((list & (1 << i)) != 0) {
        if (!store32Aligned(a, i == 15 ? pc + 4 : r[i])) {
          return false;
        }
        a += 4;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // System

  /** Handler mode, or Thread mode with CONTROL.nPRIV clear. */
  public boolean isPrivileged() {
    return ipsr != 0 || (control & 1) == 0;
  }

  /**
   * CPS: CPSID/CPSIE for PRIMASK ({@code affectI}) and, on ARMv7-M, FAULTMASK ({@code affectF});
   * ignored unprivileged. Setting FAULTMASK needs ExecutionPriority() above -1.
   */
  public void cps(boolean disable, boolean affectI, boolean affectF) {
    if (!isPrivileged()) {
      return;
    }
    if (affectI) {
      primask = disable;
    }
    if (affectF && (!disable || exceptions.executionPriority() > -1)) {
      faultmask = disable;
    }
    events |= EVENT_EXCEPTION;
  }

  /**
   * MSR: APSR ({@code mask} bit 1: N, Z, C, V and Q; bit 0: GE with the DSP extension), and when
   * privileged MSP, PSP, PRIMASK, BASEPRI, BASEPRI_MAX, FAULTMASK and CONTROL.
   */
  public void msr(int rn, int sysm, int mask) {
    int value = r[rn];
    if (sysm <= 3) {
      if ((mask & 2) != 0) {
        nz = nzOf(value < 0, (value & (1 << 30)) != 0);
        c = (value & (1 << 29)) != 0;
        v = (value & (1 << 28)) != 0;
        if (profile.thumb2()) {
          q = (value & (1 << 27)) != 0;
        }
      }
      if ((mask & 1) != 0 && profile.dsp()) {
        ge = (value >>> 16) & 15;
      }
      return;
    }
    if (!isPrivileged()) {
      return;
    }
    switch (sysm) {
      case SYSM_MSP -> setMsp(value);
      case SYSM_PSP -> setPsp(value);
      case SYSM_PRIMASK -> {
        primask = (value & 1) != 0;
        events |= EVENT_EXCEPTION;
      }
      case SYSM_BASEPRI -> {
        if (profile.thumb2()) {
          setBasepri(value);
        }
      }
      case SYSM_BASEPRI_MAX -> {
        int requested = value & basepriMask;
        if (profile.thumb2() && requested != 0 && (basepri == 0 || requested < basepri)) {
          setBasepri(requested);
        }
      }
      case SYSM_FAULTMASK -> {
        if (profile.thumb2() && ((value & 1) == 0 || exceptions.executionPriority() > -1)) {
          setFaultmask((value & 1) != 0);
        }
      }
      case SYSM_CONTROL -> {
        int spsel = ipsr == 0 ? value & 2 : control & 2;
        control = (value & 1) | spsel;
        selectStack(ipsr == 0 && spsel != 0);
        refetchChecks();
      }
      default -> {}
    }
  }

  /** MRS: EPSR reads as zero; MSP and PSP read as zero unprivileged. */
  public void mrs(int rd, int sysm) {
    int value =
        switch (sysm) {
          case 0, 2 -> apsr();
          case 1, 3 -> apsr() | ipsr;
          case 5, 7 -> ipsr;
          case SYSM_MSP -> isPrivileged() ? msp() : 0;
          case SYSM_PSP -> isPrivileged() ? psp() : 0;
          case SYSM_PRIMASK -> primask ? 1 : 0;
          case SYSM_BASEPRI, SYSM_BASEPRI_MAX -> basepri;
          case SYSM_FAULTMASK -> faultmask ? 1 : 0;
          case SYSM_CONTROL -> control;
          default -> 0;
        };
    if (rd != 13 && rd != 15) {
      r[rd] = value;
    }
  }

  private void undefinedWide() {
    long hw1 = bus.read16(pc);
    long hw2 = bus.read16(pc + 2);
    exceptions.trap(new Trap.Undefined(pc, (int) (hw1 << 16 | (hw2 & 0xFFFF)), true));
  }

  private void debugBreak() {
    if (pc == stepOverAddress && cycles == stepOverCycle) {
      stepOverAddress = -1;
      int real = decodeIgnoringBreakpoints(pc);
      nextPc = pc + ThumbOps.length(real);
      if (itState == 0 || conditionPassed(itState >>> 4) || ThumbOps.id(real) == ThumbOps.BKPT) {
        execute(real);
      }
      return;
    }
    // Stopped before the instruction: it has not run, so ITSTATE must not advance either.
    itWritten = true;
    nextPc = pc;
    cycles--;
    events |= EVENT_STOP;
    breakpointHit = true;
  }

  /** True once after the core stopped on a debugger breakpoint. */
  public boolean takeBreakpointHit() {
    boolean hit = breakpointHit;
    breakpointHit = false;
    return hit;
  }

  // ---------------------------------------------------------------------------------------------
  // State access (debugger, exception model)

  public int pc() {
    return pc;
  }

  /** Sets the address of the next instruction (between instructions) . */
  public void setPc(int address) {
    pc = address & ~1;
  }

  /** Redirects the instruction in progress (used by exception entry and return). */
  public void setNextPc(int address) {
    nextPc = address & ~1;
  }

  public int nextPc() {
    return nextPc;
  }

  public int register(int index) {
    return index == 15 ? pc : r[index];
  }

  public void setRegister(int index, int value) {
    if (index == 15) {
      pc = value & ~1;
    } else if (index == 13) {
      r[13] = value & ~3;
    } else {
      r[index] = value;
    }
  }

  /** APSR: N, Z, C, V, Q (bit 27) and GE[3:0] (bits 19:16). */
  public int apsr() {
    return (flagN() ? 1 << 31 : 0)
        | (flagZ() ? 1 << 30 : 0)
        | (c ? 1 << 29 : 0)
        | (v ? 1 << 28 : 0)
        | (q ? 1 << 27 : 0)
        | ge << 16;
  }

  /**
   * xPSR as stacked on exception entry: APSR, EPSR (T, IT[1:0] at 26:25, IT[7:2] at 15:10), IPSR.
   */
  public int xpsr() {
    return apsr() | (itState & 3) << 25 | (itState >>> 2) << 10 | (thumb ? 1 << 24 : 0) | ipsr;
  }

  /**
   * Writes the flags, T, ITSTATE and the exception number from an xPSR value (exception return,
   * debugger); what the profile lacks (Q, GE, IT on ARMv6-M; GE on ARMv7-M) stays zero. Clears the
   * local exclusive monitor, as exception return does.
   */
  public void setXpsr(int value) {
    nz = nzOf(value < 0, (value & (1 << 30)) != 0);
    c = (value & (1 << 29)) != 0;
    v = (value & (1 << 28)) != 0;
    q = profile.thumb2() && (value & (1 << 27)) != 0;
    ge = profile.dsp() ? (value >>> 16) & 15 : 0;
    setItState(profile.thumb2() ? ((value >>> 25) & 3) | ((value >>> 8) & 0xFC) : 0);
    thumb = (value & (1 << 24)) != 0;
    ipsr = value & 0x1FF;
    exclusiveValid = false;
    refetchChecks();
    if (!thumb) {
      events |= EVENT_INVALID_STATE;
    }
  }

  /**
   * Exception entry, after stacking: IPSR becomes {@code exceptionNumber}, ITSTATE is cleared, the
   * local exclusive monitor is cleared and the stack becomes the MSP. The exception model calls
   * this rather than {@link #setIpsr} when it enters a handler (the stacked {@link #xpsr} keeps the
   * IT state of the interrupted instruction).
   */
  public void exceptionEntry(int exceptionNumber) {
    setItState(0);
    exclusiveValid = false;
    control &= ~2;
    setIpsr(exceptionNumber);
  }

  /** EPSR.IT[7:0]. */
  public int itState() {
    return itState;
  }

  /**
   * Sets EPSR.IT[7:0] (zero ends the IT block). An instruction in progress does not advance the new
   * value: it belongs to the next instruction.
   */
  public void setItState(int value) {
    itState = value & 0xFF;
    itWritten = true;
  }

  public boolean flagQ() {
    return q;
  }

  /** APSR.GE[3:0]. */
  public int ge() {
    return ge;
  }

  /** The lazy N/Z value for explicit flags (N and Z both set is a negative long, low word 0). */
  private static long nzOf(boolean n, boolean z) {
    if (n) {
      return z ? Long.MIN_VALUE : -1L;
    }
    return z ? 0 : 1;
  }

  public boolean flagN() {
    return nz < 0;
  }

  public boolean flagZ() {
    return (int) nz == 0;
  }

  public boolean flagC() {
    return c;
  }

  public boolean flagV() {
    return v;
  }

  public void setFlags(boolean n, boolean z, boolean c, boolean v) {
    this.nz = nzOf(n, z);
    this.c = c;
    this.v = v;
  }

  public int ipsr() {
    return ipsr;
  }

  /** Sets IPSR (exception return; entry uses {@link #exceptionEntry}). */
  public void setIpsr(int exceptionNumber) {
    ipsr = exceptionNumber;
    selectStack(ipsr == 0 && (control & 2) != 0);
    refetchChecks();
  }

  public boolean primask() {
    return primask;
  }

  public void setPrimask(boolean value) {
    primask = value;
    events |= EVENT_EXCEPTION;
  }

  /** FAULTMASK (ARMv7-M): execution priority -1 when set. */
  public boolean faultmask() {
    return faultmask;
  }

  /** Sets FAULTMASK (debugger, or clearing it on exception return from anything but NMI). */
  public void setFaultmask(boolean value) {
    faultmask = value;
    events |= EVENT_EXCEPTION;
  }

  /** BASEPRI (ARMv7-M): 0 masks nothing, otherwise the priority at and below which is masked. */
  public int basepri() {
    return basepri;
  }

  /** Sets BASEPRI, keeping only the implemented priority bits. */
  public void setBasepri(int value) {
    basepri = value & basepriMask;
    events |= EVENT_EXCEPTION;
  }

  /**
   * The implemented bits of an 8-bit priority (e.g. 0xE0 for three priority bits, the default 0xFF
   * for eight): BASEPRI keeps only these.
   */
  public void setPriorityBitsMask(int mask) {
    basepriMask = mask & 0xFF;
    basepri &= basepriMask;
  }

  /** CCR.DIV_0_TRP: SDIV/UDIV by zero trap ({@link Trap.DivideByZero}) instead of giving 0. */
  public void setTrapDivideByZero(boolean value) {
    trapDivideByZero = value;
  }

  public boolean trapDivideByZero() {
    return trapDivideByZero;
  }

  /**
   * CCR.UNALIGN_TRP: unaligned LDR/STR/LDRH/STRH (and their T forms) trap ({@link Trap.Unaligned})
   * instead of being carried out. Always on for ARMv6-M.
   */
  public void setTrapUnaligned(boolean value) {
    trapUnaligned = value;
    strictAlignment = value || !profile.thumb2();
  }

  public boolean trapUnaligned() {
    return trapUnaligned;
  }

  /** Installs the memory protection hook; it is consulted once {@link #setProtectionEnabled}. */
  public void setMemoryProtection(MemoryProtection hook) {
    protection = hook;
    refetchChecks();
  }

  /**
   * Whether the memory protection is consulted at all. Call it after every change of the MPU
   * configuration too (with the same value): the core then checks the next fetch again.
   */
  public void setProtectionEnabled(boolean enabled) {
    protectionEnabled = enabled;
    codeWindow = 0;
  }

  public boolean protectionEnabled() {
    return protectionEnabled;
  }

  /** ClearExclusiveLocal: the next STREX fails (CLREX, exception entry and return). */
  public void clearExclusiveMonitor() {
    exclusiveValid = false;
  }

  public int control() {
    return control;
  }

  /** Writes CONTROL as a debugger would: both bits, switching stacks in Thread mode. */
  public void setControl(int value) {
    control = value & 3;
    selectStack(ipsr == 0 && (control & 2) != 0);
    refetchChecks();
  }

  public int msp() {
    return onProcessStack ? otherSp : r[13];
  }

  public int psp() {
    return onProcessStack ? r[13] : otherSp;
  }

  public void setMsp(int value) {
    if (onProcessStack) {
      otherSp = value & ~3;
    } else {
      r[13] = value & ~3;
    }
  }

  public void setPsp(int value) {
    if (onProcessStack) {
      r[13] = value & ~3;
    } else {
      otherSp = value & ~3;
    }
  }

  private void selectStack(boolean process) {
    if (process != onProcessStack) {
      int sp = r[13];
      r[13] = otherSp;
      otherSp = sp;
      onProcessStack = process;
    }
  }

  public long cycles() {
    return cycles;
  }

  /** Adds cycles spent without executing (sleeping in WFI). */
  public void addIdleCycles(long idle) {
    cycles += idle;
  }

  /** Resets registers to their architectural reset values (SP and PC are loaded by the caller). */
  public void resetState() {
    java.util.Arrays.fill(r, 0);
    nz = 1;
    c = v = false;
    thumb = true;
    ipsr = 0;
    primask = false;
    faultmask = false;
    basepri = 0;
    q = false;
    ge = 0;
    itState = 0;
    exclusiveValid = false;
    control = 0;
    onProcessStack = false;
    otherSp = 0;
    events = 0;
    r[14] = 0xFFFFFFFF;
  }

  /** Debugger breakpoints; the decode caches of every RAM are cleared by the caller. */
  public void setBreakpoints(int[] addresses) {
    breakpoints = addresses.clone();
    codeCache = new int[0];
    codeWindow = 0;
    codeBase = 0;
  }

  /** Lets the next instruction run even if a breakpoint sits on it (resuming from it). */
  public void stepOverBreakpointAt(int address) {
    stepOverAddress = address;
    stepOverCycle = cycles;
  }

  /** An exception model that ignores everything but traps and stops: for bare instruction tests. */
  private final class NoExceptions implements ExceptionModel {
    @Override
    public void trap(Trap trap) {
      events |= EVENT_STOP;
    }

    @Override
    public void supervisorCall(int imm) {}

    @Override
    public void breakpoint(int imm) {
      events |= EVENT_STOP;
    }

    @Override
    public void exceptionReturn(int excReturn) {}

    @Override
    public void serviceEvents() {}

    @Override
    public void waitForInterrupt(boolean forEvent) {}

    @Override
    public void sendEvent() {}
  }
}
