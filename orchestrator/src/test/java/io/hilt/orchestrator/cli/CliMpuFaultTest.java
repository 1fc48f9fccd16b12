package io.hilt.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code hilt exec} on the Cortex-M3 simulator with the committed MPU demo. */
class CliMpuFaultTest {
  private static final String FAULTS = "firmware/build/cortex-m3/faults.elf";

  @Test
  void execPrintsTheDecodedMpuFault() {
    Cli.Result result = Cli.run("exec", "--profile", "sim-cortex-m3", FAULTS, "--", "ro_write");

    assertThat(result.exitCode()).isEqualTo(125);
    assertThat(result.out()).isEqualTo("faults: ro_write (MPU with 8 regions)\n");
    assertThat(result.err())
        .startsWith("hilt: MemManage at 0x")
        .contains("\n  MemManage fault on cortex-m3\n")
        .contains("    flag:      DACCVIOL (CFSR[1]): data access violation (MPU)\n")
        .contains("    address:   0x20000004 (MMFAR)\n")
        .contains(" ro_write+0x4 at src/faults.c:151\n")
        .contains("thread mode, PSP, basic frame");
  }

  @Test
  void execJsonCarriesTheFlagsTheAddressAndTheFaultingFunction() throws Exception {
    Cli.Result result =
        Cli.run(
            "exec", "--profile", "sim-cortex-m3", "--format", "json", FAULTS, "--", "bus_error");

    assertThat(result.exitCode()).isEqualTo(125);
    JsonNode report = new ObjectMapper().readTree(result.err()).get("fault").get("report");
    assertThat(report.get("exception").asText()).isEqualTo("BusFault");
    List<String> flags = new ArrayList<>();
    report.get("flags").forEach(f -> flags.add(f.asText()));
    assertThat(flags).contains("PRECISERR", "BFARVALID");
    assertThat(report.get("address").get("value").asLong()).isEqualTo(0x6000_0000L);
    assertThat(report.get("address").get("register").asText()).isEqualTo("BFAR");
    assertThat(report.get("pc").get("function").asText()).isEqualTo("bus_error");
    assertThat(report.get("stack").asText()).isEqualTo("PSP");
    assertThat(report.get("registers").get("CFSR").asLong()).isEqualTo(0x8200L);
  }
}
