package io.hilt.probe.drivers.probers;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.drivers.probers.EmbeddedTestRun.Outcome;
import io.hilt.probe.drivers.probers.EmbeddedTestRun.Status;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * libtest's JSON test events (the {@code --format json} of Rust's test harness, which libtest-mimic
 * 0.8 imitates for probe-rs run). The samples follow libtest's event shape; the libtest-mimic 0.8
 * printer itself was not available to check them against, so the parser accepts any key order and
 * extra fields.
 */
class EmbeddedTestRunTest {
  @Test
  void turnsEveryFinishedTestIntoOneOutcome() {
    EmbeddedTestRun run = new EmbeddedTestRun();
    for (String line :
        List.of(
            "{ \"type\": \"suite\", \"event\": \"started\", \"test_count\": 3 }",
            "{ \"type\": \"test\", \"event\": \"started\", \"name\": \"tests::adds\" }",
            "INFO firmware log between events",
            "{ \"type\": \"test\", \"name\": \"tests::adds\", \"event\": \"ok\" }",
            "{ \"type\": \"test\", \"event\": \"started\", \"name\": \"tests::overflows\" }",
            "{ \"type\": \"test\", \"name\": \"tests::overflows\", \"event\": \"failed\", \"stdout\":"
                + " \"panicked at 'attempt to add with overflow'\" }",
            "{ \"type\": \"test\", \"name\": \"tests::slow\", \"event\": \"ignored\" }",
            "{ \"type\": \"suite\", \"event\": \"failed\", \"passed\": 1, \"failed\": 1, \"ignored\": 1,"
                + " \"measured\": 0, \"filtered_out\": 0, \"exec_time\": 0.5 }")) {
      run.accept(line);
    }
    assertThat(run.complete()).isTrue();
    assertThat(run.outcomes("-"))
        .containsExactly(
            new Outcome("tests::adds", Status.PASSED, Optional.empty()),
            new Outcome(
                "tests::overflows",
                Status.FAILED,
                Optional.of("panicked at 'attempt to add with overflow'")),
            new Outcome("tests::slow", Status.IGNORED, Optional.empty()));
  }

  @Test
  void aHardFaultLeavesTheRunningAndTheRemainingTestsNotRun() {
    EmbeddedTestRun run = new EmbeddedTestRun();
    run.accept("{\"type\":\"suite\",\"event\":\"started\",\"test_count\":4}");
    run.accept("{\"type\":\"test\",\"event\":\"started\",\"name\":\"a\"}");
    run.accept("{\"type\":\"test\",\"name\":\"a\",\"event\":\"ok\"}");
    run.accept("{\"type\":\"test\",\"event\":\"started\",\"name\":\"b\"}");
    assertThat(run.complete()).isFalse();
    List<Outcome> outcomes = run.outcomes("HardFault");
    assertThat(outcomes)
        .extracting(Outcome::status)
        .containsExactly(Status.PASSED, Status.NOT_RUN, Status.NOT_RUN, Status.NOT_RUN);
    assertThat(outcomes.get(1).name()).isEqualTo("b");
    assertThat(outcomes.get(1).message()).contains("aborted while running: HardFault");
    assertThat(outcomes.get(3).name()).isEqualTo("<test 4 not run>");
  }

  @Test
  void ignoresLinesThatAreNotTestEvents() {
    EmbeddedTestRun run = new EmbeddedTestRun();
    assertThat(run.accept("{ not json")).isFalse();
    assertThat(run.accept("[1, 2]")).isFalse();
    assertThat(run.accept("{\"type\":\"bench\",\"name\":\"x\"}")).isFalse();
    assertThat(run.accept("{\"level\":\"info\"}")).isFalse();
    assertThat(run.outcomes("-")).isEmpty();
  }
}
