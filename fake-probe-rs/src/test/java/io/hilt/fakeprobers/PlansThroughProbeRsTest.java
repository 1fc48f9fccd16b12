package io.hilt.fakeprobers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import io.hilt.orchestrator.engine.EngineSettings;
import io.hilt.orchestrator.engine.HiltTestEngine;
import io.hilt.probe.testsupport.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The bundled plans through hilt's engine and the probe-rs driver, against the stand-in probe-rs
 * driving the simulator: a lab board as hilt sees it, flashed and run by one probe-rs process per
 * operation. The board keeps its flash between processes (its state folder), as a real one does.
 */
class PlansThroughProbeRsTest {
  @TempDir static Path temp;

  /**
   * A lab's wrapper around probe-rs: the board state folder and the stand-in's class path in its
   * environment (the driver gives probe-rs a fresh HOME per target, so it cannot come from there).
   */
  private static Path wrapper(String board, Optional<Path> uart) throws IOException {
    Path script = temp.resolve("probe-rs-" + board);
    Files.writeString(
        script,
        "#!/usr/bin/env bash\n"
            + "export FAKE_PROBE_RS_STATE='"
            + temp.resolve("board-" + board)
            + "'\n"
            + uart.map(u -> "export FAKE_PROBE_RS_UART='" + u + "'\n").orElse("")
            + "export FAKE_PROBE_RS_CLASSPATH='"
            + System.getProperty("java.class.path")
            + "'\n"
            + "exec '"
            + ProbeRsDriverIntegrationTest.launcher()
            + "' \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  private static Path profiles(String name, String arch, String chip, Optional<PtyPair> uart)
      throws IOException {
    Path dir = Files.createDirectories(temp.resolve("profiles-" + name));
    Files.writeString(
        dir.resolve(name + ".yaml"),
        String.format(
                """
            name: %s
            description: the simulator behind the stand-in probe-rs
            arch: %s
            driver: probe-rs
            chip: %s
            probe:
              selector: "0483:374b"
              executable: %s
            memory:
              code: { start: 0x00000000, size: 4MiB, kind: flash }
              ram: { start: 0x20000000, size: 4MiB, kind: ram }
            driver-options:
              state-dir: %s
              call-timeout: 60s
            """,
                name,
                arch,
                chip,
                wrapper(name, uart.map(PtyPair::board)),
                temp.resolve("hilt-state-" + name))
            + uart.map(u -> "serial: { port: \"" + u.host() + "\", reconnect: 0s }\n").orElse(""));
    return dir;
  }

  private static EngineExecutionResults run(Path profiles, String profile, String... plans) {
    EngineTestKit.Builder engine =
        EngineTestKit.engine(new HiltTestEngine())
            .configurationParameter(EngineSettings.PROFILE, profile)
            .configurationParameter(EngineSettings.PROFILES_DIR, profiles.toString())
            .configurationParameter(EngineSettings.PLANS_ROOT, ProjectPaths.root().toString());
    for (String plan : plans) {
      engine.selectors(
          selectFile(ProjectPaths.root().resolve("test-plans/" + plan + ".yaml").toFile()));
    }
    return engine.execute();
  }

  /**
   * smoke and stack-usage on a Cortex-M0+: the stack depths of the plan reach the firmware through
   * its hilt_args block (probe-rs serves no SYS_GET_CMDLINE), the high-water marks are the
   * simulator's, and UART0 reaches hilt over the profile's serial port (a socat pty pair standing
   * for the board's UART pins and the USB-serial adapter), not through probe-rs.
   */
  @Test
  void smokeAndStackUsagePass() throws Exception {
    try (PtyPair uart = PtyPair.start(temp)) {
      EngineExecutionResults results =
          run(
              profiles("probe-rs-m0plus", "cortex-m0plus", "mps2-an385", Optional.of(uart)),
              "probe-rs-m0plus",
              "smoke",
              "stack-usage");

      results.testEvents().assertStatistics(s -> s.started(5).succeeded(5).failed(0));
    }
  }

  /** Every MPU scenario on a Cortex-M3, fault registers read with probe-rs read/write. */
  @Test
  void mpuFaultsPass() throws IOException {
    EngineExecutionResults results =
        run(
            profiles("probe-rs-m3", "cortex-m3", "mps2-an385-m3", Optional.empty()),
            "probe-rs-m3",
            "mpu-faults");

    results.testEvents().assertStatistics(s -> s.started(12).succeeded(12).failed(0));
  }

  /**
   * An embedded-test firmware through run-embedded-tests: probe-rs runs the suite, each test is a
   * JUnit case under the plan's test (failures with probe-rs's message), and the plan's test fails
   * because one test failed and one timed out; the HardFault variant leaves tests that never ran,
   * reported as errors.
   */
  @Test
  void embeddedTestsBecomeOneJunitCaseEach() throws IOException {
    Path plans = Files.createDirectories(temp.resolve("plans-etest"));
    Files.writeString(
        plans.resolve("etest.yaml"),
        """
        name: etest
        firmware: %s
        tests:
          - name: suite
            steps:
              - run-embedded-tests: { timeout: 60s }
          - name: aborted suite
            firmware: %s
            steps:
              - run-embedded-tests: { timeout: 60s }
        """
            .formatted(
                ProjectPaths.firmwareBuild("cortex-m0plus").resolve("embedded-tests.elf"),
                ProjectPaths.firmwareBuild("cortex-m0plus")
                    .resolve("embedded-tests-hardfault.elf")));
    EngineExecutionResults results =
        EngineTestKit.engine(new HiltTestEngine())
            .configurationParameter(EngineSettings.PROFILE, "probe-rs-etest")
            .configurationParameter(
                EngineSettings.PROFILES_DIR,
                profiles("probe-rs-etest", "cortex-m0plus", "mps2-an385", Optional.empty())
                    .toString())
            .configurationParameter(EngineSettings.PLANS_ROOT, "/")
            .selectors(selectFile(plans.resolve("etest.yaml").toFile()))
            .execute();

    Map<String, String> outcomes = new HashMap<>();
    results.testEvents().finished().stream()
        .forEach(
            e ->
                outcomes.put(
                    e.getTestDescriptor().getDisplayName()
                        + (e.getTestDescriptor().getUniqueId().toString().contains("hardfault")
                                || parentName(e).equals("aborted suite")
                            ? " (aborted)"
                            : ""),
                    e.getPayload(TestExecutionResult.class).orElseThrow().getStatus().name()));
    assertThat(outcomes)
        .containsEntry("suite", "FAILED")
        .containsEntry("tests::adds_with_wrap_around", "SUCCESSFUL")
        .containsEntry("tests::waits_for_a_flag_nobody_sets", "FAILED")
        .containsEntry("aborted suite", "FAILED")
        .containsEntry("tests::computes_crc32_check_value (aborted)", "FAILED");
    assertThat(results.testEvents().skipped().count()).isEqualTo(2);
  }

  private static String parentName(org.junit.platform.testkit.engine.Event e) {
    return e.getTestDescriptor()
        .getParent()
        .map(org.junit.platform.engine.TestDescriptor::getDisplayName)
        .orElse("");
  }
}
