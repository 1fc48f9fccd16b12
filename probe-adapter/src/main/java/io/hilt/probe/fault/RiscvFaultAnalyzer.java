package io.hilt.probe.fault;

import io.hilt.probe.elf.DwarfLineTable;
import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.elf.SourceLine;
import io.hilt.probe.elf.SymbolicAddress;
import io.hilt.probe.target.Arch;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.TargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decodes the machine-mode trap a halted RV32 hart is handling, through the {@link DebugTarget}
 * register and memory interface only. {@link FaultAnalyzer#analyze} calls it for {@link
 * Arch#RISCV32IMAC}.
 *
 * <h2>What is read</h2>
 *
 * Registers by the names QEMU's gdbstub gives them: {@code pc}, {@code ra}, the CSRs {@code
 * mcause}, {@code mepc}, {@code mtval}, {@code mstatus}, {@code mtvec}, {@code pmpcfg0..3}, {@code
 * pmpaddr0..15}, and the virtual {@code priv} (the hart's current privilege). {@code mtvec}, {@code
 * priv} and the PMP registers are optional: without them the halt point, the privilege check and
 * the PMP analysis are left out with a note. Memory: the trapping instruction at mepc.
 *
 * <h2>Rules</h2>
 *
 * <ol>
 *   <li>A hart in U- or S-mode ({@code priv}) is not handling a machine-mode trap, and mcause, mepc
 *       and mtval all 0 mean no trap was taken since reset: {@link FaultAnalysisException}.
 *   <li>The trap vector is mtvec's BASE, plus 4 &times; cause for an interrupt in vectored mode. PC
 *       there is {@link HaltPoint#HANDLER_ENTRY} (vector catch or a breakpoint on the handler):
 *       {@code ra} still holds the trapping code's return address and is reported as its caller.
 *       Anywhere else is {@link HaltPoint#IN_HANDLER}: the handler may have changed {@code ra}, so
 *       no caller is given; the CSRs still describe the last trap.
 *   <li>The trapping instruction is mepc; mtval is the fault address for misaligned, access and
 *       page faults, the instruction for an illegal instruction (when not 0), the EBREAK's address
 *       for a breakpoint.
 *   <li>The privilege the trap came from is mstatus.MPP.
 *   <li>For an access fault, the PMP entries are decoded and the lowest-numbered one containing
 *       mtval is the one that decided (privileged spec: PMP priority). It denied the access when it
 *       applies to the privilege (always for U/S, for M only when locked) and lacks the permission
 *       (X for a fetch, R for a load, W for a store; R and W for an AMO). No entry matching a U/S
 *       access means denied (every RV32 hart hilt targets implements PMP entries). An access the
 *       PMP allowed faulted for another reason (no memory or device there, a PMA).
 * </ol>
 */
public final class RiscvFaultAnalyzer {
  /** The PMP entries RV32 can have in pmpcfg0..3 / pmpaddr0..15. */
  public static final int PMP_ENTRIES = 16;

  public RiscvFaultAnalyzer() {}

  /**
   * Whether the halted hart sits at the trap vector for the cause in mcause and that cause is a
   * fault ({@link RiscvTrapCause#isFault()}): what a breakpoint on the handler or a debugger's
   * vector catch shows. False when the target has no mtvec.
   */
  public static boolean atFaultTrapVector(DebugTarget target) {
    List<String> names = target.registerNames();
    if (!names.contains("mtvec") || !names.contains("mcause")) {
      return false;
    }
    RiscvTrapCause cause = new RiscvTrapCause(target.readRegister("mcause") & 0xffff_ffffL);
    long vector = trapVector(target.readRegister("mtvec") & 0xffff_ffffL, cause);
    return cause.isFault() && (target.readRegister("pc") & 0xffff_ffffL) == vector;
  }

  /** Where the hart jumps for {@code cause} with this {@code mtvec} (direct or vectored mode). */
  public static long trapVector(long mtvec, RiscvTrapCause cause) {
    long base = mtvec & ~3L;
    boolean vectored = (mtvec & 3) == 1;
    return vectored && cause.interrupt() ? base + 4L * cause.code() : base;
  }

  /**
   * Analyses the trap the halted hart is in.
   *
   * @throws FaultAnalysisException when the hart is not in M-mode, no trap was taken, or a required
   *     register cannot be read
   */
  public FaultReport analyze(
      DebugTarget target, Optional<ElfFile> elf, Optional<DwarfLineTable> lines) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(elf, "elf");
    Objects.requireNonNull(lines, "lines");
    return new Analysis(target, elf, lines).run();
  }

  private static final class Analysis {
    private final DebugTarget target;
    private final Optional<ElfFile> elf;
    private final Optional<DwarfLineTable> lines;
    private final List<String> names;
    private final List<String> notes = new ArrayList<>();

    Analysis(DebugTarget target, Optional<ElfFile> elf, Optional<DwarfLineTable> lines) {
      this.target = target;
      this.elf = elf;
      this.lines = lines;
      this.names = target.registerNames();
    }

    FaultReport run() {
      long pc = register("pc");
      Optional<Long> priv = optionalRegister("priv");
      if (priv.isPresent() && RiscvPrivilege.of(priv.get()) != RiscvPrivilege.MACHINE) {
        throw new FaultAnalysisException(
            "the hart runs in "
                + RiscvPrivilege.of(priv.get()).mode()
                + " (priv) at pc "
                + Hex.word(pc)
                + ", not in a machine-mode trap handler");
      }
      long mcause = register("mcause");
      long mepc = register("mepc");
      long mtval = register("mtval");
      long mstatus = register("mstatus");
      if (mcause == 0 && mepc == 0 && mtval == 0) {
        throw new FaultAnalysisException(
            "no trap was taken: mcause, mepc and mtval are 0 at pc "
                + Hex.word(pc)
                + "; fault analysis needs the hart halted in its trap handler");
      }
      RiscvTrapCause cause = new RiscvTrapCause(mcause);
      RiscvPrivilege from = RiscvPrivilege.of(mstatus >>> 11);
      Optional<Long> mtvec = optionalRegister("mtvec");
      HaltPoint haltPoint = HaltPoint.IN_HANDLER;
      if (mtvec.isEmpty()) {
        notes.add("The target has no mtvec register, so the trap vector is not known.");
      } else if (trapVector(mtvec.get(), cause) == pc) {
        haltPoint = HaltPoint.HANDLER_ENTRY;
      } else {
        notes.add(
            "The hart is not at the trap vector ("
                + Hex.word(trapVector(mtvec.get(), cause))
                + ") but at "
                + Hex.word(pc)
                + ": mcause, mepc and mtval describe the last trap taken, and ra no longer"
                + " tells the trapping code's caller.");
      }

      Optional<Long> instruction = instructionAt(mepc, cause, mtval);
      boolean amo = instruction.filter(i -> (i & 0x7f) == 0x2f).isPresent();

      List<RiscvFaultFlag> flags = new ArrayList<>();
      addKindFlags(cause, flags);
      cause
          .access()
          .ifPresent(
              a ->
                  flags.add(
                      switch (a) {
                        case FETCH -> RiscvFaultFlag.FETCH;
                        case LOAD -> RiscvFaultFlag.LOAD;
                        case STORE -> RiscvFaultFlag.STORE;
                      }));
      if (amo && cause.access().filter(a -> a != RiscvTrapCause.Access.FETCH).isPresent()) {
        flags.add(RiscvFaultFlag.AMO);
      }
      switch (from) {
        case USER -> flags.add(RiscvFaultFlag.FROM_U);
        case SUPERVISOR -> flags.add(RiscvFaultFlag.FROM_S);
        case MACHINE -> flags.add(RiscvFaultFlag.FROM_M);
        case RESERVED -> notes.add("mstatus.MPP holds the reserved encoding 2.");
      }
      if ((mstatus & (1L << 17)) != 0) {
        flags.add(RiscvFaultFlag.MPRV);
        notes.add(
            "mstatus.MPRV is set: M-mode loads and stores ran with the privilege in MPP, which the"
                + " trap has since overwritten.");
      }

      List<PmpEntry> pmp = List.of();
      Optional<PmpEntry> matched = Optional.empty();
      String causeSentence = baseSentence(cause, mtval, amo);
      if (cause.accessFault()) {
        pmp = readPmp();
        if (!pmp.isEmpty()) {
          RiscvTrapCause.Access access = cause.access().orElseThrow();
          matched = pmp.stream().filter(e -> e.contains(mtval)).findFirst();
          causeSentence += pmpVerdict(access, amo, from, matched, flags);
        }
      }
      if (cause.trapValue() == RiscvTrapCause.TrapValue.ADDRESS && mtval == 0) {
        notes.add("mtval is 0: the hart may not report fault addresses (the spec allows that).");
      }

      Optional<CodeLocation> faultPc =
          cause.interrupt() ? Optional.empty() : Optional.of(codeAt(mepc));
      if (cause.interrupt()) {
        notes.add(
            "An interrupt, not a fault: mepc "
                + Hex.word(mepc)
                + " is where the interrupted code resumes.");
      }
      Optional<CodeLocation> caller = Optional.empty();
      if (haltPoint == HaltPoint.HANDLER_ENTRY && !cause.interrupt()) {
        caller = Optional.of(returnAddress(register("ra")));
      }
      Optional<FaultAddress> address =
          cause.trapValue() == RiscvTrapCause.TrapValue.ADDRESS
              ? Optional.of(new FaultAddress(mtval, "mtval"))
              : Optional.empty();

      RiscvFaultDetails details =
          new RiscvFaultDetails(
              haltPoint,
              cause,
              mepc,
              mtval,
              mstatus,
              mtvec,
              from,
              instruction,
              pmp,
              matched,
              causeSentence);
      return new FaultReport(
          Arch.RISCV32IMAC,
          cause.name(),
          cause.code(),
          Optional.empty(),
          false,
          List.copyOf(flags),
          address,
          faultPc,
          caller,
          notes,
          details);
    }

    private static void addKindFlags(RiscvTrapCause cause, List<RiscvFaultFlag> flags) {
      if (cause.interrupt()) {
        flags.add(RiscvFaultFlag.INTERRUPT);
      } else if (cause.misaligned()) {
        flags.add(RiscvFaultFlag.MISALIGNED);
      } else if (cause.accessFault()) {
        flags.add(RiscvFaultFlag.ACCESS_FAULT);
      } else if (cause.pageFault()) {
        flags.add(RiscvFaultFlag.PAGE_FAULT);
      } else if (cause.environmentCall()) {
        flags.add(RiscvFaultFlag.ECALL);
      } else if (cause.code() == 2) {
        flags.add(RiscvFaultFlag.ILLEGAL_INSTRUCTION);
      } else if (cause.code() == 3) {
        flags.add(RiscvFaultFlag.BREAKPOINT);
      }
    }

    /** For example "store to 0x80003104" or "illegal instruction 0xc0001073". */
    private static String baseSentence(RiscvTrapCause cause, long mtval, boolean amo) {
      String at = Hex.word(mtval);
      if (cause.interrupt()) {
        return "interrupt " + cause.code() + " (" + cause.name() + ")";
      }
      String what =
          cause
              .access()
              .map(
                  a ->
                      switch (a) {
                        case FETCH -> "instruction fetch from " + at;
                        case LOAD -> (amo ? "atomic load from " : "load from ") + at;
                        case STORE -> (amo ? "atomic access to " : "store to ") + at;
                      })
              .orElse("");
      if (cause.misaligned()) {
        return "misaligned " + what;
      }
      if (cause.accessFault()) {
        return what + " denied (access fault)";
      }
      if (cause.pageFault()) {
        return what + " (page fault)";
      }
      return switch (cause.code()) {
        case 2 ->
            mtval == 0
                ? "illegal instruction"
                : "illegal instruction " + Hex.word(mtval) + " (mtval)";
        case 3 -> "breakpoint";
        case 8, 9, 11 -> "environment call (ECALL)";
        case 18 -> "software check";
        case 19 -> "hardware error";
        default -> "exception " + cause.code();
      };
    }

    /** The PMP part of the cause sentence; adds the PMP flags. */
    private String pmpVerdict(
        RiscvTrapCause.Access access,
        boolean amo,
        RiscvPrivilege from,
        Optional<PmpEntry> matched,
        List<RiscvFaultFlag> flags) {
      boolean machine = from == RiscvPrivilege.MACHINE;
      if (matched.isEmpty()) {
        if (machine) {
          notes.add(
              "No PMP entry covers the address and M-mode accesses are allowed there, so the"
                  + " PMP did not deny it: nothing answers at that address, or a PMA forbids the"
                  + " access.");
          return " (no PMP entry matched; not a PMP denial)";
        }
        flags.add(RiscvFaultFlag.PMP_NO_MATCH);
        return " by PMP: no PMP entry matched, and " + from.mode() + " is denied by default";
      }
      PmpEntry e = matched.get();
      if (e.locked()) {
        flags.add(RiscvFaultFlag.PMP_LOCKED);
      }
      boolean applies = !machine || e.locked();
      boolean granted =
          switch (access) {
            case FETCH -> e.executable();
            case LOAD -> e.readable();
            case STORE -> e.writable() && (!amo || e.readable());
          };
      if (applies && !granted) {
        flags.add(RiscvFaultFlag.PMP_DENY);
        String missing =
            switch (access) {
              case FETCH -> "X";
              case LOAD -> "R";
              case STORE -> amo && e.writable() ? "R" : "W";
            };
        return " by PMP "
            + e.describe()
            + ", which does not grant "
            + missing
            + " to "
            + from.mode();
      }
      notes.add(
          "PMP "
              + e.describe()
              + (applies ? " allows this access" : " does not bind unlocked M-mode")
              + ", so the PMP did not deny it: nothing answers at that address, or a PMA forbids"
              + " the access.");
      return " (PMP " + e.describe() + " allows it; not a PMP denial)";
    }

    /** Entries 0..15, or empty with a note when the target has no PMP registers. */
    private List<PmpEntry> readPmp() {
      long[] cfg = new long[PMP_ENTRIES / 4];
      long[] addr = new long[PMP_ENTRIES];
      try {
        for (int i = 0; i < cfg.length; i++) {
          cfg[i] = register("pmpcfg" + i);
        }
        for (int i = 0; i < addr.length; i++) {
          addr[i] = register("pmpaddr" + i);
        }
      } catch (FaultAnalysisException e) {
        notes.add("The PMP registers could not be read (" + e.getMessage() + ").");
        return List.of();
      }
      List<PmpEntry> out = new ArrayList<>();
      for (int i = 0; i < PMP_ENTRIES; i++) {
        int config = (int) ((cfg[i / 4] >>> (8 * (i % 4))) & 0xff);
        out.add(PmpEntry.decode(i, config, addr[i], i == 0 ? 0 : addr[i - 1]));
      }
      return List.copyOf(out);
    }

    /**
     * The trapping instruction: mtval for an illegal instruction when it holds one, else read at
     * mepc (16 bits, 32 when it is not compressed). Empty with a note when memory cannot be read.
     */
    private Optional<Long> instructionAt(long mepc, RiscvTrapCause cause, long mtval) {
      if (cause.interrupt()) {
        return Optional.empty();
      }
      if (cause.code() == 2 && mtval != 0) {
        return Optional.of(mtval);
      }
      if (cause.code() == 1 || cause.code() == 12) {
        return Optional.empty(); // the fetch itself failed: no instruction to read
      }
      try {
        byte[] low = target.readMemory(mepc, 2);
        if (low.length < 2) {
          notes.add("The instruction at mepc " + Hex.word(mepc) + " could not be read.");
          return Optional.empty();
        }
        long half = (low[0] & 0xffL) | (low[1] & 0xffL) << 8;
        if ((half & 3) != 3) {
          return Optional.of(half);
        }
        byte[] high = target.readMemory(mepc + 2, 2);
        if (high.length < 2) {
          notes.add("The instruction at mepc " + Hex.word(mepc) + " could not be read.");
          return Optional.empty();
        }
        return Optional.of(half | (high[0] & 0xffL) << 16 | (high[1] & 0xffL) << 24);
      } catch (TargetException e) {
        notes.add(
            "The instruction at mepc "
                + Hex.word(mepc)
                + " could not be read: "
                + e.getMessage()
                + ".");
        return Optional.empty();
      }
    }

    private long register(String name) {
      try {
        return target.readRegister(name) & 0xffff_ffffL;
      } catch (TargetException e) {
        throw new FaultAnalysisException(
            "cannot read register " + name + " for fault analysis: " + e.getMessage(), e);
      }
    }

    private Optional<Long> optionalRegister(String name) {
      if (!names.contains(name)) {
        return Optional.empty();
      }
      return Optional.of(register(name));
    }

    private CodeLocation codeAt(long address) {
      Optional<SymbolicAddress> symbol = elf.flatMap(e -> e.symbolize(address));
      Optional<SourceLine> source = lines.flatMap(t -> t.lookup(address));
      return new CodeLocation(address, symbol, source);
    }

    /** A return address, named by the call before it (ra - 1), shown as itself. */
    private CodeLocation returnAddress(long ra) {
      if (ra == 0) {
        return CodeLocation.unresolved(ra);
      }
      Optional<SymbolicAddress> symbol =
          elf.flatMap(e -> e.symbolize(ra - 1))
              .map(s -> new SymbolicAddress(s.symbol(), s.offset() + 1));
      Optional<SourceLine> source = lines.flatMap(t -> t.lookup(ra - 1));
      return new CodeLocation(ra, symbol, source);
    }
  }
}
