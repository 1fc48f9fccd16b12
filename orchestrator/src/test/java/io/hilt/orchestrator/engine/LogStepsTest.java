package io.hilt.orchestrator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import io.hilt.orchestrator.report.ReportKeys;
import io.hilt.probe.testsupport.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.AssertionFailedError;

/**
 * expect-log, fail-on-log and the rtt settings on the simulator with the committed defmt demo
 * (firmware/build/cortex-m0plus/defmt-demo.elf, defmt over RTT channel 0, text on channel 1).
 */
class LogStepsTest {
  private static final Path ELF =
      ProjectPaths.firmwareBuild("cortex-m0plus").resolve("defmt-demo.elf");

  private static EngineExecutionResults results;

  @BeforeAll
  static void runPlan() throws IOException {
    Path dir =
        Files.createDirectories(ProjectPaths.root().resolve("orchestrator/target/log-plans"));
    Path plan =
        Files.writeString(
            dir.resolve("logs.yaml"),
            """
            name: logs
            firmware: %s
            timeout: 10s
            tests:
              - name: expect-log finds a line at its level
                steps:
                  - flash
                  - reset
                  - expect-log: { level: error, pattern: "error code 42" }
                  - expect-log: "^unsigned 200"
                  - expect-exit: 0
              - name: expect-log with another level fails
                steps:
                  - flash
                  - reset
                  - expect-exit: 0
                  - expect-log: { level: info, pattern: "error code 42" }
              - name: expect-log times out while the firmware waits
                args: echo
                steps:
                  - flash
                  - reset
                  - expect-log: { level: info, pattern: "waiting for a line" }
                  - expect-log: { pattern: "never logged", timeout: 300ms }
              - name: fail-on-log fails on the error line
                args: error
                steps:
                  - flash
                  - reset
                  - fail-on-log: error
                  - expect-exit: 0
              - name: fail-on-log off lets the error pass
                args: error
                steps:
                  - fail-on-log: warn
                  - fail-on-log: off
                  - flash
                  - reset
                  - expect-exit: 0
              - name: plain-text channel lines match without a level
                steps:
                  - flash
                  - reset
                  - expect-log: "^defmt-demo: plain text on RTT channel 1$"
                  - expect-exit: 0
            """
                .formatted(ELF));
    Path planLevel =
        Files.writeString(
            dir.resolve("plan-level.yaml"),
            """
            name: plan-level
            firmware: %s
            timeout: 10s
            fail-on-log: warn
            tests:
              - name: the plan's fail-on-log applies from the start
                steps: [flash, reset, { expect-exit: 0 }]
            """
                .formatted(ELF));
    Path disabled =
        Files.writeString(
            dir.resolve("disabled.yaml"),
            """
            name: disabled
            firmware: %s
            timeout: 10s
            rtt: { enabled: false }
            tests:
              - name: with rtt disabled no log arrives
                steps:
                  - flash
                  - reset
                  - expect-exit: 0
                  - expect-log: { pattern: "unsigned", timeout: 200ms }
            """
                .formatted(ELF));
    Path wrongEncoding =
        Files.writeString(
            dir.resolve("wrong-encoding.yaml"),
            """
            name: wrong-encoding
            firmware: %s
            timeout: 10s
            rtt: { channel: 1, encoding: defmt }
            tests:
              - name: text decoded as defmt shows raw bytes and passes
                steps: [flash, reset, { expect-exit: 0 }]
            """
                .formatted(ELF));
    results =
        EngineFixtures.engine()
            .configurationParameter(EngineSettings.PLANS_ROOT, "/")
            .selectors(
                selectFile(plan.toFile()),
                selectFile(planLevel.toFile()),
                selectFile(disabled.toFile()),
                selectFile(wrongEncoding.toFile()))
            .execute();
  }

  @Test
  void expectLogPassesOnALineAtItsLevelAndWritesLogsToSystemOut() {
    assertThat(problem("expect-log finds a line at its level")).isEmpty();
    String out = systemOut("expect-log finds a line at its level");
    assertThat(out)
        .containsPattern(
            "\\[ +\\d+\\.\\d{6} ERROR\\] error code 42 \\(overheated\\) \\(src/defmt-demo.c:55\\)")
        .containsPattern("\\[ +\\d+\\.\\d{6} INFO \\] unsigned 200 65000 ")
        .containsPattern(
            "\\[ +\\d+\\.\\d{6} TRACE\\] entering every_level \\(src/defmt-demo.c:41\\)")
        .contains("[rtt:1] defmt-demo: plain text on RTT channel 1\n")
        .contains("defmt-demo: every-level done, exit 0");
  }

  @Test
  void expectLogAtAnotherLevelFailsNamingTheLevelAndPattern() {
    assertThat(problem("expect-log with another level fails"))
        .get()
        .isInstanceOf(AssertionFailedError.class)
        .extracting(Throwable::getMessage)
        .asString()
        .contains("expect-log at ")
        .contains("no log line at level info matching /error code 42/");
  }

  @Test
  void expectLogTimesOutWhileTheFirmwareRuns() {
    assertThat(problem("expect-log times out while the firmware waits"))
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("no log line matching /never logged/ within 300ms");
  }

  @Test
  void failOnLogFailsWithTheLogLine() {
    assertThat(problem("fail-on-log fails on the error line"))
        .get()
        .isInstanceOf(AssertionFailedError.class)
        .extracting(Throwable::getMessage)
        .asString()
        .containsPattern(
            "fail-on-log error \\(set at .*logs.yaml:\\d+:\\d+\\): \\[ +\\d+\\.\\d{6} ERROR\\] sensor"
                + " sensor-b failed with code -5 \\(src/defmt-demo.c:64\\)")
        .contains("while running expect-exit");
  }

  @Test
  void failOnLogOffTurnsItOff() {
    assertThat(problem("fail-on-log off lets the error pass")).isEmpty();
  }

  @Test
  void planLevelFailOnLogAppliesToEveryTest() {
    assertThat(problem("the plan's fail-on-log applies from the start"))
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("fail-on-log warn (set at ")
        .contains("WARN ] str hello");
  }

  @Test
  void plainTextChannelLinesMatchWithoutALevel() {
    assertThat(problem("plain-text channel lines match without a level")).isEmpty();
  }

  @Test
  void disabledRttReadsNoLogs() {
    assertThat(problem("with rtt disabled no log arrives"))
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("(0 log lines seen)");
  }

  @Test
  void undecodableFramesShowAsRawBytesWithoutFailing() {
    String test = "text decoded as defmt shows raw bytes and passes";
    assertThat(problem(test)).isEmpty();
    assertThat(systemOut(test))
        .containsPattern(
            "\\[rtt:1 undecodable\\] undecodable defmt frame \\(\\d+ bytes: .+\\): [0-9a-f]{2}");
  }

  private static Optional<Throwable> problem(String test) {
    Event finished =
        results
            .testEvents()
            .finished()
            .filter(e -> e.getTestDescriptor().getDisplayName().equals(test))
            .findFirst()
            .orElseThrow(() -> new AssertionError("test did not finish: " + test));
    TestExecutionResult result = finished.getRequiredPayload(TestExecutionResult.class);
    return result.getThrowable();
  }

  private static String systemOut(String test) {
    Map<String, String> entries = new HashMap<>();
    results
        .allEvents()
        .reportingEntryPublished()
        .filter(e -> e.getTestDescriptor().getDisplayName().equals(test))
        .map(e -> e.getRequiredPayload(ReportEntry.class))
        .forEach(entry -> entries.putAll(entry.getKeyValuePairs()));
    return entries.getOrDefault(ReportKeys.SYSTEM_OUT, "");
  }
}
