package io.hilt.orchestrator.steps;

import io.hilt.probe.elf.DwarfLineTable;
import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.fault.FaultAnalysisException;
import io.hilt.probe.fault.FaultAnalyzer;
import io.hilt.probe.fault.FaultReport;
import io.hilt.probe.fault.RiscvFaultAnalyzer;
import io.hilt.probe.target.Arch;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.StopReason;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Tells whether a stopped core shows a fault, and decodes it with the {@link FaultAnalyzer}. The
 * rules (which stop means what) are in docs/faults.md.
 */
public final class FaultDetector {
  /**
   * IPSR numbers of the fault exceptions: NMI, HardFault, MemManage, BusFault, UsageFault, Secure.
   */
  static final int FIRST_FAULT_EXCEPTION = 2;

  static final int LAST_FAULT_EXCEPTION = 7;

  private final DebugTarget target;
  private final Arch arch;
  private final ElfFile elf;
  private Optional<DwarfLineTable> lines = Optional.empty();

  /**
   * @param elf the firmware running on the target, to name functions and source lines
   */
  public FaultDetector(DebugTarget target, Arch arch, ElfFile elf) {
    this.target = Objects.requireNonNull(target, "target");
    this.arch = Objects.requireNonNull(arch, "arch");
    this.elf = Objects.requireNonNull(elf, "elf");
  }

  /**
   * The fault a stop shows: a vector catch or a lockup always; a breakpoint, an exit, an
   * instruction limit or a halt when the core is inside a fault handler; nothing for a wait that
   * timed out (see {@link #inFaultHandler()} for that).
   */
  public Optional<DetectedFault> afterStop(StopReason reason) {
    if (reason instanceof StopReason.Fault) {
      return Optional.of(analyse(FaultDetection.VECTOR_CATCH, StopReasons.describe(reason)));
    }
    if (reason instanceof StopReason.Lockup) {
      return Optional.of(analyse(FaultDetection.LOCKUP, StopReasons.describe(reason)));
    }
    if (reason instanceof StopReason.TimedOut || !inFaultHandler()) {
      return Optional.empty();
    }
    FaultDetection how =
        reason instanceof StopReason.Breakpoint
            ? FaultDetection.BREAKPOINT_IN_HANDLER
            : reason instanceof StopReason.Exited
                ? FaultDetection.EXITED_FROM_HANDLER
                : FaultDetection.STOPPED_IN_HANDLER;
    return Optional.of(analyse(how, StopReasons.describe(reason)));
  }

  /**
   * Like {@link #afterStop(StopReason)}, but a stop inside the handler of the fault {@code
   * accepted} already decoded (its exit, a breakpoint or a halt in it) is no new fault and is not
   * decoded again: an exception cannot preempt itself, and with vector catch a new fault entry
   * would have been a vector-catch stop. On a probe-rs board that saves the dozens of probe round
   * trips a full analysis takes.
   */
  public Optional<DetectedFault> afterStop(StopReason reason, Optional<DetectedFault> accepted) {
    boolean entry =
        reason instanceof StopReason.Fault
            || reason instanceof StopReason.Lockup
            || reason instanceof StopReason.TimedOut;
    if (!entry && accepted.flatMap(DetectedFault::report).isPresent()) {
      int handled = accepted.get().report().get().exceptionNumber();
      if (activeException().orElse(-1) == handled) {
        return Optional.empty();
      }
    }
    return afterStop(reason);
  }

  private OptionalInt activeException() {
    if (arch == Arch.RISCV32IMAC || !target.registerNames().contains("xpsr")) {
      return OptionalInt.empty();
    }
    return OptionalInt.of((int) (target.readRegister("xpsr") & 0x1ff));
  }

  /**
   * Whether the halted core is handling a fault exception (IPSR 2 to 7). Always false on cores
   * without IPSR (RISC-V) or targets that do not expose xPSR.
   */
  public boolean inFaultHandler() {
    if (arch == Arch.RISCV32IMAC) {
      // no IPSR: only the first instruction of the trap handler after a fault cause is known
      return RiscvFaultAnalyzer.atFaultTrapVector(target);
    }
    OptionalInt ipsr = activeException();
    return ipsr.isPresent()
        && ipsr.getAsInt() >= FIRST_FAULT_EXCEPTION
        && ipsr.getAsInt() <= LAST_FAULT_EXCEPTION;
  }

  /**
   * Decodes the fault the halted core is in; when that is not possible (no exception active, a
   * register that cannot be read) the result says why instead of carrying a report.
   */
  public DetectedFault analyse(FaultDetection how, String summary) {
    try {
      FaultReport report =
          new FaultAnalyzer().analyze(target, arch, Optional.of(elf), Optional.of(lines()));
      return new DetectedFault(how, summary, Optional.of(report), Optional.empty());
    } catch (FaultAnalysisException e) {
      return new DetectedFault(how, summary, Optional.empty(), Optional.of(e.getMessage()));
    }
  }

  private DwarfLineTable lines() {
    if (lines.isEmpty()) {
      lines = Optional.of(DwarfLineTable.readOrEmpty(elf));
    }
    return lines.get();
  }
}
