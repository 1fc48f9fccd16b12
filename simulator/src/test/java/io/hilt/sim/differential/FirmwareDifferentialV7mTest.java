package io.hilt.sim.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.target.Arch;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetSpec;
import io.hilt.probe.testsupport.ProjectPaths;
import io.hilt.probe.testsupport.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every ELF under {@code firmware/build/cortex-m3} (on QEMU's mps2-an385) and {@code
 * firmware/build/cortex-m4} (on mps2-an386), firmware and corpus at each optimisation level, run on
 * QEMU and on hilt's simulator with the same command line: console, stderr, UART0 and exit status
 * must be identical, byte for byte. The faults.elf scenarios where QEMU 7.2 departs from the
 * ARMv7-M manual ({@link FaultScenarios#QEMU_DEVIATIONS}) are compared with the manual instead.
 */
class FirmwareDifferentialV7mTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  /** The profiles sim-cortex-m3 / sim-cortex-m4: the mps2-an385/an386 memory map. */
  private static TargetSpec spec(String cpu) {
    Arch arch = Arch.fromId(cpu).orElseThrow();
    return new TargetSpec(
        "sim-" + cpu,
        arch,
        "sim",
        List.of(
            new MemoryRegion("code", 0x0000_0000L, 4L << 20),
            new MemoryRegion("ram", 0x2000_0000L, 4L << 20)),
        // QEMU has no vector catch: the firmware's own handlers must run and print the fault.
        Map.of("max-instructions", "4000000000", "vector-catch", "none"));
  }

  static Stream<Arguments> firmware() {
    List<Arguments> cases = new ArrayList<>();
    for (String cpu : List.of("cortex-m3", "cortex-m4")) {
      Path build = ProjectPaths.firmwareBuild(cpu);
      for (FirmwareCase c : FirmwareCase.all(build)) {
        cases.add(Arguments.of(cpu, Named.of(cpu + "/" + c.displayName(build), c)));
      }
    }
    return cases.stream();
  }

  private static String bytes(byte[] data) {
    return new String(data, StandardCharsets.ISO_8859_1);
  }

  private static boolean qemuDeviates(FirmwareCase firmware) {
    return firmware.elf().getFileName().toString().equals("faults.elf")
        && firmware.arguments().size() == 1
        && FaultScenarios.QEMU_DEVIATIONS.containsKey(firmware.arguments().get(0));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("firmware")
  void simulatorMatchesQemuOrTheManual(String cpu, FirmwareCase firmware) {
    SimulatorRunner.Result simulated =
        new SimulatorRunner(spec(cpu), TIMEOUT).run(firmware.elf(), firmware.arguments());
    String name = cpu + "/" + firmware.elf().getFileName() + " " + firmware.arguments();

    if (qemuDeviates(firmware)) {
      String scenario = firmware.arguments().get(0);
      assertThat(simulated.stop())
          .as("%s: how the simulator stopped", name)
          .isInstanceOf(StopReason.Exited.class);
      int exit = ((StopReason.Exited) simulated.stop()).code();
      ElfFile elf = ElfFile.read(firmware.elf());
      assertThat(
              FaultScenarios.manual(elf, scenario)
                  .mismatches(elf, bytes(simulated.console()), exit))
          .as(
              "%s against the manual (QEMU deviates: %s)",
              name, FaultScenarios.QEMU_DEVIATIONS.get(scenario))
          .isEmpty();
      return;
    }

    Path qemu = Tools.require("qemu-system-arm", "qemu-system-arm");
    QemuRunner.Result reference =
        new QemuRunner(qemu, QemuRunner.machineFor(cpu), TIMEOUT)
            .run(firmware.elf(), firmware.arguments());
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
