package io.hilt.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hilt.probe.target.Arch;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.testsupport.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileLoaderTest {
  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("board.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private ConfigException fails(String yaml) throws IOException {
    Path file = write(yaml);
    return catchThrowableOfType(ConfigException.class, () -> new ProfileLoader().load(file));
  }

  private static final String VALID =
      """
      name: my-board
      description: a test board
      arch: cortex-m3
      driver: sim
      memory:
        flash: { start: 0x08000000, size: 512KiB }
        ram: { start: 0x20000000, size: 128KiB, kind: ram }
      stack: { top: 0x20020000, size: 8KiB }
      driver-options:
        max-instructions: 1000
        vector-catch: true
      """;

  @Test
  void loadsTheBundledSimulatorProfile() {
    Path file = ProjectPaths.root().resolve("device-profiles/sim-cortex-m0plus.yaml");

    DeviceProfile profile = new ProfileLoader().load(file);

    assertThat(profile.name()).isEqualTo("sim-cortex-m0plus");
    assertThat(profile.arch()).isEqualTo(Arch.CORTEX_M0PLUS);
    assertThat(profile.driver()).isEqualTo("sim");
    assertThat(profile.memory())
        .containsExactly(
            new MemoryRegion("code", 0x0L, 4L << 20),
            new MemoryRegion("ram", 0x20000000L, 4L << 20));
    assertThat(profile.stack()).isEmpty();
    assertThat(profile.toTargetSpec().options()).containsKey("max-instructions");
  }

  @Test
  void bindsEveryKeyOfAValidProfile() throws IOException {
    DeviceProfile profile = new ProfileLoader().load(write(VALID));

    assertThat(profile.name()).isEqualTo("my-board");
    assertThat(profile.description()).isEqualTo("a test board");
    assertThat(profile.arch()).isEqualTo(Arch.CORTEX_M3);
    assertThat(profile.memory())
        .containsExactly(
            new MemoryRegion("flash", 0x08000000L, 512 * 1024),
            new MemoryRegion("ram", 0x20000000L, 128 * 1024));
    assertThat(profile.stack()).contains(new MemoryRegion("stack", 0x2001E000L, 8 * 1024));
    assertThat(profile.driverOptions())
        .isEqualTo(Map.of("max-instructions", "1000", "vector-catch", "true"));
    assertThat(profile.location().line()).isEqualTo(1);
  }

  @Test
  void chipAndProbeSectionBecomeTheProbeRsDriverOptions() throws IOException {
    DeviceProfile profile =
        new ProfileLoader()
            .load(
                write(
                    """
                    name: nucleo-f411re
                    arch: cortex-m4
                    driver: probe-rs
                    chip: STM32F411RETx
                    probe:
                      selector: "0483:374b:066DFF555654"
                      protocol: swd
                      speed-khz: 4000
                      connect-under-reset: true
                      chip-description-path: targets/custom.yaml
                    memory:
                      flash: { start: 0x08000000, size: 512KiB, kind: flash }
                      ram: { start: 0x20000000, size: 128KiB, kind: ram }
                    driver-options:
                      state-dir: /var/lib/hilt
                    """));

    assertThat(profile.toTargetSpec().options())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "chip", "STM32F411RETx",
                "probe", "0483:374b:066DFF555654",
                "protocol", "swd",
                "speed-khz", "4000",
                "connect-under-reset", "true",
                "chip-description-path", dir.resolve("targets/custom.yaml").toString(),
                "state-dir", "/var/lib/hilt"));
  }

  @Test
  void serialSectionBindsThePortAndItsLineSettings() throws IOException {
    DeviceProfile profile =
        new ProfileLoader()
            .load(
                write(
                    """
                    name: esp32c3
                    arch: riscv32imac
                    driver: sim
                    memory: { ram: { start: 0x80000000, size: 1MiB } }
                    serial:
                      url: rfc2217://lab-ports:2001
                      baud: 921600
                      parity: even
                      stop-bits: 2
                      flow-control: rts-cts
                      reconnect: 10s
                      dtr: false
                    """));

    SerialSettings serial = profile.serial().orElseThrow();
    assertThat(serial.spec().text()).isEqualTo("rfc2217://lab-ports:2001");
    assertThat(serial.options().line())
        .isEqualTo(
            new io.hilt.probe.serial.LineSettings(
                921_600,
                8,
                io.hilt.probe.serial.LineSettings.Parity.EVEN,
                io.hilt.probe.serial.LineSettings.StopBits.TWO,
                io.hilt.probe.serial.LineSettings.FlowControl.RTS_CTS));
    assertThat(serial.options().reconnect()).isEqualTo(java.time.Duration.ofSeconds(10));
    assertThat(serial.options().dtr()).contains(false);
    assertThat(serial.options().rts()).isEmpty();
  }

  @Test
  void serialSectionProblemsAreReportedAtTheirKeys() throws IOException {
    ConfigException e =
        fails(
            """
            name: b
            arch: cortex-m3
            driver: sim
            memory: { ram: { start: 0x20000000, size: 4KiB } }
            serial: { port: "ftp://nope", parity: evn, baud: 7 }
            """);

    assertThat(e.getMessage())
        .contains("board.yaml:5:")
        .contains("'port':")
        .contains("'parity': 'evn'; did you mean 'even'?")
        .contains("baud must be 50..16000000, got 7");
  }
}
