package io.hilt.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hilt.orchestrator.testfirmware.FaultDemo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hilt monitor} on the simulator with the committed defmt-demo firmware. */
class CliMonitorTest {
  private static final String DEMO = "firmware/build/cortex-m0plus/defmt-demo.elf";
  private static final String PROFILE = "sim-cortex-m0plus";

  @Test
  void jsonFormatPrintsOneObjectPerLineWithDecodedLogsAndConsole() throws Exception {
    Cli.Result result = Cli.run("monitor", "--profile", PROFILE, "--format", "json", DEMO);

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : result.out().split("\n")) {
      lines.add(mapper.readTree(line));
    }
    assertThat(lines)
        .anySatisfy(
            n -> {
              assertThat(n.path("level").asText()).isEqualTo("info");
              assertThat(n.path("text").asText())
                  .isEqualTo("signed -100 -30000 -2000000000" + " -9000000000000000000");
              assertThat(n.path("file").asText()).endsWith("defmt-demo.c");
            })
        .anySatisfy(
            n -> {
              assertThat(n.path("channel").asText()).isEqualTo("rtt:1");
              assertThat(n.path("text").asText())
                  .isEqualTo("defmt-demo: plain text on RTT channel 1");
            })
        .anySatisfy(
            n -> {
              assertThat(n.path("channel").asText()).isEqualTo("semihosting");
              assertThat(n.path("text").asText()).contains("done, exit 0");
            });
  }

  @Test
  void textFormatShowsLevelsWithoutColorWhenNotATerminal() {
    Cli.Result result = Cli.run("monitor", "--profile", PROFILE, DEMO);

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.out())
        .contains(" INFO ] unsigned 200 65000 4000000000 18000000000000000000")
        .contains(" ERROR] error code 42 (overheated)")
        .contains(" TRACE] entering every_level")
        .contains("[rtt:1] defmt-demo: done")
        .doesNotContain("\u001b[");
  }

  @Test
  void logLevelErrorKeepsOnlyErrorRecords() {
    Cli.Result result = Cli.run("monitor", "--profile", PROFILE, "--log-level", "error", DEMO);

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.out())
        .contains(" ERROR] error code 42 (overheated)")
        .doesNotContain(" INFO ]")
        .doesNotContain(" WARN ]")
        .doesNotContain(" DEBUG]")
        .doesNotContain(" TRACE]");
  }

  @Test
  void argumentsAfterDoubleDashReachTheFirmware() {
    Cli.Result result = Cli.run("monitor", "--profile", PROFILE, DEMO, "--", "error");

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.out())
        .contains(" ERROR] sensor sensor-b failed with code -5")
        .contains("defmt-demo: error done, exit 0")
        .doesNotContain("every_level");
  }

  @Test
  void firmwareExitCodeIsTheMonitorsExitCode() {
    Cli.Result result = Cli.run("monitor", "--profile", PROFILE, DEMO, "--", "no-such-scenario");

    assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(2);
    assertThat(result.err()).contains("unknown scenario 'no-such-scenario'");
  }

  @Test
  void aFaultPrintsTheDecodedReportAndExits125(@TempDir Path dir) {
    Path elf = FaultDemo.build(dir);

    Cli.Result result = Cli.run("monitor", elf.toString(), "--", "unmapped");

    assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(125);
    assertThat(result.out()).isEqualTo("fault-demo: unmapped\n");
    assertThat(result.err())
        .startsWith("hilt: HardFault at 0x")
        .contains("\n  HardFault on cortex-m0plus\n")
        .contains(" read_unmapped+0x4 at ");
  }

  @Test
  void missingFirmwareIsAUsageErrorThatSaysWhy() {
    Cli.Result result = Cli.run("monitor", "--profile", PROFILE);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("FIRMWARE.elf").contains("no serial: port");
  }

  @Test
  void badLogLevelIsAUsageError() {
    Cli.Result result = Cli.run("monitor", "--log-level", "warn,demo=loud", DEMO);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("--log-level");
  }
}
