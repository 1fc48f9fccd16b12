package io.hilt.orchestrator.engine;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.hilt.probe.testsupport.ProjectPaths;
import io.hilt.probe.testsupport.Tools;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The bundled plans on real QEMU boards through the qemu and gdb drivers: the same results as on
 * the simulated Cortex-M3/M4, except where QEMU itself differs (each exception says why).
 */
class PlansOnQemuTest {
  private static EngineExecutionResults run(String profile, String... plans) {
    Tools.require("qemu-system-arm", "qemu-system-arm");
    EngineTestKit.Builder engine =
        EngineTestKit.engine(new HiltTestEngine())
            .configurationParameter(EngineSettings.PROFILE, profile)
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

  @ParameterizedTest
  @ValueSource(strings = {"qemu-mps2-an385", "qemu-mps2-an386"})
  void smokeAndStackUsagePassAsOnTheSimulator(String profile) {
    run(profile, "smoke", "stack-usage")
        .testEvents()
        .assertStatistics(s -> s.started(5).succeeded(5).failed(0).aborted(0));
  }

  /**
   * Every MPU scenario but one faults as on sim-cortex-m3, with the same decoded fault (the fault
   * registers and the process stack pointer are read through QEMU's gdbstub, psp by stepping an
   * MRS). The exception: QEMU 7.2 caches MPU permissions per 1 KiB page, so after the firmware
   * touches a disabled 256-byte subregion the enabled no-access subregion in the same page is not
   * checked, and the scenario exits with its "no fault" code (firmware/README.md).
   */
  @ParameterizedTest
  @ValueSource(strings = {"qemu-mps2-an385", "qemu-mps2-an386"})
  void mpuFaultsPassExceptTheSubregionQemuDoesNotEnforce(String profile) {
    EngineExecutionResults results = run(profile, "mpu-faults");

    results.testEvents().assertStatistics(s -> s.started(12).succeeded(11).failed(1));
    results
        .testEvents()
        .failed()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test(),
                displayName(
                    "an enabled no-access subregion faults after a disabled one was accessed"),
                finishedWithFailure(message(m -> m.contains("but firmware exited with 1")))));
  }
}
