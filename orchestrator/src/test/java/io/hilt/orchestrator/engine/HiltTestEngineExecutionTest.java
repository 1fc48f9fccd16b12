package io.hilt.orchestrator.engine;

import static io.hilt.orchestrator.engine.EngineFixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.hilt.orchestrator.report.ReportKeys;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

/** The engine on the real simulator and the real firmware under firmware/build/cortex-m0plus. */
class HiltTestEngineExecutionTest {
  private static EngineExecutionResults outcomes;
  private static EngineExecutionResults stack;

  @BeforeAll
  static void runPlans() {
    outcomes = EngineFixtures.run("outcomes");
    stack = EngineFixtures.run("stack");
  }

  @Test
  void passingTestPublishesTheTargetOutputAndProperties() {
    outcomes
        .testEvents()
        .assertThatEvents()
        .haveExactly(1, event(test("banner and clean exit pass"), finishedSuccessfully()));

    Map<String, String> entries = entriesOf(outcomes, "banner and clean exit pass");
    assertThat(entries.get(ReportKeys.SYSTEM_OUT)).contains("hilt smoke firmware");
    assertThat(entries)
        .containsEntry(ReportKeys.PROPERTY_PREFIX + "profile", "sim-cortex-m0plus")
        .containsKey(ReportKeys.PROPERTY_PREFIX + "firmware");
    assertThat(entries.get(ReportKeys.PROPERTY_PREFIX + "firmware.sha256")).matches("[0-9a-f]{64}");
  }

  @Test
  void wrongExitCodeFailsNamingTheStepWhatWasExpectedAndWhatHappened() {
    outcomes
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("wrong exit code fails"),
                finishedWithFailure(
                    instanceOf(AssertionFailedError.class),
                    message(
                        m ->
                            m.startsWith("expect-exit at " + plan("outcomes") + ":17:9: ")
                                && m.contains("expected exit code 3 but firmware exited with 0")
                                && m.contains("last output:\n  ")
                                && m.contains("hilt smoke firmware")))));
  }

  @Test
  void outputThatNeverComesFailsWithTheReasonTheWaitEnded() {
    outcomes
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("output that never comes fails"),
                finishedWithFailure(
                    instanceOf(AssertionFailedError.class),
                    message(
                        m ->
                            m.contains(
                                "no output matching /this line is never printed/; firmware"
                                    + " exited with 0")))));
  }

  @Test
  void argumentsReachTheFirmwareAndItsExitCodeIsChecked() {
    outcomes
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("self-test with an injected failure exits with its count"),
                finishedSuccessfully()));
  }

  @Test
  void paintedStackGivesTheFirmwaresDocumentedHighWaterMarks() {
    stack
        .testEvents()
        .assertThatEvents()
        .haveExactly(1, event(test("depth 8"), finishedSuccessfully()))
        .haveExactly(1, event(test("depth 32"), finishedSuccessfully()));

    // firmware/README.md: 56 + 144 * depth bytes at the deepest level
    Map<String, String> depth8 = entriesOf(stack, "depth 8");
    assertThat(depth8)
        .containsEntry(ReportKeys.PROPERTY_PREFIX + "stack.used-bytes", "1208")
        .containsEntry(ReportKeys.PROPERTY_PREFIX + "stack.size-bytes", "8192")
        .containsEntry(ReportKeys.PROPERTY_PREFIX + "stack.used-percent", "14.7");
    assertThat(depth8.get(ReportKeys.SYSTEM_OUT))
        .contains("[hilt] stack used 1208 of 8192 bytes (14.7%)");
    assertThat(entriesOf(stack, "depth 32"))
        .containsEntry(ReportKeys.PROPERTY_PREFIX + "stack.used-bytes", "4664");
  }

  @Test
  void stackOverBudgetFails() {
    stack
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("depth 32 over a 2 KiB budget fails"),
                finishedWithFailure(
                    instanceOf(AssertionFailedError.class),
                    message(m -> m.contains("stack used 4664 bytes, more than max-bytes 2048")))));
  }

  @Test
  void waitingStepsLetTheCoreRunAndTimeOutAsThePlanSays() {
    EngineExecutionResults waits = EngineFixtures.run("waits");

    waits
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(test("the core keeps running after run-until matched"), finishedSuccessfully()))
        .haveExactly(
            1, event(test("a timeout can be what the test expects"), finishedSuccessfully()))
        .haveExactly(
            1,
            event(
                test("a firmware that does not exit in time fails expect-exit"),
                finishedWithFailure(
                    instanceOf(AssertionFailedError.class),
                    message(
                        m ->
                            m.contains(
                                "expected exit code 0 but the firmware did not exit within"
                                    + " 300ms")))));
  }

  private static Map<String, String> entriesOf(EngineExecutionResults results, String test) {
    Map<String, String> entries = new HashMap<>();
    results
        .allEvents()
        .reportingEntryPublished()
        .filter(e -> e.getTestDescriptor().getDisplayName().equals(test))
        .map(e -> e.getRequiredPayload(ReportEntry.class))
        .forEach(entry -> entries.putAll(entry.getKeyValuePairs()));
    return entries;
  }
}
