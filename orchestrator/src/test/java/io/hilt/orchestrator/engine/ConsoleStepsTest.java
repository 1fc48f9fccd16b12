package io.hilt.orchestrator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import io.hilt.orchestrator.config.ConfigException;
import io.hilt.orchestrator.report.ReportKeys;
import io.hilt.probe.testsupport.ProjectPaths;
import io.hilt.probe.testsupport.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
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
 * send, expect, expect-not and wait-for-prompt on the simulator's UART0 with the committed shell
 * firmware (firmware/src/shell.c), their failures, and results reported by a test that fails.
 */
class ConsoleStepsTest {
  private static final Path SHELL =
      ProjectPaths.firmwareBuild("cortex-m0plus").resolve("shell.elf");
  private static final Path UNITY =
      ProjectPaths.firmwareBuild("cortex-m0plus").resolve("unity-demo.elf");

  private static EngineExecutionResults results;

  @BeforeAll
  static void runPlan() throws IOException {
    Path dir =
        Files.createDirectories(ProjectPaths.root().resolve("orchestrator/target/console-plans"));
    Path plan =
        Files.writeString(
            dir.resolve("console.yaml"),
            """
            name: console
            firmware: %s
            timeout: 5s
            tests:
              - name: expect moves past each match
                steps:
                  - flash
                  - reset
                  - wait-for-prompt: "shell> "
                  - send: "echo one\\r"
                  - expect: "(?m)^one$"
                  - send: "echo two\\r"
                  - expect: "(?m)^(one|two)$"
                  - expect: { pattern: "(?m)^one$", timeout: 300ms }
              - name: expect that never matches names the pattern and the console
                steps:
                  - flash
                  - reset
                  - wait-for-prompt: "shell> "
                  - send: "add 1 1\\r"
                  - expect: { pattern: "sum = 3", timeout: 300ms }
              - name: expect-not to the end of the test catches a later line
                steps:
                  - flash
                  - reset
                  - expect-not: "PANIC"
                  - wait-for-prompt: "shell> "
                  - send: "led off\\r"
                  - expect: "led is off"
                  - send: "panic\\r"
                  - wait-for-prompt: "shell> "
                  - send: "exit 0\\r"
                  - expect-exit: 0
              - name: expect-not with a window fails within it
                steps:
                  - flash
                  - reset
                  - wait-for-prompt: "shell> "
                  - send: { text: "panic", line-ending: cr }
                  - expect-not: { pattern: "PANIC: \\\\w+", for: 2s }
              - name: wait-for-prompt times out on a firmware without one
                firmware: %s
                steps:
                  - flash
                  - reset
                  - wait-for-prompt: { prompt: "shell> ", timeout: 300ms }
              - name: results arrive even when a step fails
                firmware: %s
                args: fail
                results: unity
                steps:
                  - flash
                  - reset
                  - expect-exit: 0
            """
                .formatted(SHELL, UNITY, UNITY));
    results =
        EngineFixtures.engine()
            .configurationParameter(EngineSettings.PLANS_ROOT, "/")
            .selectors(selectFile(plan.toFile()))
            .execute();
  }

  @Test
  void expectSearchesFromTheEndOfThePreviousMatch() {
    Optional<Throwable> problem = problem("expect moves past each match");
    assertThat(problem).get().isInstanceOf(AssertionFailedError.class);
    // "one" was already matched: the third expect sees only what came after "two"
    assertThat(problem.get().getMessage())
        .contains("no console output on 'console' (sim:uart0")
        .contains("matching /(?m)^one$/ within 300ms");
    assertThat(systemOut("expect moves past each match"))
        .containsPattern("\\[\\+\\d+\\.\\d{3}s\\] shell> echo one\r\n")
        .containsPattern("\\[\\+\\d+\\.\\d{3}s\\] two\r\n");
  }

  @Test
  void aMissedExpectShowsWhatTheConsoleSaidSinceTheLastMatch() {
    assertThat(problem("expect that never matches names the pattern and the console"))
        .get()
        .isInstanceOf(AssertionFailedError.class)
        .extracting(Throwable::getMessage)
        .asString()
        .startsWith("expect at ")
        .contains("matching /sum = 3/ within 300ms")
        .contains("console since the last match:\n  add 1 1\\r\n  sum = 2\\r\n  shell>\n");
  }

  @Test
  void expectNotUntilTheEndFailsWhenThePatternAppearsLater() {
    assertThat(problem("expect-not to the end of the test catches a later line"))
        .get()
        .isInstanceOf(AssertionFailedError.class)
        .extracting(Throwable::getMessage)
        .asString()
        .startsWith("expect-not at ")
        .contains("showed /PANIC/: 'PANIC'")
        .contains("(while running ");
  }

  @Test
  void expectNotWithAWindowFailsWithinIt() {
    assertThat(problem("expect-not with a window fails within it"))
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("showed /PANIC: \\w+/: 'PANIC: requested' within the 2s window");
  }

  @Test
  void waitForPromptTimesOutNamingThePrompt() {
    assertThat(problem("wait-for-prompt times out on a firmware without one"))
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("showing the prompt 'shell> '")
        .containsAnyOf("within 300ms", "firmware exited with 0");
  }

  @Test
  void resultsAreReportedWhenTheTestItselfFails() {
    String test = "results arrive even when a step fails";
    assertThat(problem(test))
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("expected exit code 0 but firmware exited with 1");
    List<Event> children =
        results
            .testEvents()
            .finished()
            .filter(
                e ->
                    e.getTestDescriptor()
                        .getParent()
                        .map(p -> p.getDisplayName().equals(test))
                        .orElse(false))
            .toList();
    assertThat(children).hasSize(5);
    assertThat(problem("test_counter_wraps_past_255"))
        .get()
        .isInstanceOf(AssertionFailedError.class)
        .extracting(Throwable::getMessage)
        .asString()
        .matches("src/unity-demo.c:\\d+: Expected 256 Was 0");
    assertThat(results.testEvents().skipped().count()).isEqualTo(1);
  }

  @Test
  void aConsoleStepOnAProfileWithoutAConsoleNamesTheLink() throws IOException {
    Tools.require("qemu-system-arm", "qemu-system-arm");
    Path dir =
        Files.createDirectories(ProjectPaths.root().resolve("orchestrator/target/console-plans"));
    Path plan =
        Files.writeString(
            dir.resolve("no-console.yaml"),
            """
            name: no-console
            firmware: %s
            tests:
              - name: send needs a console
                steps: [flash, reset, { send: "help\\r" }]
            """
                .formatted(SHELL));
    EngineExecutionResults run =
        EngineFixtures.engine("qemu-mps2-an385", ProjectPaths.root().resolve("device-profiles"))
            .configurationParameter(EngineSettings.PLANS_ROOT, "/")
            .selectors(selectFile(plan.toFile()))
            .execute();

    Throwable problem =
        run.testEvents().failed().stream()
            .findFirst()
            .orElseThrow()
            .getRequiredPayload(TestExecutionResult.class)
            .getThrowable()
            .orElseThrow();
    assertThat(problem)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "'send' uses link 'console', which profile qemu-mps2-an385 does not have: its driver"
                + " 'qemu' gives the target no console UART");
  }

  private static Optional<Throwable> problem(String test) {
    Event finished =
        results
            .testEvents()
            .finished()
            .filter(e -> e.getTestDescriptor().getDisplayName().equals(test))
            .findFirst()
            .orElseThrow(() -> new AssertionError("test did not finish: " + test));
    return finished.getRequiredPayload(TestExecutionResult.class).getThrowable();
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
