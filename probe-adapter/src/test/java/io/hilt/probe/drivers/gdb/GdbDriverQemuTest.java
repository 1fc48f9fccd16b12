package io.hilt.probe.drivers.gdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.target.Arch;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.ImageSegment;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetDrivers;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import io.hilt.probe.testsupport.ProjectPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gdb driver against a real QEMU gdbstub running the smoke firmware. */
class GdbDriverQemuTest {
  private static final Path SMOKE =
      ProjectPaths.firmwareBuild("cortex-m0plus").resolve("smoke.elf");
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private QemuGdbServer qemu;
  private GdbTarget target;
  private final FirmwareImages.Firmware firmware = FirmwareImages.read(SMOKE);

  @BeforeEach
  void start() throws Exception {
    qemu = new QemuGdbServer(SMOKE, dir);
    TargetSpec spec =
        new TargetSpec(
            "qemu-gdb-test",
            Arch.CORTEX_M3,
            "gdb",
            List.of(new MemoryRegion("ram", 0x2000_0000L, 0x40_0000L)),
            Map.of("address", qemu.address(), "reset-command", "system_reset"));
    DebugTarget opened = null;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (opened == null) {
      try {
        opened = TargetDrivers.find("gdb").orElseThrow().open(spec);
      } catch (TargetException notYet) {
        // QEMU may not listen yet
        if (System.nanoTime() > deadline || !qemu.alive()) {
          throw notYet;
        }
        Thread.sleep(20);
      }
    }
    target = (GdbTarget) opened;
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (target != null) {
        target.close();
      }
    } finally {
      qemu.close();
    }
  }

  private long word(long address) {
    for (ImageSegment s : firmware.image().segments()) {
      if (address >= s.address() && address + 4 <= s.end()) {
        byte[] d = s.data();
        int i = (int) (address - s.address());
        return (d[i] & 0xFFL)
            | (d[i + 1] & 0xFFL) << 8
            | (d[i + 2] & 0xFFL) << 16
            | (d[i + 3] & 0xFFL) << 24;
      }
    }
    throw new AssertionError("no image word at " + address);
  }

  private long symbol(String name) {
    ElfFile elf = firmware.elf();
    return elf.symbols().stream()
            .filter(s -> s.name().equals(name))
            .findFirst()
            .orElseThrow()
            .value()
        & ~1L;
  }

  @Test
  void readsTheMProfileRegistersFromTheTargetDescription() {
    assertThat(target.registerNames()).containsSubsequence("r0", "r12", "sp", "lr", "pc", "xpsr");
    assertThat(target.description().register("xpsr").orElseThrow().number()).isEqualTo(25);
    assertThat(target.features().supports("qXfer:features:read")).isTrue();
  }

  @Test
  void resetLeavesPcAtTheResetVectorAndSpAtTheInitialStackPointer() {
    target.reset(ResetMode.HALT);
    assertThat(target.readRegister("pc")).isEqualTo(word(4) & ~1L);
    assertThat(target.readRegister("sp")).isEqualTo(word(0));
    assertThat(target.stopReason()).contains(new StopReason.Halted(word(4) & ~1L));
  }

  @Test
  void writesAndReadsMemoryAcrossManyPackets() {
    byte[] data = new byte[40_000];
    new Random(7).nextBytes(data);
    // the bytes the protocol escapes, at the start
    System.arraycopy(new byte[] {'$', '#', '}', '*'}, 0, data, 0, 4);
    target.writeMemory(0x2000_1000L, data);
    assertThat(target.readMemory(0x2000_1000L, data.length)).isEqualTo(data);
  }

  @Test
  void loadWritesEverySegment() {
    FirmwareImage image = firmware.image();
    target.load(image);
    for (ImageSegment s : image.segments()) {
      assertThat(target.readMemory(s.address(), s.data().length)).isEqualTo(s.data());
    }
  }

  @Test
  void writesAndReadsRegisters() {
    target.writeRegister("r7", 0xCAFE_F00DL);
    assertThat(target.readRegister("r7")).isEqualTo(0xCAFE_F00DL);
  }

  @Test
  void stopsAtABreakpointOnMainThenStepsThenRunsToTheExit() throws Exception {
    long main = symbol("main");
    target.reset(ResetMode.HALT);
    target.addBreakpoint(main);
    target.resume();
    assertThat(target.waitForStop(WAIT)).isEqualTo(new StopReason.Breakpoint(main));
    assertThat(target.readRegister("pc")).isEqualTo(main);

    StopReason stepped = target.step();
    assertThat(stepped).isInstanceOf(StopReason.Halted.class);
    long pc = target.readRegister("pc");
    assertThat(pc).isNotEqualTo(main);
    assertThat(((StopReason.Halted) stepped).pc()).isEqualTo(pc);

    target.removeBreakpoint(main);
    target.resume();
    // QEMU ends at the semihosting exit and says so with W before it quits
    assertThat(target.waitForStop(WAIT)).isEqualTo(new StopReason.Exited(0));
    assertThat(target.ended()).isTrue();
    assertThatThrownBy(() -> target.readMemory(0x2000_0000L, 4))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("exited with status 0");
    assertThat(qemu.console()).contains("hilt smoke firmware").contains("smoke: done");
  }

  @Test
  void resumingFromABreakpointStepsPastIt() {
    long main = symbol("main");
    target.reset(ResetMode.HALT);
    target.addBreakpoint(main);
    target.resume();
    assertThat(target.waitForStop(WAIT)).isEqualTo(new StopReason.Breakpoint(main));
    target.resume();
    // main runs once: the breakpoint does not fire again on the way out
    assertThat(target.waitForStop(WAIT)).isEqualTo(new StopReason.Exited(0));
  }

  @Test
  void interruptsARunningCore() {
    long loop = 0x2000_2000L;
    target.writeMemory(loop, new byte[] {(byte) 0xFE, (byte) 0xE7}); // b .
    target.writeRegister("pc", loop);
    target.resume();
    assertThat(target.waitForStop(Duration.ofMillis(200))).isEqualTo(new StopReason.TimedOut());
    assertThat(target.stopReason()).isEmpty();
    assertThatThrownBy(() -> target.readRegister("r0")).hasMessageContaining("while the core runs");
    target.halt();
    assertThat(target.stopReason()).contains(new StopReason.Halted(loop));
  }

  @Test
  void unreadableMemoryIsAnErrorNamingAddressPacketAndServer() {
    assertThatThrownBy(() -> target.readMemory(0xF000_0000L, 4))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("0xf0000000")
        .hasMessageContaining("'mf0000000,4'")
        .hasMessageContaining(qemu.address())
        .hasMessageContaining("error 14");
  }

  @Test
  void unknownRegisterIsAnErrorListingTheKnownOnes() {
    assertThatThrownBy(() -> target.readRegister("r99"))
        .hasMessageContaining("no register named 'r99'")
        .hasMessageContaining("r0, r1");
  }

  @Test
  void monitorCommandOutputIsReturnedNotDelivered() {
    List<String> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
    target.addOutputListener(c -> delivered.add(new String(c.data())));
    assertThat(target.monitor("info version")).contains("7.");
    assertThat(delivered).isEmpty();
  }
}
