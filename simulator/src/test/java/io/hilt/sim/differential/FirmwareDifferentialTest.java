package io.hilt.sim.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.target.StopReason;
import io.hilt.probe.testsupport.ProjectPaths;
import io.hilt.probe.testsupport.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every ELF under {@code firmware/build/cortex-m0plus} (the firmware and the corpus at each
 * optimisation level), run on QEMU's mps2-an385 and on hilt's simulator with the same command line:
 * the semihosting console, stderr, UART0 and the exit status must be identical, byte for byte.
 */
class FirmwareDifferentialTest {
  private static final Path BUILD = ProjectPaths.firmwareBuild("cortex-m0plus");
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  static Stream<Named<FirmwareCase>> firmware() {
    return FirmwareCase.all(BUILD).stream().map(c -> Named.of(c.displayName(BUILD), c));
  }

  /** Bytes as text without losing any: each byte is one character. */
  private static String bytes(byte[] data) {
    return new String(data, StandardCharsets.ISO_8859_1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("firmware")
  void simulatorMatchesQemu(FirmwareCase firmware) {
    Path qemu = Tools.require("qemu-system-arm", "qemu-system-arm");
    QemuRunner.Result reference =
        new QemuRunner(qemu, TIMEOUT).run(firmware.elf(), firmware.arguments());
    SimulatorRunner.Result simulated =
        new SimulatorRunner(TIMEOUT).run(firmware.elf(), firmware.arguments());

    String name = firmware.displayName(BUILD);
    assertThat(simulated.stop())
        .as("%s: how the simulator stopped (console: %s)", name, bytes(simulated.console()))
        .isEqualTo(new StopReason.Exited(reference.exitCode()));
    assertThat(bytes(simulated.console()))
        .as("%s: semihosting console", name)
        .isEqualTo(bytes(reference.console()));
    assertThat(bytes(simulated.stderr()))
        .as("%s: semihosting stderr", name)
        .isEqualTo(bytes(reference.stderr()));
    assertThat(bytes(simulated.uart())).as("%s: UART0", name).isEqualTo(bytes(reference.uart()));
  }
}
