package io.hilt.orchestrator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import io.hilt.orchestrator.report.ReportKeys;
import io.hilt.probe.testsupport.ProjectPaths;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The bundled plans on the simulated RISC-V board (sim-riscv32): the same smoke and stack plans as
 * on Cortex-M with the riscv32imac ELFs (${arch} in their firmware paths), the PMP fault plan, and
 * the Cortex-M-only plans reported as skipped.
 */
class PlansOnRiscvTest {
  private static EngineExecutionResults run(String... plans) {
    EngineTestKit.Builder engine =
        EngineTestKit.engine(new HiltTestEngine())
            .configurationParameter(EngineSettings.PROFILE, "sim-riscv32")
            .configurationParameter(
                EngineSettings.PROFILES_DIR,
                ProjectPaths.root().resolve("device-profiles").toString())
            .configurationParameter(EngineSettings.PLANS_ROOT, ProjectPaths.root().toString());
    for (String plan : plans) {
      Path file = ProjectPaths.root().resolve("test-plans").resolve(plan + ".yaml");
      engine.selectors(selectFile(file.toFile()));
    }
    return engine.execute();
  }

  @Test
  void smokeAndStackUsagePassWithTheRiscvFirmware() {
    EngineExecutionResults results = run("smoke", "stack-usage");

    results.testEvents().assertStatistics(s -> s.started(5).succeeded(5).failed(0));
    Map<String, String> shallow = entries(results, "shallow recursion stays under 2 KiB");
    assertThat(shallow.get(ReportKeys.PROPERTY_PREFIX + "firmware"))
        .endsWith("firmware/build/riscv32imac/stack.elf");
    assertThat(shallow.get(ReportKeys.PROPERTY_PREFIX + "stack.used-bytes")).isEqualTo("1200");
  }

  @Test
  void everyPmpScenarioTrapsAsThePlanExpects() {
    run("pmp-faults").testEvents().assertStatistics(s -> s.started(8).succeeded(8).failed(0));
  }

  @Test
  void cortexMPlansAreSkippedWithTheReason() {
    EngineExecutionResults results = run("mpu-faults");

    results.containerEvents().assertStatistics(s -> s.skipped(1));
    assertThat(
            results.containerEvents().skipped().stream()
                .map(e -> e.getPayload(String.class).orElse(""))
                .toList())
        .anySatisfy(reason -> assertThat(reason).contains("riscv32imac"));
  }

  private static Map<String, String> entries(EngineExecutionResults results, String test) {
    Map<String, String> values = new HashMap<>();
    results
        .allEvents()
        .reportingEntryPublished()
        .filter(e -> e.getTestDescriptor().getDisplayName().equals(test))
        .forEach(
            e ->
                e.getPayload(ReportEntry.class)
                    .ifPresent(entry -> values.putAll(entry.getKeyValuePairs())));
    return values;
  }
}
