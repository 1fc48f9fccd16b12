package io.hilt.sim.rtt;

import io.hilt.probe.defmt.DefmtLocations;
import io.hilt.probe.defmt.DefmtTable;
import io.hilt.probe.defmt.SourceLocator;
import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.rtt.Rtt;
import io.hilt.probe.target.Arch;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetDriver;
import io.hilt.probe.target.TargetDrivers;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import io.hilt.probe.testsupport.ProjectPaths;
import io.hilt.sim.SimTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * {@code firmware/build/<cpu>/defmt-demo.elf} on the simulator, opened the way the orchestrator
 * opens a target: driver {@code sim} through {@link TargetDrivers}, the memory of {@code
 * device-profiles/sim-<cpu>.yaml}, the ELF's image loaded, the command line set.
 */
final class DemoTarget implements AutoCloseable {
  /** The C source, for the lines the decoder must report. */
  static final Path SOURCE = ProjectPaths.root().resolve("firmware/src/defmt-demo.c");

  /** Code ("flash") and RAM of the mps2 boards, as in the sim profiles. */
  static final List<MemoryRegion> MEMORY =
      List.of(
          new MemoryRegion("code", 0x0000_0000L, 4L << 20),
          new MemoryRegion("ram", 0x2000_0000L, 4L << 20));

  static TargetSpec spec(Arch arch) {
    return new TargetSpec(
        "sim-" + arch.id(), arch, "sim", MEMORY, Map.of("max-instructions", "4000000000"));
  }

  static Path elfPath(Arch arch) {
    return ProjectPaths.firmwareBuild(arch.id()).resolve("defmt-demo.elf");
  }

  /** Bound of every wait; a healthy run takes a fraction of it. */
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  static final Duration POLL = Duration.ofMillis(1);

  final ElfFile elf;
  final DefmtTable table;
  final SourceLocator locator;
  final DebugTarget target;

  private DemoTarget(ElfFile elf, DebugTarget target) {
    this.elf = elf;
    this.table = DefmtTable.fromElf(elf).orElseThrow(() -> new AssertionError("no defmt table"));
    this.locator = DefmtLocations.read(elf, table);
    this.target = target;
  }

  /**
   * Loads the cortex-m0plus demo with {@code arguments} and leaves the core as {@code mode} says.
   */
  static DemoTarget open(ResetMode mode, String... arguments) {
    return open(Arch.CORTEX_M0PLUS, mode, arguments);
  }

  /**
   * Loads the demo built for {@code arch}. A core the simulator does not have yet is a skipped
   * test, not a failure (ARMv7-M is being added); cortex-m0plus must always be there.
   */
  static DemoTarget open(Arch arch, ResetMode mode, String... arguments) {
    Path path = elfPath(arch);
    ElfFile elf = ElfFile.read(path);
    TargetDriver driver =
        TargetDrivers.find("sim").orElseThrow(() -> new AssertionError("no driver 'sim'"));
    DebugTarget target;
    try {
      target = driver.open(spec(arch));
    } catch (TargetException e) {
      Assumptions.assumeTrue(arch == Arch.CORTEX_M0PLUS, "simulator: " + e.getMessage());
      throw e;
    }
    try {
      String commandLine =
          arguments.length == 0 ? path.toString() : path + " " + String.join(" ", arguments);
      target.semihosting().orElseThrow().setCommandLine(commandLine);
      target.load(FirmwareImages.image(elf));
      forgetTheResetWithoutFirmware(target);
      target.reset(mode);
      return new DemoTarget(elf, target);
    } catch (RuntimeException | Error e) {
      target.close();
      throw e;
    }
  }

  /** Scratch RAM far above what the firmware uses (its linker script uses the first 64 KiB). */
  private static final long SCRATCH = 0x2030_0000L;

  /**
   * Works around a simulator bug on this branch: the target resets its board when opened, before
   * any firmware is loaded; the reset vector then reads as 0 (even, "ARM state"), and the board
   * remembers that as an INVSTATE fault, which no later reset forgets, to be raised at the first
   * exception event (CPSID, SysTick...) of the firmware. Fixed on the ARMv7-M simulator branch
   * ("reset forgets an earlier reset's even-PC INVSTATE"); until that is merged, this takes the
   * stale fault on three instructions in scratch RAM ({@code cpsid i; cpsie i; bkpt}), which stop
   * either at the stale fault or, once fixed, at the BKPT. The firmware has not run, its RAM is
   * untouched, and the caller resets afterwards.
   */
  private static void forgetTheResetWithoutFirmware(DebugTarget target) {
    target.reset(ResetMode.HALT);
    target.writeMemory(
        SCRATCH, new byte[] {0x72, (byte) 0xb6, 0x62, (byte) 0xb6, 0x00, (byte) 0xbe});
    target.writeRegister("pc", SCRATCH);
    target.resume();
    StopReason stop = target.waitForStop(TIMEOUT);
    if (!(stop instanceof StopReason.Fault || stop instanceof StopReason.Breakpoint)) {
      throw new AssertionError("three instructions in scratch RAM ended with " + stop);
    }
  }

  static DemoTarget run(String... arguments) {
    return open(ResetMode.RUN, arguments);
  }

  static DemoTarget run(Arch arch, String... arguments) {
    return open(arch, ResetMode.RUN, arguments);
  }

  long rttAddress() {
    return Rtt.symbolAddress(elf).orElseThrow(() -> new AssertionError("no _SEGGER_RTT symbol"));
  }

  /** Attaches at {@code _SEGGER_RTT}, waiting until the firmware initialised the block. */
  Rtt attach() {
    return Rtt.attach(target, rttAddress(), MEMORY, TIMEOUT, POLL);
  }

  long symbol(String name) {
    return elf.symbol(name).orElseThrow(() -> new AssertionError("no symbol " + name)).value();
  }

  /** Instructions the simulated core executed since the reset. */
  long instructions() {
    return ((SimTarget) target).instructionsSinceReset();
  }

  @Override
  public void close() {
    target.close();
  }
}
