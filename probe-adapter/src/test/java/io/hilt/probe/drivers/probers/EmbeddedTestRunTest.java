package io.hilt.probe.drivers.probers;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.drivers.probers.EmbeddedTestRun.Abort;
import io.hilt.probe.drivers.probers.EmbeddedTestRun.AbortKind;
import io.hilt.probe.drivers.probers.EmbeddedTestRun.Outcome;
import io.hilt.probe.drivers.probers.EmbeddedTestRun.Status;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * libtest's JSON events as probe-rs run prints them. The event lines are libtest-mimic 0.8.1's
 * printer ({@code src/printer.rs}: its fixed spacing and key order, failures as {@code "stdout":
 * "Error: \"MSG\"\n"}) and its own recorded sample ({@code tests/json-output.json}); the messages
 * and the text between events are probe-rs-tools 0.32's ({@code rpc/functions/test.rs}: "Test
 * should Pass but it did Panic", "Test timed out after 1s"; {@code util/cli.rs
 * display_stack_trace}: "Core 0" and frames after a failure).
 */
class EmbeddedTestRunTest {
  private static EmbeddedTestRun feed(EmbeddedTestRun run, String... lines) {
    for (String line : lines) {
      run.accept(line);
    }
    return run;
  }

  @Test
  void turnsEveryReportedTestIntoOneOutcomeWithItsOutput() {
    EmbeddedTestRun run =
        feed(
            new EmbeddedTestRun(),
            "{ \"type\": \"suite\", \"event\": \"started\", \"test_count\": 4 }",
            "{ \"type\": \"test\", \"event\": \"started\", \"name\": \"tests::adds\" }",
            "{ \"type\": \"test\", \"name\": \"tests::adds\", \"event\": \"ok\" }",
            "{ \"type\": \"test\", \"event\": \"started\", \"name\": \"tests::crc\" }",
            "====================== PANIC ======================",
            "panicked at src/embedded-tests.c:135: assertion failed, left: 0x9ae0daaf",
            "Core 0",
            "    Frame 0: et_exit @ 0x000000fa",
            "{ \"type\": \"test\", \"name\": \"tests::crc\", \"event\": \"failed\", \"stdout\":"
                + " \"Error: \\\"Test should Pass but it did Panic\\\"\\n\" }",
            "{ \"type\": \"test\", \"event\": \"started\", \"name\": \"tests::waits\" }",
            "{ \"type\": \"test\", \"name\": \"tests::waits\", \"event\": \"failed\", \"stdout\":"
                + " \"Error: \\\"Test timed out after 1s\\\"\\n\" }",
            "{ \"type\": \"test\", \"event\": \"started\", \"name\": \"tests::flash\" }",
            "{ \"type\": \"test\", \"name\": \"tests::flash\", \"event\": \"ignored\" }",
            "{ \"type\": \"suite\", \"event\": \"failed\", \"passed\": 1, \"failed\": 2,"
                + " \"ignored\": 1, \"measured\": 0, \"filtered_out\": 0, \"exec_time\":"
                + " 1.342251 }");
    assertThat(run.complete()).isTrue();
    assertThat(run.passed()).isFalse();
    assertThat(run.outcomes())
        .containsExactly(
            new Outcome("tests::adds", Status.PASSED, Optional.empty(), List.of()),
            new Outcome(
                "tests::crc",
                Status.FAILED,
                Optional.of("Test should Pass but it did Panic"),
                List.of(
                    "====================== PANIC ======================",
                    "panicked at src/embedded-tests.c:135: assertion failed, left: 0x9ae0daaf",
                    "Core 0",
                    "    Frame 0: et_exit @ 0x000000fa")),
            new Outcome(
                "tests::waits", Status.FAILED, Optional.of("Test timed out after 1s"), List.of()),
            new Outcome("tests::flash", Status.IGNORED, Optional.empty(), List.of()));
  }

  @Test
  void readsLibtestMimicsOwnSampleWithQuotedNames() {
    // libtest-mimic 0.8.1 tests/json-output.json, first lines.
    EmbeddedTestRun run =
        feed(
            new EmbeddedTestRun(),
            "{ \"type\": \"suite\", \"event\": \"started\", \"test_count\": 2 }",
            "{ \"type\": \"test\", \"event\": \"started\", \"name\": \"cat\" }",
            "{ \"type\": \"test\", \"name\": \"cat\", \"event\": \"ok\" }",
            "{ \"type\": \"test\", \"event\": \"started\", \"name\": \"\\\"ups\\\"\" }",
            "{ \"type\": \"test\", \"name\": \"\\\"ups\\\"\", \"event\": \"failed\", \"stdout\":"
                + " \"Error: \\\"failed to parse \\\"abc\\\"\\\"\\n\" }",
            "{ \"type\": \"suite\", \"event\": \"failed\", \"passed\": 1, \"failed\": 1,"
                + " \"ignored\": 0, \"measured\": 0, \"filtered_out\": 0, \"exec_time\":"
                + " 0.000000000 }");
    assertThat(run.outcomes().get(1))
        .isEqualTo(
            new Outcome(
                "\"ups\"", Status.FAILED, Optional.of("failed to parse \"abc\""), List.of()));
  }

  @Test
  void aHardFaultFailsTheRunningTestAndLeavesTheRestNotRunByName() {
    EmbeddedTestRun run =
        feed(
            new EmbeddedTestRun(List.of("tests::a", "tests::b", "tests::c", "tests::d")),
            "{\"type\":\"suite\",\"event\":\"started\",\"test_count\":4}",
            "{\"type\":\"test\",\"event\":\"started\",\"name\":\"tests::a\"}",
            "{\"type\":\"test\",\"name\":\"tests::a\",\"event\":\"ok\"}",
            "{\"type\":\"test\",\"event\":\"started\",\"name\":\"tests::b\"}",
            "writing to flash");
    assertThat(run.complete()).isFalse();
    assertThat(run.running()).contains("tests::b");
    run.abort(new Abort(AbortKind.TARGET, "the target stopped on a HardFault"));
    List<Outcome> outcomes = run.outcomes();
    assertThat(outcomes)
        .extracting(Outcome::name, Outcome::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("tests::a", Status.PASSED),
            org.assertj.core.groups.Tuple.tuple("tests::b", Status.FAILED),
            org.assertj.core.groups.Tuple.tuple("tests::c", Status.NOT_RUN),
            org.assertj.core.groups.Tuple.tuple("tests::d", Status.NOT_RUN));
    assertThat(outcomes.get(1).message()).contains("the target stopped on a HardFault");
    assertThat(outcomes.get(1).output()).containsExactly("writing to flash");
    assertThat(outcomes.get(3).message().orElseThrow())
        .isEqualTo(
            "never started: the suite was aborted during tests::b (the target stopped on a"
                + " HardFault)");
    assertThat(run.passed()).isFalse();
  }

  @Test
  void aTimeoutLeavesTheRunningTestNotRunAndNamesTheRestByCount() {
    EmbeddedTestRun run =
        feed(
            new EmbeddedTestRun(),
            "{\"type\":\"suite\",\"event\":\"started\",\"test_count\":3}",
            "{\"type\":\"test\",\"event\":\"started\",\"name\":\"a\"}");
    run.abort(new Abort(AbortKind.TIMEOUT, "hilt's timeout of 5 s ran out"));
    assertThat(run.outcomes())
        .extracting(Outcome::name, Outcome::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", Status.NOT_RUN),
            org.assertj.core.groups.Tuple.tuple("<test 2 not run>", Status.NOT_RUN),
            org.assertj.core.groups.Tuple.tuple("<test 3 not run>", Status.NOT_RUN));
    assertThat(run.outcomes().get(0).message())
        .contains("aborted while running: hilt's timeout of 5 s ran out");
  }

  @Test
  void findsAnEventAfterFirmwareOutputThatHadNoNewline() {
    EmbeddedTestRun run =
        feed(
            new EmbeddedTestRun(),
            "{ \"type\": \"suite\", \"event\": \"started\", \"test_count\": 1 }",
            "{ \"type\": \"test\", \"event\": \"started\", \"name\": \"t\" }");
    assertThat(run.accept("progress 50%{ \"type\": \"test\", \"name\": \"t\", \"event\": \"ok\" }"))
        .isTrue();
    assertThat(run.outcomes())
        .containsExactly(
            new Outcome("t", Status.PASSED, Optional.empty(), List.of("progress 50%")));
  }

  @Test
  void ignoresLinesThatAreNotTestEvents() {
    EmbeddedTestRun run = new EmbeddedTestRun();
    assertThat(run.accept("{ not json")).isFalse();
    assertThat(run.accept("[1, 2]")).isFalse();
    assertThat(run.accept("{\"type\":\"bench\",\"name\":\"x\"}")).isFalse();
    assertThat(run.accept("{\"level\":\"info\"}")).isFalse();
    assertThat(run.accept("{\"type\":\"test\",\"name\":\"x\",\"event\":\"bogus\"}")).isFalse();
    assertThat(run.started()).isFalse();
    assertThat(run.outcomes()).isEmpty();
  }
}
