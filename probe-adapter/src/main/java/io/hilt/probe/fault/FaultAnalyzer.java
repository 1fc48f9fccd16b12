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
 * Decodes the fault a halted core is handling: Cortex-M here, RISC-V in {@link RiscvFaultAnalyzer}
 * (which {@link #analyze} calls for {@link Arch#RISCV32IMAC}). For Cortex-M it reads through the
 * {@link DebugTarget} memory and register interface only, so the same code serves simulated and
 * real boards.
 *
 * <h2>What is read</h2>
 *
 * Registers {@code xpsr}, {@code pc}, {@code lr}, {@code sp} (and {@code psp} when the frame is on
 * the process stack); ICSR; on ARMv7-M and ARMv8-M also SHCSR, CFSR, HFSR, DFSR, MMFAR and BFAR
 * (ARMv6-M has none of these, so a Cortex-M0+ report carries no flags and says so); VTOR and the
 * vector of the active exception; the stacked frame; FPCCR when the frame is extended.
 *
 * <h2>Rules</h2>
 *
 * <ol>
 *   <li>The active exception is IPSR (xPSR bits 8:0). IPSR 0 means thread mode, no exception is
 *       being handled: {@link FaultAnalysisException}.
 *   <li>PC {@code 0xEFFFFFFE} means the core is locked up ({@link HaltPoint#LOCKUP}). Otherwise, PC
 *       equal to the active exception's vector (VTOR + 4 &times; IPSR, Thumb bit cleared) means the
 *       core stopped at the handler's first instruction ({@link HaltPoint#HANDLER_ENTRY}: vector
 *       catch, or a breakpoint there); any other PC means it stopped later in the handler ({@link
 *       HaltPoint#IN_HANDLER}: a spinning default handler, a BKPT, a semihosting call).
 *   <li>EXC_RETURN: LR when LR holds a value valid for the architecture ({@link ExcReturn}). At
 *       handler entry it must (else the frame is not read and a note says why). Later in the
 *       handler, when LR was reused, the first EXC_RETURN-shaped word in the {@value #SCAN_BYTES}
 *       bytes above SP is taken: that is where a handler prologue ({@code push {..., lr}}) put it.
 *   <li>The frame is on the stack EXC_RETURN names. PSP is never moved by handler code, so a PSP
 *       frame is at PSP. An MSP frame is at SP at handler entry; later, it is just above the pushed
 *       EXC_RETURN when that was found on the stack, otherwise at the first plausible position at
 *       or above SP (word steps, at most {@value #SCAN_BYTES} bytes): stacked PC halfword-aligned,
 *       stacked IPSR zero exactly when EXC_RETURN says thread mode, and the Thumb bit set unless
 *       INVSTATE says it was clear. Frames found by scanning are marked as such. ARMv8-M frames
 *       with additional state context start 0x28 bytes higher.
 *   <li>The faulting PC is the stacked PC; the caller is the stacked LR (a return address: its
 *       function is the one containing LR-1, and its source line that of the call). A stacked LR
 *       that is itself EXC_RETURN means the faulting code was a handler; no caller is given. After
 *       a stacking error (MSTKERR, STKERR) the stacked registers are not the faulting code's, so no
 *       PC or caller is given.
 *   <li>The fault address is MMFAR with MMARVALID or BFAR with BFARVALID (BFAR first when the fault
 *       is a BusFault, directly or escalated).
 *   <li>A HardFault with FORCED is escalated; its cause is the class of the CFSR flags set
 *       (MemManage, then BusFault, then UsageFault).
 * </ol>
 *
 * <p>Reads that fail (an unmapped stack, an unreadable vector table) do not abort the analysis: the
 * part is left out and a note gives the address and the target's message. Registers that cannot be
 * read do abort it, with a {@link FaultAnalysisException} naming the register.
 *
 * <p>End-to-end tests against the ARMv7-M simulator with an MPU come with that simulator; until
 * then the rules are tested against a memory-backed target double and real gcc-built ELFs.
 */
public final class FaultAnalyzer {
  /** How far above SP the analysis looks for a pushed EXC_RETURN or the frame. */
  public static final int SCAN_BYTES = 256;

  static final long ICSR = 0xE000_ED04L;
  static final long VTOR = 0xE000_ED08L;
  static final long FPCCR = 0xE000_EF34L;
  static final long LOCKUP_PC = 0xEFFF_FFFEL;

  public FaultAnalyzer() {}

  /**
   * Analyses the exception the halted core is in: the one entry point for every architecture.
   * Cortex-M cores follow the rules above; {@link Arch#RISCV32IMAC} goes to {@link
   * RiscvFaultAnalyzer}.
   *
   * @param elf the firmware, to name functions ({@code function+offset})
   * @param lines its line table, to give {@code file:line}
   * @throws FaultAnalysisException when no exception is active (on RISC-V: the hart is not in
   *     M-mode or took no trap), or a core register cannot be read
   */
  public FaultReport analyze(
      DebugTarget target, Arch arch, Optional<ElfFile> elf, Optional<DwarfLineTable> lines) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(elf, "elf");
    Objects.requireNonNull(lines, "lines");
    if (arch == Arch.RISCV32IMAC) {
      return new RiscvFaultAnalyzer().analyze(target, elf, lines);
    }
    return new CortexM(target, arch, elf, lines).analyze();
  }

  /** One analysis of one halted Cortex-M core. */
  private static final class CortexM {
    private final DebugTarget target;
    private final Arch arch;
    private final Optional<ElfFile> elf;
    private final Optional<DwarfLineTable> lines;
    private final boolean v6m;
    private final List<String> notes = new ArrayList<>();

    CortexM(DebugTarget target, Arch arch, Optional<ElfFile> elf, Optional<DwarfLineTable> lines) {
      this.target = target;
      this.arch = arch;
      this.elf = elf;
      this.lines = lines;
      this.v6m = arch == Arch.CORTEX_M0PLUS;
    }

    FaultReport analyze() {
      long xpsr = register("xpsr");
      long pc = register("pc");
      long lr = register("lr");
      long sp = register("sp");
      int ipsr = (int) (xpsr & (v6m ? 0x3f : 0x1ff));
      if (ipsr == 0) {
        throw new FaultAnalysisException(
            "no exception is active: IPSR is 0 (thread mode) at pc "
                + Hex.word(pc)
                + "; fault analysis needs the core halted in an exception handler");
      }
      Optional<Long> icsrRead = word(ICSR, "ICSR");
      icsrRead
          .filter(icsr -> (icsr & 0x1ff) != ipsr)
          .ifPresent(
              icsr ->
                  notes.add("ICSR.VECTACTIVE is " + (icsr & 0x1ff) + " but IPSR is " + ipsr + "."));
      long icsr = icsrRead.orElse(0L);
      Optional<FaultStatusRegisters> registers = v6m ? Optional.empty() : readStatus();
      List<CortexMFaultFlag> flags =
          registers
              .map(r -> CortexMFaultFlag.decode(r.cfsr(), r.hfsr(), r.dfsr(), isV8m()))
              .orElse(List.of());
      if (v6m) {
        notes.add(
            "ARMv6-M has no fault status registers (CFSR, HFSR, MMFAR, BFAR), so the hardware did"
                + " not record the cause: look at the faulting instruction.");
      }

      HaltPoint haltPoint;
      if ((pc & ~1L) == LOCKUP_PC) {
        haltPoint = HaltPoint.LOCKUP;
        notes.add(
            "The core is locked up (PC 0xeffffffe): it faulted while handling a HardFault or NMI.");
      } else {
        Optional<Long> handler = handlerAddress(ipsr);
        haltPoint =
            handler.isPresent() && handler.get() == (pc & ~1L)
                ? HaltPoint.HANDLER_ENTRY
                : HaltPoint.IN_HANDLER;
      }

      Optional<ExcReturn> excReturn = ExcReturn.decode(lr, arch);
      Optional<Long> frameAddress = Optional.empty();
      boolean scanned = false;
      boolean verifyAtSp = false;
      if (excReturn.isEmpty() && haltPoint == HaltPoint.HANDLER_ENTRY) {
        notes.add(
            "LR "
                + Hex.word(lr)
                + " is not an EXC_RETURN value although the core is at the handler's first"
                + " instruction, so the exception frame was not read.");
      } else if (excReturn.isEmpty()) {
        Optional<long[]> pushed = findPushedExcReturn(sp);
        if (pushed.isPresent()) {
          excReturn = ExcReturn.decode(pushed.get()[1], arch);
          notes.add(
              "EXC_RETURN "
                  + Hex.word(pushed.get()[1])
                  + " was found on the main stack at "
                  + Hex.word(pushed.get()[0])
                  + ", where the handler pushed it.");
          if (excReturn.orElseThrow().stack() == StackPointer.MSP) {
            frameAddress = Optional.of(pushed.get()[0] + 4);
            verifyAtSp = true;
            scanned = true;
          }
        } else {
          notes.add(
              "LR "
                  + Hex.word(lr)
                  + " is not an EXC_RETURN value and none was found in the "
                  + SCAN_BYTES
                  + " bytes above SP "
                  + Hex.word(sp)
                  + ", so the exception frame was not read.");
        }
      }
      Optional<ExceptionFrame> frame = Optional.empty();
      if (excReturn.isPresent()) {
        ExcReturn e = excReturn.get();
        if (e.stack() == StackPointer.PSP) {
          frameAddress = processStackPointer();
        } else if (frameAddress.isEmpty()) {
          frameAddress = Optional.of(sp);
          verifyAtSp = haltPoint != HaltPoint.HANDLER_ENTRY;
        }
        if (frameAddress.isPresent()) {
          long base = frameAddress.get() + (e.additionalStateContext() ? 0x28 : 0);
          if (verifyAtSp) {
            Located located = findFrame(base, e, flags);
            frame = located.frame;
            scanned |= located.moved;
          } else {
            frame = readFrame(base, e);
          }
        }
        frame.ifPresent(f -> checkLazyFp(f, e));
      }
      if (scanned && frame.isPresent()) {
        notes.add(
            "The handler had pushed registers; the exception frame was found at "
                + Hex.word(frame.get().address())
                + ", "
                + (frame.get().address() - sp)
                + " bytes above SP.");
      }

      boolean stackingError =
          flags.contains(CortexMFaultFlag.MSTKERR) || flags.contains(CortexMFaultFlag.STKERR);
      if (stackingError) {
        notes.add(
            "The core could not stack the exception frame (stacking error), so the stacked"
                + " registers are not those of the faulting code.");
      }
      Optional<CodeLocation> faultPc = Optional.empty();
      Optional<CodeLocation> caller = Optional.empty();
      if (frame.isPresent() && !stackingError) {
        ExceptionFrame f = frame.get();
        faultPc = Optional.of(codeAt(f.pc() & ~1L));
        if (ExcReturn.isValid(f.lr(), arch)) {
          notes.add(
              "The stacked LR is EXC_RETURN "
                  + Hex.word(f.lr())
                  + ": the faulting code was itself an exception handler.");
        } else {
          caller = Optional.of(returnAddress(f.lr()));
        }
      }
      if (flags.contains(CortexMFaultFlag.IMPRECISERR)) {
        notes.add(
            "The bus error was imprecise: the stacked PC is after the access that failed"
                + " (a buffered write).");
      }
      if (flags.contains(CortexMFaultFlag.MUNSTKERR)
          || flags.contains(CortexMFaultFlag.UNSTKERR)
          || flags.contains(CortexMFaultFlag.INVPC)) {
        notes.add("The fault happened on exception return, not in the code the PC points to.");
      }

      String exception = exceptionName(ipsr);
      if (ipsr > 7) {
        notes.add(
            "IPSR "
                + ipsr
                + " ("
                + exception
                + ") is not a fault exception: the core was stopped in an ordinary handler.");
      }
      boolean escalated = flags.contains(CortexMFaultFlag.FORCED);
      Optional<String> cause = escalated ? escalatedFrom(flags) : Optional.empty();
      cause.ifPresent(c -> registers.ifPresent(r -> noteDisabledHandler(c, r)));
      Optional<FaultAddress> address = faultAddress(flags, registers, exception, cause);

      CortexMFaultDetails details =
          new CortexMFaultDetails(
              haltPoint, ipsr, icsr, excReturn, frame, scanned && frame.isPresent(), registers);
      return new FaultReport(
          arch,
          exception,
          ipsr,
          cause,
          escalated,
          List.copyOf(flags),
          address,
          faultPc,
          caller,
          notes,
          details);
    }

    private boolean isV8m() {
      return arch == Arch.CORTEX_M33;
    }

    private long register(String name) {
      try {
        return target.readRegister(name) & 0xffff_ffffL;
      } catch (TargetException e) {
        throw new FaultAnalysisException(
            "cannot read register " + name + " for fault analysis: " + e.getMessage(), e);
      }
    }

    private Optional<Long> processStackPointer() {
      if (!target.registerNames().contains("psp")) {
        notes.add(
            "The frame is on the process stack but the target does not expose psp, so it was not"
                + " read.");
        return Optional.empty();
      }
      return Optional.of(register("psp"));
    }

    /** A 32-bit word, or empty with a note when the target cannot read it. */
    private Optional<Long> word(long address, String what) {
      try {
        return Optional.of(le32(target.readMemory(address, 4), 0, what, address));
      } catch (TargetException e) {
        notes.add(
            what + " at " + Hex.word(address) + " could not be read: " + e.getMessage() + ".");
        return Optional.empty();
      }
    }

    private static long le32(byte[] b, int at, String what, long address) {
      if (b.length < at + 4) {
        throw new FaultAnalysisException(
            "reading "
                + what
                + " at "
                + Hex.word(address)
                + ": the target returned "
                + b.length
                + " bytes");
      }
      return (b[at] & 0xffL)
          | (b[at + 1] & 0xffL) << 8
          | (b[at + 2] & 0xffL) << 16
          | (b[at + 3] & 0xffL) << 24;
    }

    private Optional<FaultStatusRegisters> readStatus() {
      Optional<Long> cfsr = word(FaultStatusRegisters.CFSR, "CFSR");
      Optional<Long> hfsr = word(FaultStatusRegisters.HFSR, "HFSR");
      Optional<Long> dfsr = word(FaultStatusRegisters.DFSR, "DFSR");
      Optional<Long> mmfar = word(FaultStatusRegisters.MMFAR, "MMFAR");
      Optional<Long> bfar = word(FaultStatusRegisters.BFAR, "BFAR");
      Optional<Long> shcsr = word(FaultStatusRegisters.SHCSR, "SHCSR");
      if (cfsr.isEmpty() || hfsr.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new FaultStatusRegisters(
              cfsr.get(),
              hfsr.get(),
              dfsr.orElse(0L),
              mmfar.orElse(0L),
              bfar.orElse(0L),
              shcsr.orElse(0L)));
    }

    private Optional<Long> handlerAddress(int ipsr) {
      Optional<Long> vtor = word(VTOR, "VTOR");
      long table = vtor.orElse(0L) & 0xffff_ff80L;
      return word(table + 4L * ipsr, "vector " + ipsr).map(v -> v & ~1L);
    }

    /** {address, value} of the first EXC_RETURN-shaped word at or above SP. */
    private Optional<long[]> findPushedExcReturn(long sp) {
      long[] words = readWords(sp, SCAN_BYTES / 4);
      for (int i = 0; i < words.length; i++) {
        if (ExcReturn.isValid(words[i], arch)) {
          return Optional.of(new long[] {sp + 4L * i, words[i]});
        }
      }
      return Optional.empty();
    }

    /** Up to {@code count} words from {@code address}, stopping at the first unreadable one. */
    private long[] readWords(long address, int count) {
      try {
        byte[] b = target.readMemory(address, count * 4);
        long[] out = new long[Math.min(count, b.length / 4)];
        for (int i = 0; i < out.length; i++) {
          out[i] = le32(b, 4 * i, "stack", address);
        }
        return out;
      } catch (TargetException e) {
        List<Long> got = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          try {
            got.add(le32(target.readMemory(address + 4L * i, 4), 0, "stack", address + 4L * i));
          } catch (TargetException stop) {
            break;
          }
        }
        return got.stream().mapToLong(Long::longValue).toArray();
      }
    }

    private record Located(Optional<ExceptionFrame> frame, boolean moved) {}

    /** The first plausible frame at or above {@code from}, word by word. */
    private Located findFrame(long from, ExcReturn e, List<CortexMFaultFlag> flags) {
      int frameWords =
          (e.extendedFrame() ? ExceptionFrame.EXTENDED_BYTES : ExceptionFrame.BASIC_BYTES) / 4;
      long[] words = readWords(from, SCAN_BYTES / 4 + frameWords);
      for (int i = 0; i + frameWords <= words.length && i < SCAN_BYTES / 4; i++) {
        byte[] bytes = new byte[frameWords * 4];
        for (int k = 0; k < frameWords; k++) {
          long w = words[i + k];
          for (int j = 0; j < 4; j++) {
            bytes[4 * k + j] = (byte) (w >>> (8 * j));
          }
        }
        ExceptionFrame f = ExceptionFrame.parse(from + 4L * i, bytes, e.extendedFrame());
        if (plausible(f, e, flags)) {
          return new Located(Optional.of(f), i > 0);
        }
      }
      notes.add(
          "No plausible exception frame was found in the "
              + SCAN_BYTES
              + " bytes above "
              + Hex.word(from)
              + ".");
      return new Located(Optional.empty(), false);
    }

    private boolean plausible(ExceptionFrame f, ExcReturn e, List<CortexMFaultFlag> flags) {
      boolean thumbOk = f.thumb() || flags.contains(CortexMFaultFlag.INVSTATE);
      boolean ipsrOk = e.threadMode() ? f.ipsr() == 0 : f.ipsr() != 0;
      return (f.pc() & 1) == 0 && thumbOk && ipsrOk;
    }

    private Optional<ExceptionFrame> readFrame(long address, ExcReturn e) {
      int size = e.extendedFrame() ? ExceptionFrame.EXTENDED_BYTES : ExceptionFrame.BASIC_BYTES;
      try {
        byte[] bytes = target.readMemory(address, size);
        if (bytes.length < size) {
          notes.add(
              "The exception frame at "
                  + Hex.word(address)
                  + " could not be read: the target returned "
                  + bytes.length
                  + " of "
                  + size
                  + " bytes.");
          return Optional.empty();
        }
        return Optional.of(ExceptionFrame.parse(address, bytes, e.extendedFrame()));
      } catch (TargetException ex) {
        notes.add(
            "The exception frame at "
                + Hex.word(address)
                + " could not be read: "
                + ex.getMessage()
                + ".");
        return Optional.empty();
      }
    }

    private void checkLazyFp(ExceptionFrame f, ExcReturn e) {
      if (!e.extendedFrame()) {
        return;
      }
      word(FPCCR, "FPCCR")
          .filter(fpccr -> (fpccr & 1) != 0)
          .ifPresent(
              fpccr ->
                  notes.add(
                      "Lazy floating-point stacking is pending (FPCCR.LSPACT): s0-s15 and FPSCR"
                          + " in the frame at "
                          + Hex.word(f.address())
                          + " are not written yet."));
    }

    private CodeLocation codeAt(long address) {
      Optional<SymbolicAddress> symbol = elf.flatMap(e -> e.symbolize(address));
      Optional<SourceLine> source = lines.flatMap(t -> t.lookup(address));
      return new CodeLocation(address, symbol, source);
    }

    /** A return address: named by the call before it (LR-1), shown as itself. */
    private CodeLocation returnAddress(long lr) {
      long address = lr & ~1L;
      if (address == 0) {
        return CodeLocation.unresolved(address);
      }
      Optional<SymbolicAddress> symbol =
          elf.flatMap(e -> e.symbolize(address - 1))
              .map(s -> new SymbolicAddress(s.symbol(), s.offset() + 1));
      Optional<SourceLine> source = lines.flatMap(t -> t.lookup(address - 1));
      return new CodeLocation(address, symbol, source);
    }

    private String exceptionName(int number) {
      return switch (number) {
        case 2 -> "NMI";
        case 3 -> "HardFault";
        case 4 -> "MemManage";
        case 5 -> "BusFault";
        case 6 -> "UsageFault";
        case 7 -> "SecureFault";
        case 11 -> "SVCall";
        case 12 -> "DebugMonitor";
        case 14 -> "PendSV";
        case 15 -> "SysTick";
        default -> number >= 16 ? "IRQ " + (number - 16) : "reserved exception " + number;
      };
    }

    private static Optional<String> escalatedFrom(List<CortexMFaultFlag> flags) {
      for (CortexMFaultFlag.Group g :
          List.of(
              CortexMFaultFlag.Group.MMFSR,
              CortexMFaultFlag.Group.BFSR,
              CortexMFaultFlag.Group.UFSR)) {
        if (flags.stream().anyMatch(f -> f.group() == g && f.isCause())) {
          return Optional.of(className(g));
        }
      }
      return Optional.empty();
    }

    private static String className(CortexMFaultFlag.Group g) {
      return switch (g) {
        case MMFSR -> "MemManage";
        case BFSR -> "BusFault";
        case UFSR -> "UsageFault";
        case HFSR, DFSR -> throw new IllegalArgumentException(g + " is not a fault class");
      };
    }

    private void noteDisabledHandler(String cause, FaultStatusRegisters r) {
      String bit =
          switch (cause) {
            case "MemManage" -> r.memManageEnabled() ? "" : "MEMFAULTENA";
            case "BusFault" -> r.busFaultEnabled() ? "" : "BUSFAULTENA";
            case "UsageFault" -> r.usageFaultEnabled() ? "" : "USGFAULTENA";
            default -> "";
          };
      if (!bit.isEmpty()) {
        notes.add(
            "The "
                + cause
                + " handler is disabled (SHCSR."
                + bit
                + " = 0), so the fault escalated to HardFault.");
      } else {
        notes.add(
            "The "
                + cause
                + " handler is enabled, so the fault escalated because its priority did not allow"
                + " it to run (or it faulted itself).");
      }
    }

    private static Optional<FaultAddress> faultAddress(
        List<CortexMFaultFlag> flags,
        Optional<FaultStatusRegisters> registers,
        String exception,
        Optional<String> cause) {
      if (registers.isEmpty()) {
        return Optional.empty();
      }
      FaultStatusRegisters r = registers.get();
      boolean mm = flags.contains(CortexMFaultFlag.MMARVALID);
      boolean bf = flags.contains(CortexMFaultFlag.BFARVALID);
      boolean busFirst = exception.equals("BusFault") || cause.equals(Optional.of("BusFault"));
      if (bf && (busFirst || !mm)) {
        return Optional.of(new FaultAddress(r.bfar(), "BFAR"));
      }
      if (mm) {
        return Optional.of(new FaultAddress(r.mmfar(), "MMFAR"));
      }
      return Optional.empty();
    }
  }
}
