package io.hilt.fakeprobers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.drivers.probers.ProbeList;
import io.hilt.probe.drivers.probers.ProbeRsDriver;
import io.hilt.probe.drivers.probers.ProbeRsException;
import io.hilt.probe.drivers.probers.ProbeRsFailure;
import io.hilt.probe.drivers.probers.ProbeRsTarget;
import io.hilt.probe.elf.DwarfLineTable;
import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.fault.FaultAnalyzer;
import io.hilt.probe.fault.FaultReport;
import io.hilt.probe.target.Arch;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetDrivers;
import io.hilt.probe.target.TargetSpec;
import io.hilt.probe.testsupport.ProjectPaths;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The probe-rs driver through the target SPI against the stand-in probe-rs ({@code bin/probe-rs}),
 * which runs the simulator: effects are real, command lines and texts are probe-rs's.
 */
class ProbeRsDriverIntegrationTest {
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path temp;

  private ProbeRsDriver driver(String version) {
    Map<String, String> child = new HashMap<>();
    child.put("FAKE_PROBE_RS_STATE", temp.resolve("board").toString());
    child.put("FAKE_PROBE_RS_VERSION", version);
    child.put("FAKE_PROBE_RS_CLASSPATH", System.getProperty("java.class.path"));
    child.put("FAKE_PROBE_RS_LOG", temp.resolve("calls.log").toString());
    return new ProbeRsDriver(System.getenv(), child);
  }

  private TargetSpec spec(Map<String, String> extra) {
    Map<String, String> options = new HashMap<>();
    options.put("probe-rs", launcher().toString());
    options.put("chip", "mps2-an385");
    options.put("probe", "0483:374b");
    options.put("state-dir", temp.resolve("hilt-state").toString());
    options.put("call-timeout", "60s");
    options.putAll(extra);
    return new TargetSpec(
        "probe-rs-sim",
        Arch.CORTEX_M0PLUS,
        "probe-rs",
        List.of(new MemoryRegion("ram", 0x2000_0000L, 0x10000)),
        options);
  }

  static Path launcher() {
    return ProjectPaths.root().resolve("fake-probe-rs/bin/probe-rs");
  }

  static Path firmware(String name) {
    return ProjectPaths.firmwareBuild("cortex-m0plus").resolve(name);
  }

  private ProbeRsTarget open(String version) {
    return (ProbeRsTarget) driver(version).open(spec(Map.of()));
  }

  private void injectOnce(String fault) throws Exception {
    Files.createDirectories(temp.resolve("board"));
    Files.writeString(temp.resolve("board/fault"), fault);
  }

  private static List<Long> descendants() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid)
        .toList();
  }

  @Test
  void serviceLoaderFindsTheDriver() {
    assertThat(TargetDrivers.find("probe-rs")).get().isInstanceOf(ProbeRsDriver.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.30.0", "0.31.0", "0.32.0"})
  void downloadThenReadReturnsTheImageBytes(String version) {
    FirmwareImage image = FirmwareImages.load(firmware("smoke.elf"));
    try (ProbeRsTarget target = open(version)) {
      assertThat(target.version().toString()).isEqualTo(version);
      target.load(image);
      var first = image.segments().get(0);
      int n = Math.min(64, first.data().length & ~3);
      assertThat(target.readMemory(first.address(), n))
          .isEqualTo(java.util.Arrays.copyOf(first.data(), n));
      // Unaligned reads go byte by byte.
      assertThat(target.readMemory(first.address() + 1, 3))
          .isEqualTo(java.util.Arrays.copyOfRange(first.data(), 1, 4));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.30.0", "0.31.0", "0.32.0"})
  void runsSmokeToItsExitWithItsOutput(String version) {
    FirmwareImage image = FirmwareImages.load(firmware("smoke.elf"));
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (ProbeRsTarget target = open(version)) {
      target.addOutputListener(chunk -> output.writeBytes(chunk.data()));
      target.load(image);
      target.reset(ResetMode.RUN);
      StopReason stop = target.waitForStop(WAIT);
      assertThat(stop).isEqualTo(new StopReason.Exited(0));
      assertThat(output.toString(StandardCharsets.UTF_8))
          .contains("hilt smoke firmware")
          .contains("smoke: done")
          .doesNotContain("Firmware exited");
      assertThat(target.runningProcesses()).isEmpty();
    }
  }

  @Test
  void skipsTheFlashWhenTheBoardHoldsTheSameImage() throws Exception {
    FirmwareImage image = FirmwareImages.load(firmware("smoke.elf"));
    try (ProbeRsTarget target = open("0.32.0")) {
      target.load(image);
      assertThat(target.holds(image)).isTrue();
      // A failing download would now throw: the second load must not run one.
      injectOnce("flash-algo:download");
      target.load(image);
      Files.deleteIfExists(temp.resolve("board/fault"));
      assertThat(target.holds(FirmwareImages.load(firmware("selftest.elf")))).isFalse();
    }
  }

  @Test
  void paintedWordsReadBackAfterAWrite() {
    FirmwareImage image = FirmwareImages.load(firmware("stack.elf"));
    byte[] paint = new byte[4096];
    for (int i = 0; i < paint.length; i += 4) {
      paint[i] = (byte) 0xa5;
      paint[i + 1] = (byte) 0xa5;
      paint[i + 2] = (byte) 0xc5;
      paint[i + 3] = (byte) 0xc5;
    }
    try (ProbeRsTarget target = open("0.31.0")) {
      target.load(image);
      target.reset(ResetMode.HALT);
      target.writeMemory(0x2000_8000L, paint);
      assertThat(target.readMemory(0x2000_8000L, paint.length)).isEqualTo(paint);
      // Odd address and length: bytes at the edges, words in between.
      byte[] odd = {1, 2, 3, 4, 5, 6, 7};
      target.writeMemory(0x2000_9001L, odd);
      assertThat(target.readMemory(0x2000_9001L, odd.length)).isEqualTo(odd);
    }
  }

  @Test
  void resetHaltStopsAtTheResetVectorAndRegistersAreReadable() throws Exception {
    FirmwareImage image = FirmwareImages.load(firmware("smoke.elf"));
    ElfFile elf = ElfFile.read(firmware("smoke.elf"));
    long entry = elf.symbol("Reset_Handler").orElseThrow().value() & ~1L;
    try (ProbeRsTarget target = open("0.32.0")) {
      target.load(image);
      target.reset(ResetMode.HALT);
      assertThat(target.stopReason()).contains(new StopReason.Halted(entry));
      assertThat(target.readRegister("pc")).isEqualTo(entry);
      assertThat(target.readRegister("xpsr") & 0x0100_0000L).isNotZero();
      target.writeRegister("r4", 0x1234_5678L);
      assertThat(target.readRegister("r4")).isEqualTo(0x1234_5678L);
    }
  }

  @Test
  void aHardFaultEndsTheRunAndTheFaultAnalyzerReadsItThroughTheDriver() {
    FirmwareImage image = FirmwareImages.load(firmware("smoke.elf"));
    ElfFile elf = ElfFile.read(firmware("smoke.elf"));
    long entry = elf.symbol("Reset_Handler").orElseThrow().value() & ~1L;
    try (ProbeRsTarget target = open("0.32.0")) {
      target.load(image);
      // UDF #0 at the first instruction: undefined on every Cortex-M, a HardFault on ARMv6-M.
      target.writeMemory(entry, new byte[] {0x00, (byte) 0xde});
      target.reset(ResetMode.RUN);
      StopReason stop = target.waitForStop(WAIT);
      assertThat(stop).isInstanceOf(StopReason.Fault.class);
      StopReason.Fault fault = (StopReason.Fault) stop;
      assertThat(fault.exception()).isEqualTo("HardFault");
      assertThat(fault.pc()).isEqualTo(entry);
      assertThat(fault.detail()).contains("Reset_Handler");
      FaultReport report =
          new FaultAnalyzer()
              .analyze(
                  target,
                  Arch.CORTEX_M0PLUS,
                  Optional.of(elf),
                  Optional.of(DwarfLineTable.readOrEmpty(elf)));
      assertThat(report.headline()).contains("HardFault");
      assertThat(report.function()).contains("Reset_Handler");
    }
  }

  @Test
  void haltStopsARunningFirmwareAndTheExitOfTheStoppedProbeRsIsNotTakenForTheFirmwares() {
    FirmwareImage image = FirmwareImages.load(firmware("smoke.elf"));
    long entry =
        ElfFile.read(firmware("smoke.elf")).symbol("Reset_Handler").orElseThrow().value() & ~1L;
    try (ProbeRsTarget target = open("0.32.0")) {
      target.load(image);
      // B . at the entry: the firmware spins until hilt halts it.
      target.writeMemory(entry, new byte[] {(byte) 0xfe, (byte) 0xe7});
      target.reset(ResetMode.RUN);
      assertThat(target.waitForStop(Duration.ofMillis(500))).isEqualTo(new StopReason.TimedOut());
      List<Long> monitors = target.runningProcesses();
      target.halt();
      assertThat(target.stopReason()).contains(new StopReason.Halted(entry));
      assertThat(monitors)
          .allSatisfy(
              pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
      assertThat(target.runningProcesses()).isEmpty();
    }
  }

  @Test
  void listsTheProbes() {
    ProbeList list = driver("0.31.0").listProbes(launcher().toString(), WAIT);
    assertThat(list.probes()).hasSize(1);
    assertThat(list.probes().get(0).selector()).isEqualTo("0483:374b:066DFF555654");
    assertThat(list.probes().get(0).kind()).isEqualTo("ST-LINK");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "missing:NO_PROBE",
        "busy:PROBE_BUSY",
        "usb:USB",
        "permission:PERMISSION",
        "locked:CHIP_LOCKED",
        "no-target:TARGET_NOT_RESPONDING",
        "crash:CRASHED",
        "killed:CRASHED",
        "garbage:BAD_OUTPUT",
      })
  void anInjectedFaultIsAClearInfrastructureErrorAndTheNextCallWorks(String caseText)
      throws Exception {
    String[] c = caseText.split(":");
    FirmwareImage image = FirmwareImages.load(firmware("smoke.elf"));
    try (ProbeRsTarget target = open("0.32.0")) {
      target.load(image);
      injectOnce(c[0] + ":read");
      assertThatThrownBy(() -> target.readMemory(0x2000_0000L, 4))
          .isInstanceOfSatisfying(
              ProbeRsException.class,
              e -> assertThat(e.failure()).isEqualTo(ProbeRsFailure.valueOf(c[1])))
          .hasMessageContaining("hint:");
      assertThat(descendants()).isEmpty();
      assertThat(target.readMemory(0x0, 4))
          .isEqualTo(java.util.Arrays.copyOf(image.segments().get(0).data(), 4));
    }
  }

  @Test
  void aFailingFlashIsReportedAndForgottenSoTheNextLoadFlashesAgain() throws Exception {
    FirmwareImage image = FirmwareImages.load(firmware("smoke.elf"));
    try (ProbeRsTarget target = open("0.30.0")) {
      injectOnce("flash-algo:download");
      assertThatThrownBy(() -> target.load(image))
          .isInstanceOfSatisfying(
              ProbeRsException.class,
              e -> assertThat(e.failure()).isEqualTo(ProbeRsFailure.FLASH_ALGORITHM))
          .hasMessageContaining("The execution of 'erase_sector' failed");
      assertThat(target.holds(image)).isFalse();
      injectOnce("verify:download");
      assertThatThrownBy(() -> target.load(image))
          .isInstanceOfSatisfying(
              ProbeRsException.class,
              e -> assertThat(e.failure()).isEqualTo(ProbeRsFailure.VERIFY_FAILED));
      target.load(image);
      assertThat(target.holds(image)).isTrue();
    }
  }

  @Test
  void aHangingProbeRsIsKilledWithItsChildrenAtTheTimeout() throws Exception {
    FirmwareImage image = FirmwareImages.load(firmware("smoke.elf"));
    try (ProbeRsTarget target =
        (ProbeRsTarget) driver("0.32.0").open(spec(Map.of("call-timeout", "3s")))) {
      target.load(image);
      injectOnce("hang:read");
      assertThatThrownBy(() -> target.readMemory(0x2000_0000L, 4))
          .isInstanceOfSatisfying(
              ProbeRsException.class,
              e -> assertThat(e.failure()).isEqualTo(ProbeRsFailure.TIMEOUT))
          .hasMessageContaining("did not finish within 3 s");
      assertThat(descendants()).isEmpty();
      assertThat(target.readMemory(0x0, 4)).hasSize(4);
    }
  }

  @Test
  void closingEndsARunningMonitorProcessTree() {
    FirmwareImage image = FirmwareImages.load(firmware("smoke.elf"));
    ProbeRsTarget target = open("0.32.0");
    target.load(image);
    // A hanging attach (its fault file is consumed by attach only).
    try {
      injectOnce("hang:attach");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    target.resume();
    assertThat(target.waitForStop(Duration.ofMillis(300))).isEqualTo(new StopReason.TimedOut());
    assertThat(descendants()).isNotEmpty();
    target.close();
    assertThat(descendants()).isEmpty();
  }

  @Test
  void aMissingExecutableOrUnsupportedVersionIsRefusedAtOpen() {
    assertThatThrownBy(
            () -> driver("0.32.0").open(spec(Map.of("probe-rs", temp.resolve("nope").toString()))))
        .isInstanceOfSatisfying(
            ProbeRsException.class,
            e -> assertThat(e.failure()).isEqualTo(ProbeRsFailure.NOT_INSTALLED));
    assertThatThrownBy(() -> driver("0.29.1").open(spec(Map.of())))
        .isInstanceOfSatisfying(
            ProbeRsException.class,
            e -> assertThat(e.failure()).isEqualTo(ProbeRsFailure.UNSUPPORTED_VERSION))
        .hasMessageContaining("0.29.1");
  }

  @Test
  void aWrongChipIsReportedAsUnknownChip() {
    try (DebugTarget target = driver("0.32.0").open(spec(Map.of("chip", "STM32F999")))) {
      assertThatThrownBy(() -> target.readMemory(0, 4))
          .isInstanceOfSatisfying(
              ProbeRsException.class,
              e -> assertThat(e.failure()).isEqualTo(ProbeRsFailure.CHIP_NOT_FOUND))
          .hasMessageContaining("The chip 'STM32F999' was not found in the database");
    }
  }

  @Test
  void memoryAccessWhileTheFirmwareRunsPausesTheMonitorThatHoldsTheProbe() {
    FirmwareImage image = FirmwareImages.load(firmware("smoke.elf"));
    long entry =
        ElfFile.read(firmware("smoke.elf")).symbol("Reset_Handler").orElseThrow().value() & ~1L;
    try (ProbeRsTarget target = open("0.32.0")) {
      target.load(image);
      target.writeMemory(entry, new byte[] {(byte) 0xfe, (byte) 0xe7});
      target.reset(ResetMode.RUN);
      List<Long> before = target.runningProcesses();
      // The stand-in, like a USB probe, serves one probe-rs at a time.
      assertThat(target.readMemory(entry, 2)).containsExactly(0xfe, 0xe7);
      target.writeMemory(0x2000_8000L, new byte[] {1, 2, 3, 4});
      assertThat(target.runningProcesses()).hasSize(1).doesNotContainAnyElementsOf(before);
      assertThat(target.waitForStop(Duration.ofMillis(200))).isEqualTo(new StopReason.TimedOut());
      target.halt();
      assertThat(target.readMemory(0x2000_8000L, 4)).containsExactly(1, 2, 3, 4);
    }
  }

  @Test
  void paintingAfterAResetHaltNeverLetsTheCoreRun() throws Exception {
    FirmwareImage image = FirmwareImages.load(firmware("stack.elf"));
    try (ProbeRsTarget target = open("0.32.0")) {
      target.load(image);
      Files.deleteIfExists(temp.resolve("calls.log"));
      target.reset(ResetMode.HALT);
      long sp = target.readRegister("sp");
      target.writeMemory(sp - 256, new byte[256]);
      List<String> calls = Files.readAllLines(temp.resolve("calls.log"));
      // probe-rs read resumes the core: after the reset only writes may happen.
      int reset =
          calls.indexOf(
              calls.stream().filter(c -> c.contains("0xe000ed0c")).findFirst().orElseThrow());
      assertThat(calls.subList(reset, calls.size())).noneMatch(c -> c.startsWith("read"));
      assertThat(calls.subList(0, reset))
          .anyMatch(c -> c.startsWith("read") && c.endsWith("b32 0x00000000 2"));
      assertThat(sp).isEqualTo(FakeBoard.le(image.segments().get(0).data(), 0));
    }
  }
}
