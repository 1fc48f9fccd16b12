package io.hilt.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.elf.DwarfLineTable;
import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.fault.CortexMFaultDetails;
import io.hilt.probe.fault.FaultAddress;
import io.hilt.probe.fault.FaultAnalyzer;
import io.hilt.probe.fault.FaultReport;
import io.hilt.probe.fault.HaltPoint;
import io.hilt.probe.fault.StackPointer;
import io.hilt.probe.target.Arch;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetSpec;
import io.hilt.probe.testsupport.CrossCompiler;
import io.hilt.sim.board.Program;
import io.hilt.sim.thumb.Asm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * End to end: a gcc-built firmware writes to a read-only MPU region on {@code sim-cortex-m3} (and
 * {@code sim-cortex-m4}); the vector catch stops it at the MemManage handler's entry, and the
 * orchestrator's {@link FaultAnalyzer} reads the fault through the {@link DebugTarget} like it
 * would on a real board.
 */
class FaultAnalysisOnSimulatorTest {
  static final long PROTECTED = 0x2000_4000L;

  @TempDir Path work;

  private Path compile(String cpu) throws Exception {
    return CrossCompiler.gcc(work)
        .linkWithFirmwareRuntime(
            cpu, List.of("-mfloat-abi=soft", "-O1", "-g"), source(), "mpu-fault-" + cpu + ".elf");
  }

  private Path source() throws Exception {
    return Path.of(getClass().getResource("/firmware/mpu-fault.c").toURI());
  }

  /** The 1-based line of the source holding {@code marker}. */
  private int line(String marker) throws Exception {
    List<String> lines = Files.readAllLines(source());
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(marker)) {
        return i + 1;
      }
    }
    throw new AssertionError("no " + marker + " in mpu-fault.c");
  }

  @ParameterizedTest(name = "built with -mcpu={0}, run on sim-{1}")
  @CsvSource({
    "cortex-m0plus, cortex-m3",
    "cortex-m3, cortex-m3",
    "cortex-m4, cortex-m4",
    "cortex-m0plus, cortex-m4"
  })
  void mpuWriteViolationIsCaughtAtTheHandlerAndExplained(String cpu, String board)
      throws Exception {
    Path elfPath = compile(cpu);
    Arch arch = Arch.fromId(board).orElseThrow();
    TargetSpec spec =
        new TargetSpec(
            "sim-" + board,
            arch,
            "sim",
            List.of(
                new MemoryRegion("code", 0, 0x40_0000),
                new MemoryRegion("ram", 0x2000_0000L, 0x40_0000)),
            Map.of());
    ElfFile elf = ElfFile.read(elfPath);
    DwarfLineTable lines = DwarfLineTable.read(elf);
    long roWrite = elf.symbol("ro_write").orElseThrow().value() & ~1L;
    long handler = elf.symbol("MemManage_Handler").orElseThrow().value() & ~1L;

    try (DebugTarget target = new SimDriver(Clock.systemUTC()).open(spec)) {
      target.load(FirmwareImages.load(elfPath));
      target.reset(ResetMode.RUN);
      StopReason stop = target.waitForStop(Duration.ofSeconds(60));

      assertThat(stop).isInstanceOf(StopReason.Fault.class);
      StopReason.Fault fault = (StopReason.Fault) stop;
      assertThat(fault.exception()).as(fault.toString()).isEqualTo("MemManage");
      assertThat(fault.pc()).isBetween(roWrite, roWrite + 16);
      assertThat(fault.detail()).contains("0x20004000").contains("read-only");
      assertThat(target.readRegister("pc")).isEqualTo(handler);

      FaultReport report =
          new FaultAnalyzer().analyze(target, arch, Optional.of(elf), Optional.of(lines));

      assertThat(report.exception()).isEqualTo("MemManage");
      assertThat(report.escalated()).isFalse();
      // DFSR.VCATCH: the halt came from the vector catch, as on a real debug probe.
      assertThat(report.flagNames()).containsExactly("DACCVIOL", "MMARVALID", "VCATCH");
      assertThat(report.address()).contains(new FaultAddress(PROTECTED, "MMFAR"));
      assertThat(report.function()).contains("ro_write");
      assertThat(report.pc().orElseThrow().address()).isEqualTo(fault.pc());
      assertThat(report.pc().orElseThrow().source().orElseThrow().line())
          .isEqualTo(line("/* FAULT */"));
      assertThat(report.caller().orElseThrow().function()).contains("main");
      assertThat(report.caller().orElseThrow().source().orElseThrow().line())
          .isEqualTo(line("/* CALL */"));
      CortexMFaultDetails details = (CortexMFaultDetails) report.details();
      assertThat(details.haltPoint()).isEqualTo(HaltPoint.HANDLER_ENTRY);
      assertThat(details.excReturn().orElseThrow().stack()).isEqualTo(StackPointer.MSP);
      assertThat(details.frame().orElseThrow().address()).isEqualTo(target.readRegister("sp"));
      assertThat(report.explanation())
          .startsWith("MemManage fault: data access violation at 0x20004000")
          .contains("in ro_write")
          .contains("mpu-fault.c:" + line("/* FAULT */"));
    }
  }

  @Test
  void lockupInTheHardFaultHandlerIsReportedAsLockup() {
    int sp = 0x2000_8000;
    int hardFault = 0x200;
    Program p = new Program().vectors(sp, 0x100, 0x180, hardFault);
    p.at(0x100).hw(Asm.NOP, Asm.udf(1));
    p.at(hardFault).hw(Asm.NOP, Asm.udf(2));
    TargetSpec spec =
        new TargetSpec(
            "sim-cortex-m3", Arch.CORTEX_M3, "sim", List.of(), Map.of("vector-catch", "none"));
    try (DebugTarget target = new SimDriver(Clock.systemUTC()).open(spec)) {
      target.load(new FirmwareImage("lockup", p.segments()));
      target.reset(ResetMode.RUN);
      StopReason stop = target.waitForStop(Duration.ofSeconds(60));
      assertThat(stop).isInstanceOf(StopReason.Lockup.class);
      assertThat(((StopReason.Lockup) stop).pc()).isEqualTo(hardFault + 2);

      FaultReport report =
          new FaultAnalyzer().analyze(target, Arch.CORTEX_M3, Optional.empty(), Optional.empty());
      assertThat(report.exception()).isEqualTo("HardFault");
      assertThat(report.flagNames()).contains("UNDEFINSTR", "FORCED");
      assertThat(((CortexMFaultDetails) report.details()).haltPoint()).isEqualTo(HaltPoint.LOCKUP);
      assertThat(report.pc().orElseThrow().address()).as("the first fault").isEqualTo(0x102);
    }
  }
}
