package io.hilt.sim.thumb;

import static io.hilt.sim.thumb.ThumbFields.*;

import io.hilt.sim.bus.Bus;
import io.hilt.sim.bus.RamRegion;
import java.util.Optional;

/**
 * An ARMv6-M Thumb core: registers, flags, the M-profile special registers, one method per
 * instruction, and an interpreter loop over a decode cache.
 *
 * <p>Instruction methods are public and independent of the loop, so a translator can call them from
 * generated code. They never throw: faults go to the {@link ExceptionModel} as {@link Trap} values
 * before any register changes. The loop allocates nothing.
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
  private final int[] scratch = new int[8];

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
      nextPc = pc + 2;
      execute(op);
      pc = nextPc;
      cycles++;
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
    return ThumbDecoder.decode((int) hw1, (int) hw2);
  }

  /**
   * Runs one decoded op; {@code pc} is its address and {@code nextPc} is {@code pc + 2}. Each case
   * is one call of the instruction's method with the fields of the encoding, so a block translator
   * can emit the same calls with constant operands.
   */
  public void execute(int op) {
    int f = op >>> 8;
    switch (op & 0xFF) {
      case ThumbOps.MOVS_REG -> movsReg(rd(f), rn(f));
      case ThumbOps.LSLS_IMM -> lslsImm(rd(f), rn(f), imm5(f));
      case ThumbOps.LSRS_IMM -> lsrsImm(rd(f), rn(f), imm5(f));
      case ThumbOps.ASRS_IMM -> asrsImm(rd(f), rn(f), imm5(f));
      case ThumbOps.ADDS_REG -> addsReg(rd(f), rn(f), rm(f));
      case ThumbOps.SUBS_REG -> subsReg(rd(f), rn(f), rm(f));
      case ThumbOps.ADDS_IMM3 -> addsImm(rd(f), rn(f), rm(f));
      case ThumbOps.SUBS_IMM3 -> subsImm(rd(f), rn(f), rm(f));
      case ThumbOps.MOVS_IMM -> movsImm(r8(f), imm8(f));
      case ThumbOps.CMP_IMM -> cmpImm(r8(f), imm8(f));
      case ThumbOps.ADDS_IMM8 -> addsImm(r8(f), r8(f), imm8(f));
      case ThumbOps.SUBS_IMM8 -> subsImm(r8(f), r8(f), imm8(f));
      case ThumbOps.ANDS -> ands(rd(f), rn(f));
      case ThumbOps.EORS -> eors(rd(f), rn(f));
      case ThumbOps.LSLS_REG -> lslsReg(rd(f), rn(f));
      case ThumbOps.LSRS_REG -> lsrsReg(rd(f), rn(f));
      case ThumbOps.ASRS_REG -> asrsReg(rd(f), rn(f));
      case ThumbOps.ADCS -> adcs(rd(f), rn(f));
      case ThumbOps.SBCS -> sbcs(rd(f), rn(f));
      case ThumbOps.RORS -> rorsReg(rd(f), rn(f));
      case ThumbOps.TST -> tst(rd(f), rn(f));
      case ThumbOps.RSBS -> rsbs(rd(f), rn(f));
      case ThumbOps.CMP_REG -> cmpReg(rd(f), rn(f));
      case ThumbOps.CMN -> cmn(rd(f), rn(f));
      case ThumbOps.ORRS -> orrs(rd(f), rn(f));
      case ThumbOps.MULS -> muls(rd(f), rn(f));
      case ThumbOps.BICS -> bics(rd(f), rn(f));
      case ThumbOps.MVNS -> mvns(rd(f), rn(f));
      case ThumbOps.ADD_HI -> addHigh(dn(f), rm4(f));
      case ThumbOps.CMP_HI -> cmpReg(dn(f), rm4(f));
      case ThumbOps.MOV_HI -> movHigh(dn(f), rm4(f));
      case ThumbOps.BX -> bx(rm4(f));
      case ThumbOps.BLX -> blx(rm4(f));
      case ThumbOps.LDR_LIT -> ldrLiteral(r8(f), imm8(f) << 2);
      case ThumbOps.STR_REG -> str(rd(f), r[rn(f)] + r[rm(f)]);
      case ThumbOps.STRH_REG -> strh(rd(f), r[rn(f)] + r[rm(f)]);
      case ThumbOps.STRB_REG -> strb(rd(f), r[rn(f)] + r[rm(f)]);
      case ThumbOps.LDRSB_REG -> ldrsb(rd(f), r[rn(f)] + r[rm(f)]);
      case ThumbOps.LDR_REG -> ldr(rd(f), r[rn(f)] + r[rm(f)]);
      case ThumbOps.LDRH_REG -> ldrh(rd(f), r[rn(f)] + r[rm(f)]);
      case ThumbOps.LDRB_REG -> ldrb(rd(f), r[rn(f)] + r[rm(f)]);
      case ThumbOps.LDRSH_REG -> ldrsh(rd(f), r[rn(f)] + r[rm(f)]);
      case ThumbOps.STR_IMM -> str(rd(f), r[rn(f)] + (imm5(f) << 2));
      case ThumbOps.LDR_IMM -> ldr(rd(f), r[rn(f)] + (imm5(f) << 2));
      case ThumbOps.STRB_IMM -> strb(rd(f), r[rn(f)] + imm5(f));
      case ThumbOps.LDRB_IMM -> ldrb(rd(f), r[rn(f)] + imm5(f));
      case ThumbOps.STRH_IMM -> strh(rd(f), r[rn(f)] + (imm5(f) << 1));
      case ThumbOps.LDRH_IMM -> ldrh(rd(f), r[rn(f)] + (imm5(f) << 1));
      case ThumbOps.STR_SP -> str(r8(f), r[13] + (imm8(f) << 2));
      case ThumbOps.LDR_SP -> ldr(r8(f), r[13] + (imm8(f) << 2));
      case ThumbOps.ADR -> adr(r8(f), imm8(f) << 2);
      case ThumbOps.ADD_RD_SP -> addSpImm(r8(f), imm8(f) << 2);
      case ThumbOps.ADD_SP_IMM -> adjustSp(imm7(f) << 2);
      case ThumbOps.SUB_SP_IMM -> adjustSp(-(imm7(f) << 2));
      case ThumbOps.SXTH -> sxth(rd(f), rn(f));
      case ThumbOps.SXTB -> sxtb(rd(f), rn(f));
      case ThumbOps.UXTH -> uxth(rd(f), rn(f));
      case ThumbOps.UXTB -> uxtb(rd(f), rn(f));
      case ThumbOps.PUSH -> push(registerList(f));
      case ThumbOps.CPS -> cps((f & 0x10) != 0, (f & 2) != 0, (f & 1) != 0);
      case ThumbOps.REV -> rev(rd(f), rn(f));
      case ThumbOps.REV16 -> rev16(rd(f), rn(f));
      case ThumbOps.REVSH -> revsh(rd(f), rn(f));
      case ThumbOps.POP -> pop(registerList(f));
      case ThumbOps.BKPT -> bkpt(imm8(f));
      case ThumbOps.NOP -> nop();
      case ThumbOps.WFE -> wfe();
      case ThumbOps.WFI -> wfi();
      case ThumbOps.SEV -> sev();
      case ThumbOps.STM -> stm(r8(f), imm8(f));
      case ThumbOps.LDM -> ldm(r8(f), imm8(f));
      case ThumbOps.B_COND -> branchIf(cond(f), branchOffset8(f));
      case ThumbOps.SVC -> svc(imm8(f));
      case ThumbOps.B -> b(branchOffset11(f));
      case ThumbOps.BL -> bl(blOffsetFromPayload(f));
      case ThumbOps.MSR -> {
        nextPc = pc + 4;
        msr(sysReg(f), sysm(f), msrMask(f));
      }
      case ThumbOps.MRS -> {
        nextPc = pc + 4;
        mrs(sysReg(f), sysm(f));
      }
      case ThumbOps.DMB, ThumbOps.DSB, ThumbOps.ISB -> barrier();
      case ThumbOps.UDF, ThumbOps.UNDEFINED -> undefined(f);
      case ThumbOps.UDF_W, ThumbOps.UNDEFINED_W -> undefinedWide();
      case ThumbOps.DEBUG_BREAK -> debugBreak();
      case ThumbOps.FETCH_FAULT -> fetchFault();
      case ThumbOps.EXECUTE_VIOLATION -> executeViolation();
      default -> throw new IllegalStateException("simulator bug: no handler for op " + op);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Instructions: one method each, reached by every encoding of the instruction

  /** ADDS (register). */
  public void addsReg(int d, int n, int m) {
    r[d] = addWithCarry(r[n], r[m], false);
  }

  /** SUBS (register). */
  public void subsReg(int d, int n, int m) {
    r[d] = addWithCarry(r[n], ~r[m], true);
  }

  /** ADDS (immediate): the imm3 and imm8 encodings. */
  public void addsImm(int d, int n, int imm) {
    r[d] = addWithCarry(r[n], imm, false);
  }

  /** SUBS (immediate): the imm3 and imm8 encodings. */
  public void subsImm(int d, int n, int imm) {
    r[d] = addWithCarry(r[n], ~imm, true);
  }

  public void cmpImm(int n, int imm) {
    addWithCarry(r[n], ~imm, true);
  }

  /** CMP (register): the low and the high-register encodings. */
  public void cmpReg(int n, int m) {
    addWithCarry(reg(n), ~reg(m), true);
  }

  public void cmn(int n, int m) {
    addWithCarry(r[n], r[m], false);
  }

  public void adcs(int dn, int m) {
    r[dn] = addWithCarry(r[dn], r[m], c);
  }

  public void sbcs(int dn, int m) {
    r[dn] = addWithCarry(r[dn], ~r[m], c);
  }

  /** RSBS Rd, Rn, #0 (NEGS). */
  public void rsbs(int d, int n) {
    r[d] = addWithCarry(~r[n], 0, true);
  }

  public void ands(int dn, int m) {
    r[dn] = logical(r[dn] & r[m]);
  }

  public void eors(int dn, int m) {
    r[dn] = logical(r[dn] ^ r[m]);
  }

  public void orrs(int dn, int m) {
    r[dn] = logical(r[dn] | r[m]);
  }

  public void bics(int dn, int m) {
    r[dn] = logical(r[dn] & ~r[m]);
  }

  public void mvns(int d, int m) {
    r[d] = logical(~r[m]);
  }

  public void tst(int n, int m) {
    logical(r[n] & r[m]);
  }

  /** MULS Rdm, Rn, Rdm: N and Z from the low 32 bits; C and V unchanged on ARMv6-M. */
  public void muls(int dm, int n) {
    r[dm] = logical(r[dm] * r[n]);
  }

  public void sxth(int d, int m) {
    r[d] = (short) r[m];
  }

  public void sxtb(int d, int m) {
    r[d] = (byte) r[m];
  }

  public void uxth(int d, int m) {
    r[d] = r[m] & 0xFFFF;
  }

  public void uxtb(int d, int m) {
    r[d] = r[m] & 0xFF;
  }

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

  /** ADR: Align(PC, 4) + imm. */
  public void adr(int d, int imm) {
    r[d] = ((pc + 4) & ~3) + imm;
  }

  /** ADD Rd, SP, #imm. */
  public void addSpImm(int d, int imm) {
    r[d] = r[13] + imm;
  }

  /** ADD SP, SP, #imm and SUB SP, SP, #imm. */
  public void adjustSp(int delta) {
    r[13] += delta;
  }

  /** LDR (literal): from Align(PC, 4) + imm. */
  public void ldrLiteral(int t, int imm) {
    ldr(t, ((pc + 4) & ~3) + imm);
  }

  public void b(int offset) {
    nextPc = pc + 4 + offset;
  }

  /** DMB, DSB, ISB: nothing to order in this model; 32-bit encodings. */
  public void barrier() {
    nextPc = pc + 4;
  }

  /** NOP, YIELD and the unallocated hints. */
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

  /** UDF and every 16-bit encoding ARMv6-M leaves undefined. */
  public void undefined(int encoding) {
    exceptions.trap(new Trap.Undefined(pc, encoding, false));
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
  // Flags and arithmetic

  /** AddWithCarry of the ARM ARM: sets N, Z, C, V and returns the sum. */
  public int addWithCarry(int x, int y, boolean carryIn) {
    long unsigned = Integer.toUnsignedLong(x) + Integer.toUnsignedLong(y) + (carryIn ? 1 : 0);
    int result = (int) unsigned;
    nz = result;
    c = (unsigned >>> 32) != 0;
    v = ((x ^ result) & (y ^ result)) < 0;
    return result;
  }

  /** Sets N and Z from a result, leaving C and V. */
  public int logical(int result) {
    nz = result;
    return result;
  }

  public void movsReg(int d, int m) {
    r[d] = logical(r[m]);
  }

  public void movsImm(int d, int imm) {
    r[d] = logical(imm);
  }

  public void lslsImm(int d, int m, int shift) {
    int value = r[m];
    c = ((value >>> (32 - shift)) & 1) != 0;
    r[d] = logical(value << shift);
  }

  /** LSRS #imm: an imm5 of 0 means 32. */
  public void lsrsImm(int d, int m, int imm5) {
    int shift = imm5 == 0 ? 32 : imm5;
    r[d] = logical(shiftRight(r[m], shift, false));
  }

  /** ASRS #imm: an imm5 of 0 means 32. */
  public void asrsImm(int d, int m, int imm5) {
    int shift = imm5 == 0 ? 32 : imm5;
    r[d] = logical(shiftRight(r[m], shift, true));
  }

  private int shiftRight(int value, int shift, boolean arithmetic) {
    if (shift < 32) {
      c = ((value >>> (shift - 1)) & 1) != 0;
      return arithmetic ? value >> shift : value >>> shift;
    }
    if (arithmetic) {
      c = value < 0;
      return value >> 31;
    }
    c = shift == 32 && value < 0;
    return 0;
  }

  public void lslsReg(int dn, int m) {
    int shift = r[m] & 0xFF;
    int value = r[dn];
    if (shift == 0) {
      logical(value);
      return;
    }
    if (shift < 32) {
      c = ((value >>> (32 - shift)) & 1) != 0;
      r[dn] = logical(value << shift);
    } else {
      c = shift == 32 && (value & 1) != 0;
      r[dn] = logical(0);
    }
  }

  public void lsrsReg(int dn, int m) {
    int shift = r[m] & 0xFF;
    if (shift == 0) {
      logical(r[dn]);
      return;
    }
    r[dn] = logical(shiftRight(r[dn], shift, false));
  }

  public void asrsReg(int dn, int m) {
    int shift = r[m] & 0xFF;
    if (shift == 0) {
      logical(r[dn]);
      return;
    }
    r[dn] = logical(shiftRight(r[dn], shift, true));
  }

  public void rorsReg(int dn, int m) {
    int shift = r[m] & 0xFF;
    int value = r[dn];
    if (shift == 0) {
      logical(value);
      return;
    }
    int result = Integer.rotateRight(value, shift & 31);
    c = result < 0;
    r[dn] = logical(result);
  }

  /** Reads a register as an operand: R15 reads as the instruction address plus 4. */
  public int reg(int index) {
    return index == 15 ? pc + 4 : r[index];
  }

  private void writeRegister(int index, int value) {
    if (index == 13) {
      r[13] = value & ~3;
    } else if (index == 15) {
      nextPc = value & ~1;
    } else {
      r[index] = value;
    }
  }

  public void addHigh(int dn, int m) {
    writeRegister(dn, reg(dn) + reg(m));
  }

  public void movHigh(int d, int m) {
    writeRegister(d, reg(m));
  }

  // ---------------------------------------------------------------------------------------------
  // Branches

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

  public void ldr(int t, int address) {
    long value = load32(address);
    if (value >= 0) {
      r[t] = (int) value;
    }
  }

  public void ldrh(int t, int address) {
    long value = load16(address);
    if (value >= 0) {
      r[t] = (int) value;
    }
  }

  public void ldrsh(int t, int address) {
    long value = load16(address);
    if (value >= 0) {
      r[t] = (short) value;
    }
  }

  public void ldrb(int t, int address) {
    long value = load8(address);
    if (value >= 0) {
      r[t] = (int) value;
    }
  }

  public void ldrsb(int t, int address) {
    long value = load8(address);
    if (value >= 0) {
      r[t] = (byte) value;
    }
  }

  public void str(int t, int address) {
    store32(address, r[t]);
  }

  public void strh(int t, int address) {
    store16(address, r[t]);
  }

  public void strb(int t, int address) {
    store8(address, r[t]);
  }

  /** PUSH {list}: bit 8 is LR. */
  public void push(int list) {
    int count = Integer.bitCount(list);
    int address = r[13] - 4 * count;
    int a = address;
    for (int i = 0; i < 9; i++) {
      if ((list & (1 << i)) != 0) {
        if (!store32Aligned(a, r[i == 8 ? 14 : i])) {
          return;
        }
        a += 4;
      }
    }
    r[13] = address;
  }

  /** POP {list}: bit 8 is PC, loaded as by BX. */
  public void pop(int list) {
    int address = r[13];
    int loaded0 = 0;
    int loaded1 = 0;
    int loaded2 = 0;
    int loaded3 = 0;
    int loaded4 = 0;
    int loaded5 = 0;
    int loaded6 = 0;
    int loaded7 = 0;
    int loadedPc = 0;
    int a = address;
    for (int i = 0; i < 9; i++) {
      if ((list & (1 << i)) != 0) {
        long value = load32Aligned(a);
        if (value < 0) {
          return;
        }
        switch (i) {
          case 0 -> loaded0 = (int) value;
          case 1 -> loaded1 = (int) value;
          case 2 -> loaded2 = (int) value;
          case 3 -> loaded3 = (int) value;
          case 4 -> loaded4 = (int) value;
          case 5 -> loaded5 = (int) value;
          case 6 -> loaded6 = (int) value;
          case 7 -> loaded7 = (int) value;
          default -> loadedPc = (int) value;
        }
        a += 4;
      }
    }
    // Registers change only once every load succeeded, so a fault leaves the state as it was.
    if ((list & 1) != 0) r[0] = loaded0;
    if ((list & 2) != 0) r[1] = loaded1;
    if ((list & 4) != 0) r[2] = loaded2;
    if ((list & 8) != 0) r[3] = loaded3;
    if ((list & 16) != 0) r[4] = loaded4;
    if ((list & 32) != 0) r[5] = loaded5;
    if ((list & 64) != 0) r[6] = loaded6;
    if ((list & 128) != 0) r[7] = loaded7;
    r[13] = a;
    if ((list & 256) != 0) {
      bxWritePc(loadedPc);
    }
  }

  /** STM Rn!, {list}. */
  public void stm(int rn, int list) {
    int a = r[rn];
    for (int i = 0; i < 8; i++) {
      if ((list & (1 << i)) != 0) {
        if (!store32Aligned(a, r[i])) {
          return;
        }
        a += 4;
      }
    }
    r[rn] = a;
  }

  /** LDM Rn{!}, {list}: written back unless Rn is in the list. */
  public void ldm(int rn, int list) {
    int a = r[rn];
    int[] values = scratch;
    for (int i = 0; i < 8; i++) {
      if ((list & (1 << i)) != 0) {
        long value = load32Aligned(a);
        if (value < 0) {
          return;
        }
        values[i] = (int) value;
        a += 4;
      }
    }
    for (int i = 0; i < 8; i++) {
      if ((list & (1 << i)) != 0) {
        r[i] = values[i];
      }
    }
    if ((list & (1 << rn)) == 0) {
      r[rn] = a;
    }
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
      execute(decodeIgnoringBreakpoints(pc));
      return;
    }
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
