package io.hilt.probe.drivers.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.target.Arch;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.ImageSegment;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.OutputChunk;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetDrivers;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import io.hilt.probe.testsupport.ProjectPaths;
import io.hilt.probe.testsupport.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The qemu driver through the target SPI, on a real qemu-system-arm. */
class QemuDriverTest {
  private static final Path BUILD = ProjectPaths.firmwareBuild("cortex-m0plus");
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<OutputChunk> output = new ArrayList<>();
  private final List<Long> pids = new ArrayList<>();
  private DebugTarget target;

  private DebugTarget open(Map<String, String> extra) {
    Tools.require("qemu-system-arm", "qemu-system-arm");
    Map<String, String> options = new HashMap<>(Map.of("machine", "mps2-an385"));
    options.putAll(extra);
    TargetSpec spec =
        new TargetSpec(
            "qemu-mps2-an385-test",
            Arch.CORTEX_M3,
            "qemu",
            List.of(
                new MemoryRegion("code", 0, 0x40_0000L),
                new MemoryRegion("ram", 0x2000_0000L, 0x40_0000L)),
            options);
    target = TargetDrivers.find("qemu").orElseThrow().open(spec);
    pids.add(((QemuTarget) target).pid());
    target.addOutputListener(
        chunk -> {
          synchronized (output) {
            output.add(chunk);
          }
        });
    return target;
  }

  @AfterEach
  void closeAndCheckNoQemuIsLeft() {
    if (target != null) {
      long last = ((QemuTarget) target).pid();
      pids.add(last);
      target.close();
    }
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
          .as("QEMU pid %d is gone", pid)
          .isEmpty();
    }
  }

  /** Opens a profile named {@code bad-profile} with these options and no memory map. */
  private static DebugTarget openBadProfile(Map<String, String> options) {
    return new QemuDriver()
        .open(new TargetSpec("bad-profile", Arch.CORTEX_M3, "qemu", List.of(), options));
  }

  private String text(OutputChannel channel) {
    StringBuilder out = new StringBuilder();
    synchronized (output) {
      for (OutputChunk c : output) {
        if (c.channel() == channel) {
          out.append(new String(c.data(), StandardCharsets.UTF_8));
        }
      }
    }
    return out.toString();
  }

  private static FirmwareImage image(String name) {
    return FirmwareImages.load(BUILD.resolve(name));
  }

  @Test
  void runsTheSmokeFirmwareToItsExitWithTheBannerOnTheSemihostingConsole() {
    DebugTarget t = open(Map.of());
    t.semihosting().orElseThrow().setCommandLine("smoke.elf");
    FirmwareImage smoke = image("smoke.elf");
    t.load(smoke);
    t.reset(ResetMode.HALT);
    t.resume();
    assertThat(t.waitForStop(WAIT)).isEqualTo(new StopReason.Exited(0));
    assertThat(text(OutputChannel.SEMIHOSTING_STDOUT))
        .startsWith("hilt smoke firmware\n")
        .contains("tick 3\n")
        .endsWith("smoke: done\n");
    // the exit was caught: QEMU still runs and the memory can still be read
    ImageSegment first = smoke.segments().get(0);
    assertThat(t.readMemory(first.address(), 64))
        .isEqualTo(java.util.Arrays.copyOf(first.data(), 64));
    assertThat(t.readRegister("sp")).isBetween(0x2000_0000L, 0x2001_0000L);
  }

  @Test
  void runsTheSameFirmwareOnTheCortexM4Machine() {
    DebugTarget t = open(Map.of("machine", "mps2-an386"));
    t.load(image("smoke.elf"));
    t.reset(ResetMode.RUN);
    assertThat(t.waitForStop(WAIT)).isEqualTo(new StopReason.Exited(0));
    assertThat(text(OutputChannel.SEMIHOSTING_STDOUT)).contains("hilt smoke firmware");
    // AN386's core has the FPU: its double registers come with the target description
    assertThat(t.registerNames()).contains("d0", "fpscr");
  }

  @Test
  void passesTheCommandLineAndReportsANonZeroExitCode() {
    DebugTarget t = open(Map.of());
    t.semihosting().orElseThrow().setCommandLine("stack.elf 99");
    t.load(image("stack.elf"));
    t.reset(ResetMode.RUN);
    assertThat(t.waitForStop(WAIT)).isEqualTo(new StopReason.Exited(2));
    assertThat(text(OutputChannel.SEMIHOSTING_STDOUT))
        .contains("stack: depth must be 1..48, got '99'");
  }

  @Test
  void whenQemuQuitsAtTheExitTheCodeComesFromItsWPacket() {
    DebugTarget t = open(Map.of("exit", "quit"));
    t.semihosting().orElseThrow().setCommandLine("stack.elf 99");
    t.load(image("stack.elf"));
    t.reset(ResetMode.RUN);
    assertThat(t.waitForStop(WAIT)).isEqualTo(new StopReason.Exited(2));
    assertThatThrownBy(() -> t.readMemory(0x2000_0000L, 4))
        .hasMessageContaining("the firmware exited with status 2");
  }

  @Test
  void aNewCommandLineRestartsQemuWithTheImageLoadedBefore() {
    QemuTarget t = (QemuTarget) open(Map.of());
    t.semihosting().orElseThrow().setCommandLine("stack.elf 99");
    t.load(image("stack.elf"));
    t.reset(ResetMode.RUN);
    assertThat(t.waitForStop(WAIT)).isEqualTo(new StopReason.Exited(2));
    long before = t.pid();

    t.semihosting().orElseThrow().setCommandLine("stack.elf 8");
    t.reset(ResetMode.RUN);
    assertThat(t.waitForStop(WAIT)).isEqualTo(new StopReason.Exited(0));
    assertThat(t.pid()).isNotEqualTo(before);
    pids.add(before);
    assertThat(text(OutputChannel.SEMIHOSTING_STDOUT))
        .contains("stack: recursing 8 levels of 128-byte frames");
  }

  @Test
  void uartOutputArrivesOnUart0() {
    DebugTarget t = open(Map.of());
    t.load(image("uart-hello.elf"));
    t.reset(ResetMode.RUN);
    assertThat(t.waitForStop(WAIT)).isEqualTo(new StopReason.Exited(0));
    assertThat(text(OutputChannel.SEMIHOSTING_STDOUT)).contains("uart-hello: sent 36 bytes");
    // the UART socket is read on its own thread: wait for the bytes, bounded
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!text(OutputChannel.UART0).contains("uart-hello: done")
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(text(OutputChannel.UART0)).isEqualTo("Hello from UART0\r\nuart-hello: done\r\n");
  }

  @Test
  void theSystemRegistersQemuDoesNotDescribeAreReadAndWrittenBySteppingMrsAndMsr() {
    DebugTarget t = open(Map.of());
    FirmwareImage smoke = image("smoke.elf");
    t.load(smoke);
    t.reset(ResetMode.HALT);
    assertThat(t.registerNames()).contains("msp", "psp", "primask", "basepri", "control");
    long pc = t.readRegister("pc");
    long r0 = t.readRegister("r0");
    byte[] code = t.readMemory(pc, 8);

    // at reset MSP is the vector table's first word, and sp is MSP
    ImageSegment vectors = smoke.segments().get(0);
    long initialSp =
        java.nio.ByteBuffer.wrap(vectors.data(), 0, 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getInt()
            & 0xFFFF_FFFFL;
    assertThat(t.readRegister("msp")).isEqualTo(initialSp).isEqualTo(t.readRegister("sp"));
    t.writeRegister("psp", 0x2000_1230L);
    assertThat(t.readRegister("psp")).isEqualTo(0x2000_1230L);
    t.writeRegister("primask", 1);
    assertThat(t.readRegister("primask")).isEqualTo(1);

    // nothing else changed: pc, r0 and the code at pc are as before
    assertThat(t.readRegister("pc")).isEqualTo(pc);
    assertThat(t.readRegister("r0")).isEqualTo(r0);
    assertThat(t.readMemory(pc, 8)).isEqualTo(code);
    t.writeRegister("primask", 0);
    t.resume();
    assertThat(t.waitForStop(WAIT)).isEqualTo(new StopReason.Exited(0));
  }

  @Test
  void aFaultStopsTheCoreAtTheHardFaultHandlerWithTheFaultingPc() {
    DebugTarget t = open(Map.of());
    t.load(image("smoke.elf"));
    t.reset(ResetMode.HALT);
    long udf = 0x2000_2000L;
    t.writeMemory(udf, new byte[] {0x00, (byte) 0xDE}); // udf #0
    t.writeRegister("pc", udf);
    t.resume();
    StopReason stop = t.waitForStop(WAIT);
    assertThat(stop).isInstanceOf(StopReason.Fault.class);
    StopReason.Fault fault = (StopReason.Fault) stop;
    // UsageFault is disabled after reset on the M3, so it escalates to HardFault
    assertThat(fault.exception()).isEqualTo("HardFault");
    assertThat(fault.pc()).isEqualTo(udf);
    assertThat(fault.detail()).contains("CFSR=0x00010000").contains("HFSR=0x40000000");
  }

  @Test
  void withoutVectorCatchTheFirmwareHandlesTheFaultItself() {
    DebugTarget t = open(Map.of("vector-catch", "none"));
    t.load(image("smoke.elf"));
    t.reset(ResetMode.HALT);
    long udf = 0x2000_2000L;
    t.writeMemory(udf, new byte[] {0x00, (byte) 0xDE});
    t.writeRegister("pc", udf);
    t.resume();
    // the firmware's default handler reports it and exits with ADP_Stopped_RunTimeErrorUnknown
    assertThat(t.waitForStop(WAIT)).isEqualTo(new StopReason.Exited(1));
    assertThat(text(OutputChannel.SEMIHOSTING_STDOUT))
        .contains("hilt-fw: unexpected exception 0x00000003 at pc=0x20002000");
  }

  @Test
  void whenQemuQuitsAtTheExitAResetStartsItAgainWithTheSameImage() {
    QemuTarget t = (QemuTarget) open(Map.of("exit", "quit"));
    t.load(image("smoke.elf"));
    t.reset(ResetMode.RUN);
    assertThat(t.waitForStop(WAIT)).isEqualTo(new StopReason.Exited(0));
    long first = t.pid();
    pids.add(first);
    t.reset(ResetMode.RUN);
    assertThat(t.waitForStop(WAIT)).isEqualTo(new StopReason.Exited(0));
    assertThat(t.pid()).isNotEqualTo(first);
    String console = text(OutputChannel.SEMIHOSTING_STDOUT);
    assertThat(console.indexOf("smoke: done")).isNotEqualTo(console.lastIndexOf("smoke: done"));
  }

  @Test
  void breakpointsWorkThroughTheSpi() {
    DebugTarget t = open(Map.of());
    FirmwareImages.Firmware smoke = FirmwareImages.read(BUILD.resolve("smoke.elf"));
    long main =
        smoke.elf().symbols().stream()
                .filter(s -> s.name().equals("main"))
                .findFirst()
                .orElseThrow()
                .value()
            & ~1L;
    t.load(smoke.image());
    t.reset(ResetMode.HALT);
    t.addBreakpoint(main);
    t.resume();
    assertThat(t.waitForStop(WAIT)).isEqualTo(new StopReason.Breakpoint(main));
    t.removeBreakpoint(main);
    t.resume();
    assertThat(t.waitForStop(WAIT)).isEqualTo(new StopReason.Exited(0));
  }

  @Test
  void qemuDyingWhileTheCoreRunsIsAnErrorAndTheNextResetStartsANewOne() {
    QemuTarget t = (QemuTarget) open(Map.of());
    t.load(image("smoke.elf"));
    t.reset(ResetMode.HALT);
    long loop = 0x2000_2000L;
    t.writeMemory(loop, new byte[] {(byte) 0xFE, (byte) 0xE7}); // b .
    t.writeRegister("pc", loop);
    t.resume();
    long first = t.pid();
    pids.add(first);
    ProcessHandle.of(first).orElseThrow().destroyForcibly();
    assertThatThrownBy(() -> t.waitForStop(WAIT))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("GDB server 127.0.0.1:")
        .hasMessageContaining("QEMU (pid " + first + ")");
    t.reset(ResetMode.HALT);
    assertThat(t.pid()).isNotEqualTo(first);
    assertThat(t.readMemory(0, 8))
        .isEqualTo(java.util.Arrays.copyOf(image("smoke.elf").segments().get(0).data(), 8));
  }

  @Test
  void aListenerThatThrowsIsDroppedAndReportedAtTheNextWait() {
    DebugTarget t = open(Map.of());
    t.addOutputListener(
        chunk -> {
          throw new IllegalStateException("listener bug");
        });
    t.load(image("smoke.elf"));
    t.reset(ResetMode.RUN);
    assertThatThrownBy(() -> t.waitForStop(WAIT))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("an output listener failed")
        .hasMessageContaining("listener bug");
    // the other listener still got everything
    assertThat(text(OutputChannel.SEMIHOSTING_STDOUT)).endsWith("smoke: done\n");
    assertThat(t.stopReason()).contains(new StopReason.Exited(0));
  }

  @Test
  void closeEndsQemu() {
    QemuTarget t = (QemuTarget) open(Map.of());
    long pid = t.pid();
    t.close();
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThatThrownBy(() -> t.readRegister("pc")).hasMessageContaining("closed");
  }

  @Test
  void missingMachineIsAnErrorNamingTheProfile() {
    assertThatThrownBy(() -> openBadProfile(Map.of()))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("profile bad-profile")
        .hasMessageContaining("'machine'");
  }

  @Test
  void unknownOptionIsAnErrorListingTheKnownOnes() {
    assertThatThrownBy(() -> openBadProfile(Map.of("machine", "mps2-an385", "machin", "x")))
        .hasMessageContaining("unknown qemu option 'machin'")
        .hasMessageContaining("vector-catch");
  }

  @Test
  void missingExecutableIsAnErrorSayingWhatToInstall() {
    assertThatThrownBy(
            () ->
                openBadProfile(
                    Map.of("machine", "mps2-an385", "executable", "/nonexistent/qemu-system-arm")))
        .hasMessageContaining("cannot start /nonexistent/qemu-system-arm")
        .hasMessageContaining("qemu-system-arm");
  }

  @Test
  void unknownMachineIsAnErrorQuotingQemu() {
    Tools.require("qemu-system-arm", "qemu-system-arm");
    assertThatThrownBy(() -> openBadProfile(Map.of("machine", "no-such-board")))
        .hasMessageContaining("QEMU ended before its GDB stub could be reached")
        .hasMessageContaining("no-such-board");
  }

  @Test
  void consoleInputIsRefusedWithAClearError() {
    DebugTarget t = open(Map.of());
    assertThatThrownBy(() -> t.semihosting().orElseThrow().setConsoleInput(new byte[] {'A'}))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("console input for semihosting is not supported with QEMU");
  }
}
