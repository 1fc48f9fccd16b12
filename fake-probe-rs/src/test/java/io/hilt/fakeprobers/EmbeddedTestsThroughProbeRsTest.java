package io.hilt.fakeprobers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.hilt.probe.drivers.probers.EmbeddedTestRun;
import io.hilt.probe.drivers.probers.EmbeddedTestRun.AbortKind;
import io.hilt.probe.drivers.probers.EmbeddedTestRun.Outcome;
import io.hilt.probe.drivers.probers.EmbeddedTestRun.Status;
import io.hilt.probe.drivers.probers.EmbeddedTestSelection;
import io.hilt.probe.drivers.probers.ProbeRsDriver;
import io.hilt.probe.drivers.probers.ProbeRsException;
import io.hilt.probe.drivers.probers.ProbeRsFailure;
import io.hilt.probe.drivers.probers.ProbeRsTarget;
import io.hilt.probe.target.Arch;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import io.hilt.probe.testsupport.ProjectPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * hilt's embedded-test firmware ({@code firmware/src/embedded-tests.c}, gcc-built for each core)
 * through the stand-in probe-rs and the driver: {@code probe-rs run --format json} runs each test
 * on the simulator after a reset, and {@link ProbeRsTarget#runEmbeddedTests} turns the events into
 * one outcome per test.
 */
class EmbeddedTestsThroughProbeRsTest {
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path temp;

  private ProbeRsTarget open(String version, Arch arch, String chip, Map<String, String> extra) {
    Map<String, String> child = new HashMap<>();
    child.put("FAKE_PROBE_RS_STATE", temp.resolve("board").toString());
    child.put("FAKE_PROBE_RS_VERSION", version);
    child.put("FAKE_PROBE_RS_CLASSPATH", System.getProperty("java.class.path"));
    child.put("FAKE_PROBE_RS_LOG", temp.resolve("calls.log").toString());
    Map<String, String> options = new HashMap<>();
    options.put("probe-rs", launcher().toString());
    options.put("chip", chip);
    options.put("probe", "0483:374b");
    options.put("state-dir", temp.resolve("hilt-state").toString());
    options.put("call-timeout", "60s");
    options.putAll(extra);
    TargetSpec spec =
        new TargetSpec(
            "probe-rs-sim",
            arch,
            "probe-rs",
            List.of(new MemoryRegion("ram", 0x2000_0000L, 0x10000)),
            options);
    return (ProbeRsTarget) new ProbeRsDriver(System.getenv(), child).open(spec);
  }

  static Path launcher() {
    return ProjectPaths.root().resolve("fake-probe-rs/bin/probe-rs");
  }

  private static Path firmware(Arch arch, String name) {
    return ProjectPaths.firmwareBuild(arch.id()).resolve(name);
  }

  private static List<Long> descendants() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid)
        .toList();
  }

  @ParameterizedTest
  @CsvSource({
    "0.30.0, CORTEX_M0PLUS, mps2-an385",
    "0.31.0, CORTEX_M3, mps2-an385-m3",
    "0.32.0, CORTEX_M4, mps2-an386"
  })
  void reportsEveryTestWithItsStatusAndTheFailuresMessages(String version, Arch arch, String chip)
      throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    EmbeddedTestRun run;
    try (ProbeRsTarget target = open(version, arch, chip, Map.of())) {
      run = target.runEmbeddedTests(firmware(arch, "embedded-tests.elf"), WAIT, lines::add);
    }
    assertThat(run.complete()).isTrue();
    assertThat(run.passed()).isFalse();
    assertThat(run.abort()).isEmpty();
    List<Outcome> outcomes = run.outcomes();
    // The ELF's symbol table order, which probe-rs runs the tests in.
    assertThat(outcomes)
        .extracting(Outcome::name, Outcome::status, o -> o.message().orElse(""))
        .containsExactly(
            tuple("tests::waits_for_a_flag_nobody_sets", Status.FAILED, "Test timed out after 1s"),
            tuple("tests::adds_with_wrap_around", Status.PASSED, ""),
            tuple("tests::talks_to_external_flash", Status.IGNORED, ""),
            tuple("tests::rejects_missing_config", Status.PASSED, ""),
            tuple("tests::reads_baud_from_config", Status.PASSED, ""),
            tuple(
                "tests::matches_crc32_of_truncated_input",
                Status.FAILED,
                "Test should Pass but it did Panic"),
            tuple("tests::computes_crc32_check_value", Status.PASSED, ""));
    // The firmware's own panic report and probe-rs's stack trace come with the failed test.
    assertThat(String.join("\n", outcomes.get(5).output()))
        .contains("assertion `crc32(\"12345678\", 8) == 0xCBF43926u` failed, left: 0x9ae0daaf")
        .contains("Core 0")
        .contains("Frame 0: ");
    assertThat(lines)
        .contains("{ \"type\": \"suite\", \"event\": \"started\", \"test_count\": 7 }")
        .anyMatch(
            l -> l.startsWith("{ \"type\": \"suite\", \"event\": \"failed\", \"passed\": 4,"));
    String calls = Files.readString(temp.resolve("calls.log"));
    assertThat(calls).contains("run --chip " + chip).contains("--format json");
    assertThat(descendants()).isEmpty();
  }

  @Test
  void aHardFaultAbortsTheSuiteAndTheRestIsReportedNotRun() {
    EmbeddedTestRun run;
    try (ProbeRsTarget target = open("0.32.0", Arch.CORTEX_M0PLUS, "mps2-an385", Map.of())) {
      run =
          target.runEmbeddedTests(
              firmware(Arch.CORTEX_M0PLUS, "embedded-tests-hardfault.elf"), WAIT, line -> {});
    }
    assertThat(run.complete()).isFalse();
    assertThat(run.abort())
        .get()
        .extracting(EmbeddedTestRun.Abort::kind)
        .isEqualTo(AbortKind.TARGET);
    List<Outcome> outcomes = run.outcomes();
    assertThat(outcomes)
        .extracting(Outcome::name, Outcome::status)
        .containsExactly(
            tuple("tests::waits_for_a_flag_nobody_sets", Status.FAILED),
            tuple("tests::adds_with_wrap_around", Status.PASSED),
            tuple("tests::talks_to_external_flash", Status.IGNORED),
            tuple("tests::executes_undefined_instruction", Status.FAILED),
            tuple("tests::rejects_missing_config", Status.NOT_RUN),
            tuple("tests::reads_baud_from_config", Status.NOT_RUN),
            tuple("tests::matches_crc32_of_truncated_input", Status.NOT_RUN),
            tuple("tests::computes_crc32_check_value", Status.NOT_RUN));
    assertThat(outcomes.get(3).message().orElseThrow())
        .contains("HardFault")
        .contains("The CPU halted unexpectedly: Exception");
    assertThat(outcomes.get(7).message().orElseThrow())
        .startsWith(
            "never started: the suite was aborted during tests::executes_undefined_instruction")
        .contains("HardFault");
    assertThat(descendants()).isEmpty();
  }

  @Test
  void aSelectionRunsOnlyTheMatchingTests() throws Exception {
    EmbeddedTestRun run;
    try (ProbeRsTarget target = open("0.31.0", Arch.CORTEX_M3, "mps2-an385-m3", Map.of())) {
      run =
          target.runEmbeddedTests(
              firmware(Arch.CORTEX_M3, "embedded-tests-hardfault.elf"),
              new EmbeddedTestSelection(Optional.of("crc32"), false, List.of(), false),
              WAIT,
              line -> {});
    }
    assertThat(run.complete()).isTrue();
    assertThat(run.outcomes())
        .extracting(Outcome::name, Outcome::status)
        .containsExactly(
            tuple("tests::matches_crc32_of_truncated_input", Status.FAILED),
            tuple("tests::computes_crc32_check_value", Status.PASSED));
    assertThat(Files.readString(temp.resolve("calls.log")))
        .contains(
            "--format json " + firmware(Arch.CORTEX_M3, "embedded-tests-hardfault.elf") + " crc32");
  }

  @Test
  void hiltsTimeoutKillsTheWholeProcessTree() throws Exception {
    try (ProbeRsTarget target = open("0.32.0", Arch.CORTEX_M0PLUS, "mps2-an385", Map.of())) {
      Files.createDirectories(temp.resolve("board"));
      Files.writeString(temp.resolve("board/fault"), "hang:run");
      assertThatThrownBy(
              () ->
                  target.runEmbeddedTests(
                      firmware(Arch.CORTEX_M0PLUS, "embedded-tests.elf"),
                      Duration.ofSeconds(3),
                      line -> {}))
          .isInstanceOfSatisfying(
              ProbeRsException.class,
              e -> assertThat(e.failure()).isEqualTo(ProbeRsFailure.TIMEOUT))
          .hasMessageContaining("did not start the tests within 3 s");
      assertThat(descendants()).isEmpty();
      assertThat(target.runningProcesses()).isEmpty();
    }
  }

  /** What Ctrl-C in hilt does: the target is closed while the suite runs. */
  @Test
  void closingTheTargetMidSuiteKillsProbeRsAndReportsTheTestsNotRun() throws Exception {
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    ProbeRsTarget target = open("0.32.0", Arch.CORTEX_M0PLUS, "mps2-an385", Map.of());
    Thread closer =
        new Thread(
            () -> {
              try {
                started.await();
                target.close();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    closer.start();
    EmbeddedTestRun run =
        target.runEmbeddedTests(
            firmware(Arch.CORTEX_M0PLUS, "embedded-tests.elf"),
            WAIT,
            line -> {
              if (line.contains("\"event\": \"started\", \"name\"")) {
                started.countDown();
              }
            });
    closer.join(WAIT.toMillis());
    assertThat(run.abort())
        .get()
        .extracting(EmbeddedTestRun.Abort::kind)
        .isEqualTo(AbortKind.PROBE_RS);
    assertThat(run.outcomes()).hasSize(7).allMatch(o -> o.status() == Status.NOT_RUN);
    assertThat(run.outcomes().get(0).message().orElseThrow())
        .contains("aborted while running: the target was closed");
    assertThat(descendants()).isEmpty();
  }

  @Test
  void refusesAFirmwareWithoutEmbeddedTestsBeforeStartingProbeRs() throws Exception {
    try (ProbeRsTarget target = open("0.32.0", Arch.CORTEX_M0PLUS, "mps2-an385", Map.of())) {
      assertThatThrownBy(
              () ->
                  target.runEmbeddedTests(
                      firmware(Arch.CORTEX_M0PLUS, "smoke.elf"), WAIT, line -> {}))
          .isInstanceOf(TargetException.class)
          .hasMessageContaining("smoke.elf is not an embedded-test firmware");
    }
    // Only --version ran, which the stand-in does not log.
    assertThat(temp.resolve("calls.log")).doesNotExist();
  }

  /** util/cli.rs with_ctrl_c: SIGTERM cancels the running test, and probe-rs exits 0. */
  @Test
  void sigtermCancelsTheSuiteWithExitStatusZero() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            launcher().toString(),
            "run",
            "--chip",
            "mps2-an385",
            "--format",
            "json",
            firmware(Arch.CORTEX_M0PLUS, "embedded-tests.elf").toString());
    pb.environment().put("FAKE_PROBE_RS_STATE", temp.resolve("board").toString());
    pb.environment().put("FAKE_PROBE_RS_CLASSPATH", System.getProperty("java.class.path"));
    pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.redirectError(temp.resolve("stderr.txt").toFile());
    Process p = pb.start();
    try (var out =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.contains("\"event\": \"started\", \"name\""));
      assertThat(line).contains("tests::waits_for_a_flag_nobody_sets");
      p.destroy();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(p.exitValue()).isZero();
    assertThat(Files.readString(temp.resolve("stderr.txt")))
        .endsWith("Received SIGTERM, exiting\nCancelled\n");
  }

  /** The stand-in's human output, libtest-mimic's pretty format, and its exit status. */
  @Test
  void withoutJsonTheStandInPrintsLibtestsPrettyReport() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            launcher().toString(),
            "run",
            "--chip",
            "mps2-an385",
            "--non-interactive",
            firmware(Arch.CORTEX_M0PLUS, "embedded-tests.elf").toString(),
            "crc32");
    pb.environment().put("FAKE_PROBE_RS_STATE", temp.resolve("board").toString());
    pb.environment().put("FAKE_PROBE_RS_CLASSPATH", System.getProperty("java.class.path"));
    pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Process p = pb.start();
    byte[] stdout = p.getInputStream().readAllBytes();
    String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(stdout, StandardCharsets.UTF_8);
    List<String> testLines = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.startsWith("test ")) {
        testLines.add(line);
      }
    }
    assertThat(out).startsWith("\nrunning 2 tests\n");
    // As with probe-rs, the firmware's output and the stack trace follow "test NAME ... " on the
    // same line, and the verdict comes after them.
    assertThat(out).contains("\n    Frame 0: ").contains("\nFAILED\n");
    assertThat(testLines)
        .containsExactly(
            "test tests::matches_crc32_of_truncated_input ... "
                + "====================== PANIC ======================",
            "test tests::computes_crc32_check_value       ... ok",
            "test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 5 filtered out;"
                + testLines.get(2).substring(testLines.get(2).indexOf(" finished in")));
    assertThat(out)
        .contains(
            "---- tests::matches_crc32_of_truncated_input ----\nTest should Pass but it did Panic\n");
    assertThat(stderr).endsWith("Error: Some tests failed\n");
    assertThat(p.exitValue()).isEqualTo(1);
  }
}
