package io.hilt.probe.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.elf.DwarfLineTable;
import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.target.Arch;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetDrivers;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import io.hilt.probe.testsupport.ProjectPaths;
import io.hilt.probe.testsupport.RiscvQemu;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real traps: pmp-faults.elf on {@code qemu-system-riscv32 -M virt -bios none}, driven through
 * hilt's gdb driver. Each scenario runs to a breakpoint on the trap entry (mtvec), where the
 * analysis reads QEMU's CSRs (as its gdbstub names them in its target description) and PMP
 * registers; then the firmware's own handler runs and its report and exit status must agree.
 */
class RiscvFaultQemuTest {
  static final Path ELF_PATH = ProjectPaths.firmwareBuild("riscv32imac").resolve("pmp-faults.elf");
  static final ElfFile ELF = ElfFile.read(ELF_PATH);
  static final DwarfLineTable LINES = DwarfLineTable.read(ELF);
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  static long symbol(String name) {
    return ELF.symbol(name).orElseThrow().value();
  }

  record Trapped(FaultReport report, int exitCode, String console, List<String> registers) {}

  /** Runs {@code scenario} to the trap entry, analyses there, then lets the handler finish. */
  Trapped trap(String scenario) throws Exception {
    try (RiscvQemu qemu = RiscvQemu.startHaltedWithGdb(ELF_PATH, scenario, dir);
        DebugTarget target = connect(qemu)) {
      target.addBreakpoint(symbol("hilt_trap_entry"));
      target.resume();
      StopReason stop = target.waitForStop(WAIT);
      assertThat(stop)
          .as(qemu.console())
          .isEqualTo(new StopReason.Breakpoint(symbol("hilt_trap_entry")));
      assertThat(RiscvFaultAnalyzer.atFaultTrapVector(target)).isTrue();
      FaultReport report =
          new FaultAnalyzer()
              .analyze(target, Arch.RISCV32IMAC, Optional.of(ELF), Optional.of(LINES));
      List<String> names = target.registerNames();
      target.removeBreakpoint(symbol("hilt_trap_entry"));
      target.resume();
      StopReason end = target.waitForStop(WAIT);
      assertThat(end).isInstanceOf(StopReason.Exited.class);
      return new Trapped(report, ((StopReason.Exited) end).code(), qemu.console(), names);
    }
  }

  private static DebugTarget connect(RiscvQemu qemu) throws InterruptedException {
    TargetSpec spec =
        new TargetSpec(
            "qemu-virt-riscv32",
            Arch.RISCV32IMAC,
            "gdb",
            List.of(new MemoryRegion("ram", 0x8000_0000L, 0x4_0000L)),
            Map.of("address", qemu.gdbAddress()));
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try {
        return TargetDrivers.find("gdb").orElseThrow().open(spec);
      } catch (TargetException notYet) {
        // QEMU may not listen yet
        if (System.nanoTime() > deadline || !qemu.alive()) {
          throw notYet;
        }
        Thread.sleep(20);
      }
    }
  }

  private static PmpEntry matched(FaultReport r) {
    return ((RiscvFaultDetails) r.details())
        .matched()
        .orElseThrow(() -> new AssertionError(r.text()));
  }

  @Test
  void qemuDescribesTheTrapCsrsPmpAndPrivilegeUnderTheirNames() throws Exception {
    Trapped t = trap("u_store");
    assertThat(t.registers())
        .contains("pc", "ra", "sp", "a0", "mstatus", "mtvec", "mepc", "mcause", "mtval", "priv")
        .contains("pmpcfg0", "pmpcfg1", "pmpcfg2", "pmpcfg3", "pmpaddr0", "pmpaddr15");
  }

  @Test
  void userStoreToTheReadOnlyRegion() throws Exception {
    Trapped t = trap("u_store");
    FaultReport r = t.report();
    assertThat(r.exception()).isEqualTo("StoreAccessFault");
    assertThat(r.flagNames()).containsExactly("ACCESS_FAULT", "STORE", "FROM_U", "PMP_DENY");
    assertThat(r.address().orElseThrow().address()).isEqualTo(symbol("ro_region") + 4);
    assertThat(r.function()).contains("u_store");
    assertThat(r.caller().orElseThrow().function()).contains("user_mode_trampoline");
    PmpEntry e = matched(r);
    assertThat(e.index()).isEqualTo(1);
    assertThat(e.start()).isEqualTo(symbol("ro_region"));
    assertThat(e.permissions()).isEqualTo("R--");
    assertThat(t.console())
        .contains(
            String.format(
                "FAULT StoreAccessFault mcause=0x00000007 mepc=0x%08x mtval=0x%08x",
                r.pc().orElseThrow().address(), symbol("ro_region") + 4));
    assertThat(t.exitCode()).isEqualTo(27);
  }

  @Test
  void userLoadOfMachineOnlyData() throws Exception {
    Trapped t = trap("u_load");
    FaultReport r = t.report();
    assertThat(r.exception()).isEqualTo("LoadAccessFault");
    assertThat(r.flagNames()).containsExactly("ACCESS_FAULT", "LOAD", "FROM_U", "PMP_NO_MATCH");
    assertThat(r.address().orElseThrow().address()).isEqualTo(symbol("machine_secret"));
    assertThat(r.function()).contains("u_load");
    assertThat(((RiscvFaultDetails) r.details()).matched()).isEmpty();
    assertThat(t.exitCode()).isEqualTo(25);
  }

  @Test
  void userExecuteFromRam() throws Exception {
    Trapped t = trap("u_exec");
    FaultReport r = t.report();
    assertThat(r.exception()).isEqualTo("InstructionAccessFault");
    assertThat(r.flagNames()).containsExactly("ACCESS_FAULT", "FETCH", "FROM_U", "PMP_DENY");
    assertThat(r.address().orElseThrow().address()).isEqualTo(symbol("ram_code"));
    assertThat(r.pc().orElseThrow().address()).isEqualTo(symbol("ram_code"));
    assertThat(r.function()).contains("ram_code");
    assertThat(matched(r).index()).isEqualTo(6);
    assertThat(matched(r).permissions()).isEqualTo("RW-");
    assertThat(t.exitCode()).isEqualTo(21);
  }

  @Test
  void lockedEntryDeniesMachineMode() throws Exception {
    Trapped t = trap("m_locked");
    FaultReport r = t.report();
    assertThat(r.flagNames())
        .containsExactly("ACCESS_FAULT", "STORE", "FROM_M", "PMP_LOCKED", "PMP_DENY");
    assertThat(r.address().orElseThrow().address()).isEqualTo(symbol("locked_region"));
    assertThat(r.function()).contains("m_locked");
    assertThat(r.caller().orElseThrow().function()).contains("main");
    assertThat(matched(r).index()).isEqualTo(2);
    assertThat(matched(r).locked()).isTrue();
    assertThat(t.exitCode()).isEqualTo(27);
  }

  @Test
  void stackOverflowHitsTheGuard() throws Exception {
    Trapped t = trap("stack_guard");
    FaultReport r = t.report();
    assertThat(r.exception()).isEqualTo("StoreAccessFault");
    assertThat(r.flagNames()).contains("PMP_DENY", "FROM_U");
    assertThat(r.address().orElseThrow().address())
        .isBetween(symbol("task_stack"), symbol("task_stack") + 255);
    assertThat(r.function()).contains("stack_guard_descend");
    assertThat(matched(r).index()).isZero();
    assertThat(matched(r).permissions()).isEqualTo("---");
    assertThat(t.exitCode()).isEqualTo(27);
  }

  @Test
  void illegalInstruction() throws Exception {
    Trapped t = trap("illegal_insn");
    FaultReport r = t.report();
    assertThat(r.exception()).isEqualTo("IllegalInstruction");
    assertThat(r.flagNames()).containsExactly("ILLEGAL_INSTRUCTION", "FROM_M");
    assertThat(((RiscvFaultDetails) r.details()).instruction()).contains(0xc000_1073L);
    assertThat(r.function()).contains("illegal_insn");
    assertThat(t.exitCode()).isEqualTo(22);
  }

  @Test
  void misalignedLoadReserved() throws Exception {
    Trapped t = trap("misaligned_lr");
    FaultReport r = t.report();
    assertThat(r.exception()).isEqualTo("LoadAddressMisaligned");
    assertThat(r.flagNames()).containsExactly("MISALIGNED", "LOAD", "AMO", "FROM_M");
    assertThat(r.address().orElseThrow().address()).isEqualTo(symbol("amo_words") + 2);
    assertThat(r.function()).contains("misaligned_lr");
    assertThat(t.exitCode()).isEqualTo(24);
  }
}
