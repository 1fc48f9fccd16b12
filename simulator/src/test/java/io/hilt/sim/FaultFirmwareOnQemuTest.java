package io.hilt.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.testsupport.CrossCompiler;
import io.hilt.probe.testsupport.Tools;
import io.hilt.sim.cortexm.CoreModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ARMv7-M fault scenarios (MPU read-only write, execute-never, unprivileged access, unmapped access
 * with and without BUSFAULTENA, unaligned access, divide by zero, UNDEFINED, ARM state, BASEPRI
 * escalation) in a gcc-built firmware whose handler prints CFSR, HFSR, MMFAR/BFAR and EXC_RETURN:
 * the simulator's console must equal QEMU's, except where QEMU departs from the architecture.
 *
 * <p>Known QEMU difference: QEMU 7.2 applies a run-time write of CCR.UNALIGN_TRP only from some
 * later translation block on (its cached per-block flags are not rebuilt by the CCR write), so the
 * unaligned LDR right after the write completes or faults depending on code layout: it completes
 * for this program built for cortex-m3 and faults for cortex-m4. The ARMv7-M Architecture Reference
 * Manual (A3.2.1) requires the UsageFault (UFSR.UNALIGNED) at once; the simulator follows the
 * manual, and QEMU's other answer is accepted for that one line.
 */
class FaultFirmwareOnQemuTest {
  static final String UNALIGNED_ON_QEMU = "unaligned_trapped: no fault\n";
  static final String UNALIGNED_PER_MANUAL =
      "unaligned_trapped: exception 6 cfsr 01000000 hfsr 00000000 exc_return fffffff9\n";

  @TempDir Path work;

  private Path compile(String cpu) throws Exception {
    return compile("faults-v7", cpu);
  }

  private Path compile(String program, String cpu) throws Exception {
    Path source = Path.of(getClass().getResource("/firmware/" + program + ".c").toURI());
    return CrossCompiler.gcc(work)
        .linkWithFirmwareRuntime(
            cpu, List.of("-mfloat-abi=soft", "-O1", "-g"), source, program + "-" + cpu + ".elf");
  }

  /** QEMU's semihosting console for the ELF on {@code machine}. */
  private String qemu(String machine, Path elf) throws Exception {
    Path qemu = Tools.require("qemu-system-arm", "qemu-system-arm");
    Path out = work.resolve("qemu.out");
    Process process =
        new ProcessBuilder(
                qemu.toString(),
                "-M",
                machine,
                "-nographic",
                "-monitor",
                "none",
                "-serial",
                "null",
                "-semihosting-config",
                "enable=on,target=native",
                "-kernel",
                elf.toString())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("QEMU did not finish in 60 s: " + Files.readString(out));
    }
    assertThat(process.exitValue()).as("QEMU exit code: %s", Files.readString(out)).isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "-mcpu={0} on {1} / {2}")
  @CsvSource({
    "cortex-m3, CORTEX_M3, mps2-an385",
    "cortex-m4, CORTEX_M4, mps2-an386",
    "cortex-m0plus, CORTEX_M3, mps2-an385"
  })
  void faultRegistersMatchQemuExceptWhereQemuDepartsFromTheManual(
      String cpu, CoreModel model, String machine) throws Exception {
    Path elf = compile(cpu);
    SimRunner.Result sim =
        new SimRunner(Clock.systemUTC())
            .run(
                model,
                SimOptions.VectorCatch.NONE,
                FirmwareImages.load(elf),
                "faults-v7",
                50_000_000L);
    String console = sim.text(OutputChannel.SEMIHOSTING_STDOUT);
    assertThat(sim.stop()).as(console).isEqualTo(new StopReason.Exited(0));
    assertThat(console)
        .contains("ro_write: exception 4 cfsr 00000082 hfsr 00000000 mmfar 20004010")
        .contains(UNALIGNED_PER_MANUAL)
        .endsWith("faults: 10\n");

    String reference = qemu(machine, elf);
    if (reference.contains(UNALIGNED_ON_QEMU)) {
      assertThat(
              console
                  .replace(UNALIGNED_PER_MANUAL, UNALIGNED_ON_QEMU)
                  .replace("faults: 10", "faults: 9"))
          .isEqualTo(reference);
    } else {
      assertThat(console).isEqualTo(reference);
    }
  }

  /** The ARMv6-M exception test firmware, built for ARMv7-M: SVC, PendSV, SysTick, PSP, WFI. */
  @ParameterizedTest(name = "-mcpu={0} on {1} / {2}")
  @CsvSource({"cortex-m3, CORTEX_M3, mps2-an385", "cortex-m4, CORTEX_M4, mps2-an386"})
  void exceptionFirmwareBehavesAsOnQemu(String cpu, CoreModel model, String machine)
      throws Exception {
    Path elf = compile("exceptions", cpu);
    SimRunner.Result sim =
        new SimRunner(Clock.systemUTC())
            .run(model, FirmwareImages.load(elf), "exceptions", 50_000_000L);
    String console = sim.text(OutputChannel.SEMIHOSTING_STDOUT);
    assertThat(sim.stop()).as(console).isEqualTo(new StopReason.Exited(0));
    assertThat(console).endsWith("exceptions: 0 failed\n");
    assertThat(console).isEqualTo(qemu(machine, elf));
  }
}
