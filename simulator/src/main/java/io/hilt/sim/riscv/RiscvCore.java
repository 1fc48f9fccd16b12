package io.hilt.sim.riscv;

import static io.hilt.sim.riscv.RvCsr.*;

import io.hilt.probe.target.StopReason;
import io.hilt.sim.bus.Bus;
import io.hilt.sim.semihosting.SemihostingResult;
import java.util.Arrays;
import java.util.Optional;

/**
 * An RV32IMAC hart with Zicsr and Zifencei, machine and user modes, PMP, and the traps and
 * interrupts of the privileged architecture (mtvec direct and vectored, MRET, WFI), behaving as
 * QEMU 7.2's {@code virt} hart where the specification leaves a choice. RAM is reached directly
 * with a decode cache per halfword; everything else goes through the device {@link Bus}. Not
 * thread-safe: one thread runs it.
 */
public final class RiscvCore {
  /** What the hart needs from its board. */
  public interface Environment {
    /** Performs a semihosting call (operation in a0, parameter in a1). */
    SemihostingResult semihost(int operation, int parameter);

    /** The CLINT's mtime, for the {@code time} CSR. */
    long mtime();
  }

  public static final int PRIV_U = 0;
  public static final int PRIV_M = 3;
  private static final int SEMIHOST_PRE = 0x01F0_1013;
  private static final int SEMIHOST_EBREAK = 0x0010_0073;
  private static final int SEMIHOST_POST = 0x4070_5013;
  private static final int NO_RESERVATION = 1;
  private static final int BUS_ERROR = -2;
  private static final int NO_MATCH = -1;

  private final int[] x = new int[32];
  private final PagedRam ram;
  private final int ramBase;
  private final int ramLimit;
  private final Bus devices;
  private final Pmp pmp;
  private final Environment env;

  private int pc;
  private int mode = PRIV_M;
  private int mstatus;
  private int mie;
  private int mip;
  private int mtvec;
  private int mscratch;
  private int mepc;
  private int mcause;
  private int mtval;
  private int mcounteren;
  private int mcountinhibit;
  private long mcycleOffset;
  private long minstretOffset;
  private int reservation = NO_RESERVATION;
  private int reservedValue;

  private long cycle;
  private long idle;
  private long traps;
  private long limit;
  private boolean exitLoop;
  private boolean sleeping;
  private boolean irqPending;
  private boolean fetchChecked;
  private boolean dataChecked;
  private boolean dataMachine = true;
  private boolean catchFaults;
  private boolean inInstruction;
  private int[] breakpoints = new int[0];
  private int skipBreakpointAt = 1;
  private Optional<StopReason> stop = Optional.empty();
  private int faultEntry;
  private long lastTrapCycle = -1;
  private int lastTrapTarget = 1;

  public RiscvCore(PagedRam ram, int ramBase, Bus devices, Pmp pmp, Environment env) {
    this.ram = ram;
    this.ramBase = ramBase;
    this.ramLimit = ram.size();
    this.devices = devices;
    this.pmp = pmp;
    this.env = env;
    pmp.onChange(this::updateChecks);
  }

  /** Stop at the handler of every synchronous exception except ECALL (a debugger's catch). */
  public void setCatchFaults(boolean catchFaults) {
    this.catchFaults = catchFaults;
  }

  /** Reset: M-mode, mstatus/mie/mip/mcause clear, mtvec 0, PMP off, at {@code resetPc}. */
  public void reset(int resetPc) {
    Arrays.fill(x, 0);
    pc = resetPc;
    mode = PRIV_M;
    mstatus = mie = mip = mtvec = mscratch = mepc = mcause = mtval = 0;
    mcounteren = mcountinhibit = 0;
    reservation = NO_RESERVATION;
    sleeping = false;
    stop = Optional.empty();
    lastTrapCycle = -1;
    pmp.reset();
    updateChecks();
  }

  // State ------------------------------------------------------------------------------------

  public int pc() {
    return pc;
  }

  public void setPc(int pc) {
    this.pc = pc & ~1;
  }

  public int register(int n) {
    return x[n];
  }

  public void setRegister(int n, int value) {
    if (n != 0) {
      x[n] = value;
    }
  }

  /** Current privilege: 3 (M) or 0 (U). */
  public int privilege() {
    return mode;
  }

  public void setPrivilege(int privilege) {
    if (privilege != PRIV_M && privilege != PRIV_U) {
      throw new IllegalArgumentException("privilege must be 0 (U) or 3 (M), not " + privilege);
    }
    mode = privilege;
    updateChecks();
  }

  /** Cycles since power-on: instructions, trap entries and time slept in WFI. */
  public long cycles() {
    return cycle;
  }

  /** Instructions retired since power-on. */
  public long instructions() {
    return cycle - idle - traps;
  }

  public boolean sleeping() {
    return sleeping;
  }

  public Pmp pmp() {
    return pmp;
  }

  /** Sets the interrupt-pending bits the devices drive (MSIP, MTIP, MEIP). */
  public void setPendingInterrupts(int bits) {
    mip = bits & (MSIP | MTIP | MEIP);
    updateIrq();
    if (sleeping && (mip & mie) != 0) {
      sleeping = false;
    }
  }

  /** True when an enabled interrupt is pending (WFI would not sleep). */
  public boolean interruptWaiting() {
    return (mip & mie) != 0;
  }

  /** Sleeps {@code n} cycles (WFI fast-forward to the next timer event). */
  public void addIdleCycles(long n) {
    cycle += n;
    idle += n;
  }

  /** Ends the current {@link #run} once the cycle count reaches {@code cycle}. */
  public void limitTo(long cycleLimit) {
    if (cycleLimit < limit) {
      limit = cycleLimit;
    }
  }

  /** Ends the current {@link #run} after this instruction (a device's stop or reset request). */
  public void requestExit() {
    exitLoop = true;
  }

  public void setBreakpoints(int[] addresses) {
    int[] sorted = addresses.clone();
    Arrays.sort(sorted);
    breakpoints = sorted;
  }

  /** The next run executes the instruction at {@code address} even if a breakpoint is there. */
  public void stepOverBreakpointAt(int address) {
    skipBreakpointAt = address;
  }

  /** Why the last run stopped, once. */
  public Optional<StopReason> takeStop() {
    Optional<StopReason> s = stop;
    stop = Optional.empty();
    return s;
  }

  private void stopWith(StopReason reason) {
    stop = Optional.of(reason);
    exitLoop = true;
  }

  private void updateIrq() {
    irqPending = (mip & mie) != 0 && (mode == PRIV_U || (mstatus & MSTATUS_MIE) != 0);
  }

  private void updateChecks() {
    int dataMode =
        (mstatus & MSTATUS_MPRV) != 0 && mode == PRIV_M ? (mstatus & MSTATUS_MPP) >>> 11 : mode;
    fetchChecked = mode != PRIV_M || pmp.anyLocked();
    dataChecked = dataMode != PRIV_M || pmp.anyLocked();
    dataMachine = dataMode == PRIV_M;
    updateIrq();
  }

  // Execution --------------------------------------------------------------------------------

  /**
   * Runs until the cycle count reaches {@code untilCycle}, a stop (see {@link #takeStop}), a WFI
   * with nothing pending (see {@link #sleeping}), or a device's {@link #requestExit}.
   */
  public void run(long untilCycle) {
    limit = untilCycle;
    exitLoop = false;
    final int[] x = this.x;
    final int[] breakpoints = this.breakpoints;
    while (cycle < limit && !exitLoop) {
      if (irqPending) {
        takeInterrupt();
      }
      final int pc = this.pc;
      if (breakpoints.length != 0 && Arrays.binarySearch(breakpoints, pc) >= 0) {
        if (pc != skipBreakpointAt) {
          stopWith(new StopReason.Breakpoint(Integer.toUnsignedLong(pc)));
          break;
        }
      }
      skipBreakpointAt = 1;
      cycle++;
      long d;
      int off = pc - ramBase;
      if (!fetchChecked && Integer.compareUnsigned(off, ramLimit - 2) < 0) {
        long[] cache = ram.decodeCache(off >>> PagedRam.PAGE_BITS);
        int slot = (off & (PagedRam.PAGE_SIZE - 1)) >>> 1;
        d = cache[slot];
        if (d == 0) {
          d = RvDecoder.decode(ram.load16(off), ram.load16(off + 2));
          cache[slot] = d;
        }
      } else {
        d = fetchSlow(pc);
        if (d == 0) {
          continue;
        }
      }
      final int rd = (int) (d >>> 8) & 31;
      final int a = x[(int) (d >>> 13) & 31];
      final int b = x[(int) (d >>> 18) & 31];
      final int imm = (int) (d >>> 32);
      int next = pc + ((d & RvDecoder.COMPRESSED) != 0 ? 2 : 4);
      switch ((int) d & 0xFF) {
        case 1 -> x[rd] = imm; // LUI
        case 2 -> x[rd] = pc + imm; // AUIPC
        case 3 -> { // JAL
          x[rd] = next;
          next = pc + imm;
        }
        case 4 -> { // JALR
          int target = (a + imm) & ~1;
          x[rd] = next;
          next = target;
        }
        case 5 -> next = a == b ? pc + imm : next;
        case 6 -> next = a != b ? pc + imm : next;
        case 7 -> next = a < b ? pc + imm : next;
        case 8 -> next = a >= b ? pc + imm : next;
        case 9 -> next = Integer.compareUnsigned(a, b) < 0 ? pc + imm : next;
        case 10 -> next = Integer.compareUnsigned(a, b) >= 0 ? pc + imm : next;
        case 11 -> { // LB
          long v = load8(a + imm);
          if (v < 0) {
            continue;
          }
          x[rd] = (byte) v;
        }
        case 12 -> { // LH
          long v = load16(a + imm);
          if (v < 0) {
            continue;
          }
          x[rd] = (short) v;
        }
        case 13 -> { // LW
          int at = a + imm - ramBase;
          if (!dataChecked && Integer.compareUnsigned(at, ramLimit - 3) < 0) {
            x[rd] = ram.load32(at);
          } else {
            long v = load32(a + imm);
            if (v < 0) {
              continue;
            }
            x[rd] = (int) v;
          }
        }
        case 14 -> { // LBU
          int at = a + imm - ramBase;
          if (!dataChecked && Integer.compareUnsigned(at, ramLimit) < 0) {
            x[rd] = ram.load8(at);
          } else {
            long v = load8(a + imm);
            if (v < 0) {
              continue;
            }
            x[rd] = (int) v;
          }
        }
        case 15 -> { // LHU
          long v = load16(a + imm);
          if (v < 0) {
            continue;
          }
          x[rd] = (int) v;
        }
        case 16 -> {
          if (!store8(a + imm, b)) {
            continue;
          }
        }
        case 17 -> {
          if (!store16(a + imm, b)) {
            continue;
          }
        }
        case 18 -> { // SW
          int at = a + imm - ramBase;
          if (!dataChecked && Integer.compareUnsigned(at, ramLimit - 3) < 0) {
            ram.store32(at, b);
          } else if (!store32(a + imm, b)) {
            continue;
          }
        }
        case 19 -> x[rd] = a + imm; // ADDI
        case 20 -> x[rd] = a < imm ? 1 : 0;
        case 21 -> x[rd] = Integer.compareUnsigned(a, imm) < 0 ? 1 : 0;
        case 22 -> x[rd] = a ^ imm;
        case 23 -> x[rd] = a | imm;
        case 24 -> x[rd] = a & imm;
        case 25 -> x[rd] = a << imm;
        case 26 -> x[rd] = a >>> imm;
        case 27 -> x[rd] = a >> imm;
        case 28 -> x[rd] = a + b; // ADD
        case 29 -> x[rd] = a - b;
        case 30 -> x[rd] = a << b;
        case 31 -> x[rd] = a < b ? 1 : 0;
        case 32 -> x[rd] = Integer.compareUnsigned(a, b) < 0 ? 1 : 0;
        case 33 -> x[rd] = a ^ b;
        case 34 -> x[rd] = a >>> b;
        case 35 -> x[rd] = a >> b;
        case 36 -> x[rd] = a | b;
        case 37 -> x[rd] = a & b;
        case 38, 39 -> {} // FENCE, FENCE.I: one hart, and the decode cache follows every store
        case 50 -> x[rd] = a * b; // MUL
        case 51 -> x[rd] = (int) (((long) a * b) >> 32);
        case 52 -> x[rd] = (int) (((long) a * Integer.toUnsignedLong(b)) >> 32);
        case 53 -> x[rd] = (int) (((a & 0xFFFF_FFFFL) * (b & 0xFFFF_FFFFL)) >>> 32);
        case 54 -> x[rd] = RvAlu.div(a, b);
        case 55 -> x[rd] = RvAlu.divu(a, b);
        case 56 -> x[rd] = RvAlu.rem(a, b);
        case 57 -> x[rd] = RvAlu.remu(a, b);
        default -> {
          if (!executeRare(d, pc, next, a, b)) {
            continue;
          }
          next = this.pc;
        }
      }
      x[0] = 0;
      this.pc = next;
    }
  }

  /**
   * System, CSR, atomic and illegal instructions. Returns false when the instruction trapped or
   * stopped the core (pc already set); otherwise sets {@code this.pc} to where execution goes on.
   */
  private boolean executeRare(long d, int pc, int next, int a, int b) {
    RvOp op = RvDecoder.opOf(d);
    int rd = RvDecoder.rdOf(d);
    int rs1 = RvDecoder.rs1Of(d);
    int imm = RvDecoder.immOf(d);
    switch (op) {
      case ECALL -> {
        trap(
            mode == PRIV_U
                ? RvCause.ENVIRONMENT_CALL_FROM_U_MODE
                : RvCause.ENVIRONMENT_CALL_FROM_M_MODE,
            0,
            pc);
        return false;
      }
      case EBREAK -> {
        return ebreak(pc, RvDecoder.lengthOf(d));
      }
      case MRET -> {
        if (mode != PRIV_M) {
          return illegal(0x3020_0073, pc);
        }
        mret();
        return true;
      }
      case WFI -> {
        if (mode == PRIV_U && (mstatus & MSTATUS_TW) != 0) {
          return illegal(0x1050_0073, pc);
        }
        this.pc = next;
        if ((mip & mie) == 0) {
          sleeping = true;
          exitLoop = true;
        }
        return true;
      }
      case CSRRW, CSRRS, CSRRC, CSRRWI, CSRRSI, CSRRCI -> {
        return csrInstruction(op, rd, rs1, a, imm, pc, next);
      }
      case LR_W,
          SC_W,
          AMOSWAP_W,
          AMOADD_W,
          AMOXOR_W,
          AMOAND_W,
          AMOOR_W,
          AMOMIN_W,
          AMOMAX_W,
          AMOMINU_W,
          AMOMAXU_W -> {
        return atomic(op, rd, a, b, pc, next);
      }
      case ILLEGAL -> {
        return illegal(imm, pc);
      }
      default ->
          throw new IllegalStateException(
              String.format("operation %s at 0x%08x reached the rare path", op, pc));
    }
  }

  /** Fetches and decodes off the fast path: PMP checks, devices, the end of RAM. 0 = trapped. */
  private long fetchSlow(int pc) {
    long lo = fetch16(pc);
    if (lo < 0) {
      return 0;
    }
    if (!RvDecoder.isWide((int) lo)) {
      return RvDecoder.decode16((int) lo);
    }
    long hi = fetch16(pc + 2);
    if (hi < 0) {
      return 0;
    }
    int off = pc - ramBase;
    long d = RvDecoder.decode32((int) lo | (int) hi << 16);
    if (Integer.compareUnsigned(off, ramLimit - 2) < 0) {
      long[] cache = ram.decodeCache(off >>> PagedRam.PAGE_BITS);
      cache[(off & (PagedRam.PAGE_SIZE - 1)) >>> 1] = d;
    }
    return d;
  }

  private long fetch16(int address) {
    if (fetchChecked && !pmp.allows(address, 2, Pmp.X, mode == PRIV_M)) {
      faultEntry = pmpEntry(address, 2);
      trap(RvCause.INSTRUCTION_ACCESS_FAULT, address, this.pc);
      return -1;
    }
    int off = address - ramBase;
    if (Integer.compareUnsigned(off, ramLimit - 1) < 0) {
      return ram.load16(off);
    }
    long v = devices.read16(address);
    if (v < 0) {
      faultEntry = BUS_ERROR;
      trap(RvCause.INSTRUCTION_ACCESS_FAULT, address, this.pc);
    }
    return v;
  }

  private int pmpEntry(int address, int size) {
    return pmp.matchingEntry(address, size).orElse(NO_MATCH);
  }

  // Memory -----------------------------------------------------------------------------------

  private boolean denied(int address, int size, int permission) {
    if (dataChecked && !pmp.allows(address, size, permission, dataMachine)) {
      faultEntry = pmpEntry(address, size);
      return true;
    }
    return false;
  }

  private long loadFault(int address) {
    trap(RvCause.LOAD_ACCESS_FAULT, address, pc);
    return -1;
  }

  private boolean storeFault(int address) {
    trap(RvCause.STORE_ACCESS_FAULT, address, pc);
    return false;
  }

  private long deviceRead(int address, int size) {
    long v =
        switch (size) {
          case 1 -> devices.read8(address);
          case 2 -> devices.read16(address);
          default -> devices.read32(address);
        };
    if (v < 0) {
      faultEntry = BUS_ERROR;
      return loadFault(address);
    }
    return v;
  }

  private long load8(int address) {
    if (denied(address, 1, Pmp.R)) {
      return loadFault(address);
    }
    int off = address - ramBase;
    if (Integer.compareUnsigned(off, ramLimit) < 0) {
      return ram.load8(off);
    }
    return deviceRead(address, 1);
  }

  private long load16(int address) {
    if (denied(address, 2, Pmp.R)) {
      return loadFault(address);
    }
    int off = address - ramBase;
    if (Integer.compareUnsigned(off, ramLimit - 1) < 0) {
      return ram.load16(off);
    }
    return deviceRead(address, 2);
  }

  private long load32(int address) {
    if (denied(address, 4, Pmp.R)) {
      return loadFault(address);
    }
    int off = address - ramBase;
    if (Integer.compareUnsigned(off, ramLimit - 3) < 0) {
      return Integer.toUnsignedLong(ram.load32(off));
    }
    return deviceRead(address, 4);
  }

  private boolean deviceWrite(int address, int size, int value) {
    boolean ok =
        switch (size) {
          case 1 -> devices.write8(address, value);
          case 2 -> devices.write16(address, value);
          default -> devices.write32(address, value);
        };
    if (!ok) {
      faultEntry = BUS_ERROR;
      return storeFault(address);
    }
    return true;
  }

  private boolean store8(int address, int value) {
    if (denied(address, 1, Pmp.W)) {
      return storeFault(address);
    }
    int off = address - ramBase;
    if (Integer.compareUnsigned(off, ramLimit) < 0) {
      ram.store8(off, value);
      return true;
    }
    return deviceWrite(address, 1, value);
  }

  private boolean store16(int address, int value) {
    if (denied(address, 2, Pmp.W)) {
      return storeFault(address);
    }
    int off = address - ramBase;
    if (Integer.compareUnsigned(off, ramLimit - 1) < 0) {
      ram.store16(off, value);
      return true;
    }
    return deviceWrite(address, 2, value);
  }

  private boolean store32(int address, int value) {
    if (denied(address, 4, Pmp.W)) {
      return storeFault(address);
    }
    int off = address - ramBase;
    if (Integer.compareUnsigned(off, ramLimit - 3) < 0) {
      ram.store32(off, value);
      return true;
    }
    return deviceWrite(address, 4, value);
  }

  /** The word at a RAM or device address without side effects or checks; any value elsewhere. */
  private long peekData(int address) {
    int off = address - ramBase;
    if (Integer.compareUnsigned(off, ramLimit - 3) < 0) {
      return ram.load32(off);
    }
    return (int) devices.read32(address);
  }

  /**
   * LR/SC and AMOs. Misaligned addresses raise a load address-misaligned exception, for AMOs too,
   * as QEMU 7.2 does. SC succeeds when the reservation is on its address and the word still holds
   * the value LR read (QEMU implements SC as a compare-and-swap); otherwise it fails without
   * touching memory.
   */
  private boolean atomic(RvOp op, int rd, int address, int value, int pc, int next) {
    if (op == RvOp.SC_W) {
      if (reservation != address || peekData(address) != reservedValue) {
        reservation = NO_RESERVATION;
        x[rd] = 1;
        x[0] = 0;
        this.pc = next;
        return true;
      }
      reservation = NO_RESERVATION;
      if (!store32(address, value)) {
        return false;
      }
      x[rd] = 0;
      x[0] = 0;
      this.pc = next;
      return true;
    }
    if ((address & 3) != 0) {
      faultEntry = BUS_ERROR;
      trap(RvCause.LOAD_ADDRESS_MISALIGNED, address, pc);
      return false;
    }
    if (op == RvOp.LR_W) {
      long v = load32(address);
      if (v < 0) {
        return false;
      }
      reservation = address;
      reservedValue = (int) v;
      x[rd] = (int) v;
      x[0] = 0;
      this.pc = next;
      return true;
    }
    if (denied(address, 4, Pmp.R | Pmp.W)) {
      return storeFault(address);
    }
    int off = address - ramBase;
    boolean inRam = Integer.compareUnsigned(off, ramLimit - 3) < 0;
    long old = inRam ? Integer.toUnsignedLong(ram.load32(off)) : devices.read32(address);
    if (old < 0) {
      faultEntry = BUS_ERROR;
      return storeFault(address);
    }
    int o = (int) old;
    int result =
        switch (op) {
          case AMOSWAP_W -> value;
          case AMOADD_W -> o + value;
          case AMOXOR_W -> o ^ value;
          case AMOAND_W -> o & value;
          case AMOOR_W -> o | value;
          case AMOMIN_W -> Math.min(o, value);
          case AMOMAX_W -> Math.max(o, value);
          case AMOMINU_W -> Integer.compareUnsigned(o, value) <= 0 ? o : value;
          case AMOMAXU_W -> Integer.compareUnsigned(o, value) >= 0 ? o : value;
          default -> throw new IllegalStateException("not an AMO: " + op);
        };
    if (inRam) {
      ram.store32(off, result);
    } else if (!devices.write32(address, result)) {
      faultEntry = BUS_ERROR;
      return storeFault(address);
    }
    x[rd] = o;
    x[0] = 0;
    this.pc = next;
    return true;
  }

  // Traps ------------------------------------------------------------------------------------

  private boolean illegal(int bits, int pc) {
    trap(RvCause.ILLEGAL_INSTRUCTION, bits, pc);
    return false;
  }

  /** Enters the trap handler for a synchronous exception at {@code pc}. */
  private void trap(RvCause cause, int tval, int pc) {
    int target = enter(cause.code(), tval, pc, false);
    boolean loop = lastTrapCycle == cycle - 1 && pc == lastTrapTarget;
    lastTrapCycle = cycle;
    lastTrapTarget = target;
    if (loop) {
      stopWith(
          new StopReason.Lockup(
              Integer.toUnsignedLong(pc),
              String.format(
                  "trap loop: %s (mtval 0x%08x) at the trap handler 0x%08x itself (mtvec 0x%08x)",
                  cause.title(), tval, pc, mtvec)));
      return;
    }
    boolean caught =
        catchFaults
            && cause != RvCause.ENVIRONMENT_CALL_FROM_M_MODE
            && cause != RvCause.ENVIRONMENT_CALL_FROM_U_MODE;
    if (caught) {
      stopWith(
          new StopReason.Fault(cause.title(), Integer.toUnsignedLong(pc), detail(cause, tval)));
    }
  }

  private int enter(int code, int tval, int pc, boolean interrupt) {
    traps++;
    mepc = pc;
    mcause = interrupt ? code | 0x8000_0000 : code;
    mtval = tval;
    int mpie = (mstatus & MSTATUS_MIE) != 0 ? MSTATUS_MPIE : 0;
    mstatus = (mstatus & ~(MSTATUS_MPIE | MSTATUS_MIE | MSTATUS_MPP)) | mpie | mode << 11;
    mode = PRIV_M;
    reservation = NO_RESERVATION;
    int base = mtvec & ~3;
    this.pc = interrupt && (mtvec & 3) == 1 ? base + 4 * code : base;
    updateChecks();
    return this.pc;
  }

  private String detail(RvCause cause, int tval) {
    String where =
        switch (faultEntry) {
          case BUS_ERROR -> "no memory or device there";
          case NO_MATCH -> "denied by PMP: no entry matches a U-mode access";
          default -> String.format("denied by PMP entry %d", faultEntry);
        };
    return switch (cause) {
      case INSTRUCTION_ACCESS_FAULT -> String.format("fetch at 0x%08x %s", tval, where);
      case LOAD_ACCESS_FAULT -> String.format("load at 0x%08x %s", tval, where);
      case STORE_ACCESS_FAULT -> String.format("store at 0x%08x %s", tval, where);
      case INSTRUCTION_ADDRESS_MISALIGNED -> String.format("jump to misaligned 0x%08x", tval);
      case LOAD_ADDRESS_MISALIGNED -> String.format("misaligned atomic access at 0x%08x", tval);
      case STORE_ADDRESS_MISALIGNED -> String.format("misaligned store at 0x%08x", tval);
      case ILLEGAL_INSTRUCTION -> String.format("illegal instruction 0x%08x", tval);
      case BREAKPOINT -> "breakpoint";
      case ENVIRONMENT_CALL_FROM_U_MODE, ENVIRONMENT_CALL_FROM_M_MODE -> "ecall";
    };
  }

  /** Takes the highest-priority enabled pending interrupt: MEI, then MSI, then MTI. */
  private void takeInterrupt() {
    int pending = mip & mie;
    int code = (pending & MEIP) != 0 ? 11 : (pending & MSIP) != 0 ? 3 : 7;
    sleeping = false;
    enter(code, 0, pc, true);
    traps--; // entering an interrupt handler costs no cycle of its own
  }

  private void mret() {
    int mpp = (mstatus & MSTATUS_MPP) >>> 11;
    int mie = (mstatus & MSTATUS_MPIE) != 0 ? MSTATUS_MIE : 0;
    mstatus = (mstatus & ~(MSTATUS_MIE | MSTATUS_MPP)) | mie | MSTATUS_MPIE;
    if (mpp != PRIV_M) {
      mstatus &= ~MSTATUS_MPRV;
    }
    mode = mpp;
    reservation = NO_RESERVATION;
    pc = mepc & ~1;
    updateChecks();
  }

  /**
   * EBREAK: the semihosting sequence (uncompressed {@code slli x0,x0,31; ebreak; srai x0,x0,7} in
   * one 4 KiB page, M-mode only, as QEMU checks it) makes a call; any other EBREAK stops the core
   * as a breakpoint, as with a debugger attached.
   */
  private boolean ebreak(int pc, int length) {
    if (length == 4 && mode == PRIV_M && ((pc - 4) & ~0xFFF) == ((pc + 4) & ~0xFFF)) {
      if (peek32(pc - 4) == SEMIHOST_PRE && peek32(pc + 4) == SEMIHOST_POST) {
        SemihostingResult result = env.semihost(x[10], x[11]);
        this.pc = pc + 4;
        if (result instanceof SemihostingResult.Value v) {
          x[10] = (int) v.value();
        } else if (result instanceof SemihostingResult.Exit e) {
          stopWith(new StopReason.Exited(e.code()));
        }
        return true;
      }
    }
    cycle--;
    stopWith(new StopReason.Breakpoint(Integer.toUnsignedLong(pc)));
    return false;
  }

  /** Reads code without side effects or checks; -1 (never a valid instruction) when unmapped. */
  private int peek32(int address) {
    int off = address - ramBase;
    if (Integer.compareUnsigned(off, ramLimit - 3) < 0) {
      return ram.load32(off);
    }
    return -1;
  }

  // CSRs -------------------------------------------------------------------------------------

  private boolean csrInstruction(RvOp op, int rd, int rs1, int a, int csr, int pc, int next) {
    boolean immediate = op == RvOp.CSRRWI || op == RvOp.CSRRSI || op == RvOp.CSRRCI;
    int operand = immediate ? rs1 : a;
    boolean writes = op == RvOp.CSRRW || op == RvOp.CSRRWI || rs1 != 0;
    int funct3 =
        switch (op) {
          case CSRRW -> 1;
          case CSRRS -> 2;
          case CSRRC -> 3;
          case CSRRWI -> 5;
          case CSRRSI -> 6;
          default -> 7;
        };
    int bits = csr << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | 0x73;
    if ((csr >>> 8 & 3) > mode || (writes && (csr >>> 10) == 3)) {
      return illegal(bits, pc);
    }
    // Counters read inside the instruction do not count it yet.
    inInstruction = true;
    long old = readCsr(csr);
    inInstruction = false;
    if (old == -1) {
      return illegal(bits, pc);
    }
    if (writes) {
      int value =
          switch (op) {
            case CSRRW, CSRRWI -> operand;
            case CSRRS, CSRRSI -> (int) old | operand;
            default -> (int) old & ~operand;
          };
      writeCsr(csr, value);
    }
    x[rd] = (int) old;
    x[0] = 0;
    this.pc = next;
    return true;
  }

  /** Reads a CSR as a debugger does: with M-mode rights. -1 when it does not exist. */
  public long debugReadCsr(int csr) {
    int saved = mode;
    mode = PRIV_M;
    try {
      return readCsr(csr);
    } finally {
      mode = saved;
    }
  }

  /**
   * Reads a CSR as the CSR instructions see it (counter enables apply); -1 when it does not exist.
   */
  public long readCsr(int csr) {
    if (csr >= PMPCFG0 && csr < PMPCFG0 + 4) {
      return Integer.toUnsignedLong(pmp.readCfg(csr - PMPCFG0));
    }
    if (csr >= PMPADDR0 && csr < PMPADDR0 + Pmp.ENTRIES) {
      return Integer.toUnsignedLong(pmp.readAddr(csr - PMPADDR0));
    }
    boolean hpm = (csr & 0x1F) >= 3;
    if ((csr & ~0x9F) == 0xC00 && (csr & 0x1F) < 32) {
      // User counter views: cycle, time, instret, hpmcounterN (and the high halves).
      if (mode == PRIV_U && (mcounteren >>> (csr & 31) & 1) == 0) {
        return -1;
      }
      long value =
          switch (csr & 0x1F) {
            case 0 -> mcycle();
            case 1 -> env.mtime();
            case 2 -> minstret();
            default -> 0;
          };
      return Integer.toUnsignedLong((csr & 0x80) != 0 ? (int) (value >>> 32) : (int) value);
    }
    if ((csr & ~0x9F) == 0xB00 && hpm) {
      return 0; // mhpmcounter3..31(h): no events are counted
    }
    if (csr >= 0x323 && csr <= 0x33F) {
      return 0; // mhpmevent3..31
    }
    return switch (csr) {
      case MSTATUS -> u(mstatus);
      case MISA -> u(MISA_VALUE);
      case MIE -> u(mie);
      case MTVEC -> u(mtvec);
      case MCOUNTEREN -> u(mcounteren);
      case MENVCFG, MENVCFGH, MSTATUSH -> 0;
      case MCOUNTINHIBIT -> u(mcountinhibit);
      case MSCRATCH -> u(mscratch);
      case MEPC -> u(mepc);
      case MCAUSE -> u(mcause);
      case MTVAL -> u(mtval);
      case MIP -> u(mip);
      case MCYCLE -> u((int) mcycle());
      case MCYCLEH -> u((int) (mcycle() >>> 32));
      case MINSTRET -> u((int) minstret());
      case MINSTRETH -> u((int) (minstret() >>> 32));
      case MVENDORID, MARCHID, MIMPID, MHARTID, MCONFIGPTR -> 0;
      default -> -1L;
    };
  }

  private static long u(int value) {
    return Integer.toUnsignedLong(value);
  }

  private long mcycle() {
    return cycle - (inInstruction ? 1 : 0) + mcycleOffset;
  }

  private long minstret() {
    return instructions() - (inInstruction ? 1 : 0) + minstretOffset;
  }

  /** Writes a CSR (WARL rules applied); returns false when it does not exist. */
  public boolean writeCsr(int csr, int value) {
    if (csr >= PMPCFG0 && csr < PMPCFG0 + 4) {
      pmp.writeCfg(csr - PMPCFG0, value);
      return true;
    }
    if (csr >= PMPADDR0 && csr < PMPADDR0 + Pmp.ENTRIES) {
      pmp.writeAddr(csr - PMPADDR0, value);
      return true;
    }
    switch (csr) {
      case MSTATUS -> {
        int mpp = value >>> 11 & 3;
        int legal = mpp == PRIV_M ? MSTATUS_MPP : 0;
        mstatus = (value & (MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPRV | MSTATUS_TW)) | legal;
        updateChecks();
      }
      case MIE -> {
        mie = value & (MSIP | MTIP | MEIP);
        updateIrq();
      }
      case MTVEC -> {
        if ((value & 3) < 2) {
          mtvec = value;
        }
      }
      case MCOUNTEREN -> mcounteren = value;
      case MCOUNTINHIBIT -> mcountinhibit = value;
      case MSCRATCH -> mscratch = value;
      case MEPC -> mepc = value;
      case MCAUSE -> mcause = value;
      case MTVAL -> mtval = value;
      case MCYCLE -> mcycleOffset += Integer.toUnsignedLong(value) - (mcycle() & 0xFFFF_FFFFL);
      case MCYCLEH -> mcycleOffset += ((long) value << 32) - (mcycle() & ~0xFFFF_FFFFL);
      case MINSTRET ->
          minstretOffset += Integer.toUnsignedLong(value) - (minstret() & 0xFFFF_FFFFL);
      case MINSTRETH -> minstretOffset += ((long) value << 32) - (minstret() & ~0xFFFF_FFFFL);
      default -> {
        return readCsr(csr) != -1;
      }
    }
    return true;
  }
}
