package io.hilt.sim.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.testsupport.CrossCompiler;
import io.hilt.probe.testsupport.Tools;
import io.hilt.sim.SimRunner;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A C program exercising SVC, PendSV, SysTick with WFI, PSP thread mode, PRIMASK and NVIC
 * priorities, compiled here with the firmware's startup code and linker script, then run on the
 * simulator (every check must pass) and on QEMU (same console, same exit code).
 */
class ExceptionFirmwareTest {
  @TempDir Path work;

  private Path compile() throws URISyntaxException {
    Path source = Path.of(getClass().getResource("/firmware/exceptions.c").toURI());
    return CrossCompiler.gcc(work)
        .linkWithFirmwareRuntime("cortex-m0plus", List.of("-Os"), source, "exceptions.elf");
  }

  @Test
  void exceptionModelMatchesQemuOnCompiledFirmware() throws Exception {
    Path elf = compile();
    SimRunner.Result sim =
        new SimRunner(Clock.systemUTC()).run(FirmwareImages.load(elf), "exceptions", 50_000_000L);
    String console = sim.text(OutputChannel.SEMIHOSTING_STDOUT);
    assertThat(console).doesNotContain("FAIL").endsWith("exceptions: 0 failed\n");
    assertThat(console).contains("order: 8 80 7 6\n");
    assertThat(sim.stop()).isEqualTo(new StopReason.Exited(0));

    QemuRunner.Result qemu =
        new QemuRunner(Tools.require("qemu-system-arm", "qemu-system-arm"), Duration.ofSeconds(60))
            .run(elf, List.of());
    assertThat(console).isEqualTo(new String(qemu.console(), StandardCharsets.UTF_8));
    assertThat(qemu.exitCode()).isZero();
  }
}
