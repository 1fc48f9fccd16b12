package io.hilt.orchestrator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.hilt.orchestrator.report.ReportKeys;
import io.hilt.orchestrator.testfirmware.FaultDemo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.AssertionFailedError;

/**
 * expect-fault, expect-no-fault and unexpected faults on the Cortex-M0+ simulator, with a gcc-built
 * firmware that faults on command: every way a fault shows up (docs/faults.md).
 */
class FaultStepsTest {
  @TempDir static Path dir;
  private static EngineExecutionResults caught;
  private static EngineExecutionResults handled;
  private static EngineExecutionResults limited;

  @BeforeAll
  static void runPlans() throws IOException {
    FaultDemo.build(dir.resolve("firmware"));
    Path profiles = FaultDemo.profiles(dir.resolve("profiles"));
    Path plans = Files.createDirectories(dir.resolve("test-plans"));
    Path vectorCatch =
        Files.writeString(
            plans.resolve("vector-catch.yaml"),
            """
            name: vector-catch
            firmware: ../firmware/fault-demo.elf
            timeout: 5s
            tests:
              - name: the expected HardFault in read_unmapped passes
                args: unmapped
                steps:
                  - flash
                  - reset
                  - expect-fault: { exception: HardFault, function: read_unmapped }
              - name: a bare expect-fault takes any fault
                args: udf
                steps: [flash, reset, expect-fault]
              - name: after the expected fault the handler runs and reports it
                args: unmapped
                steps:
                  - flash
                  - reset
                  - expect-fault: HardFault
                  - expect-output: caught HardFault
                  - expect-exit: 3
              - name: a fault in another function fails with the decoded fault
                args: udf
                steps:
                  - flash
                  - reset
                  - expect-fault: { exception: HardFault, function: read_unmapped }
              - name: flags cannot match on a core without fault status registers
                args: unmapped
                steps:
                  - flash
                  - reset
                  - expect-fault: { flags: [PRECISERR, BFARVALID], address: 0xf0000000 }
              - name: an expected fault that never comes fails
                args: ok
                steps: [flash, reset, expect-fault]
              - name: an unexpected fault fails run-until with the decoded fault
                args: unmapped
                steps: [flash, reset, { run-until: { exit: true } }]
              - name: an unexpected fault fails expect-exit
                args: udf
                steps: [flash, reset, { expect-exit: 0 }]
              - name: after the expected fault a lockup in the handler is a new fault
                args: unmapped 3
                steps: [flash, reset, { expect-fault: HardFault }, { expect-exit: 0 }]
              - name: expect-no-fault passes on a clean exit
                args: ok
                steps: [flash, reset, expect-no-fault, { expect-exit: 0 }]
              - name: expect-no-fault passes while a firmware runs without faulting
                args: loop
                steps:
                  - flash
                  - reset
                  - expect-no-fault: { timeout: 200ms }
                  - run-until: { on-timeout: pass, timeout: 100ms }
              - name: expect-no-fault fails on a fault
                args: udf
                steps: [flash, reset, expect-no-fault]
            """);
    Path inHandler =
        Files.writeString(
            plans.resolve("in-handler.yaml"),
            """
            name: in-handler
            firmware: ../firmware/fault-demo.elf
            timeout: 5s
            tests:
              - name: a handler that spins is found when the timeout runs out
                args: unmapped 1
                steps:
                  - flash
                  - reset
                  - expect-fault: { exception: HardFault, function: read_unmapped, timeout: 300ms }
              - name: a handler that spins fails a run-until that may time out
                args: unmapped 1
                steps: [flash, reset, { run-until: { on-timeout: pass, timeout: 300ms } }]
              - name: a handler that hits a breakpoint shows the fault
                args: udf 2
                steps:
                  - flash
                  - reset
                  - expect-fault: { exception: HardFault, function: undefined_instruction }
              - name: a fault in the handler locks the core up
                args: unmapped 3
                steps: [flash, reset, { expect-fault: HardFault }]
              - name: an exit from the handler is an unexpected fault
                args: unmapped 0
                steps: [flash, reset, { expect-exit: 3 }]
              - name: an exit from the handler after the expected fault passes
                args: unmapped 0
                steps:
                  - flash
                  - reset
                  - expect-fault: HardFault
                  - expect-output: caught HardFault
                  - expect-exit: 3
            """);
    Path budget =
        Files.writeString(
            plans.resolve("budget.yaml"),
            """
            name: budget
            firmware: ../firmware/fault-demo.elf
            tests:
              - name: a handler that spins until the instruction budget runs out shows the fault
                args: unmapped 1
                steps: [flash, reset, { expect-fault: { function: read_unmapped, timeout: 20s } }]
            """);
    caught = run(FaultDemo.CATCHING, profiles, vectorCatch);
    limited = run(FaultDemo.NOT_CATCHING_LIMITED, profiles, budget);
    handled = run(FaultDemo.NOT_CATCHING, profiles, inHandler);
  }

  private static EngineExecutionResults run(String profile, Path profiles, Path plan) {
    return EngineTestKit.engine(new HiltTestEngine())
        .configurationParameter(EngineSettings.PROFILE, profile)
        .configurationParameter(EngineSettings.PROFILES_DIR, profiles.toString())
        .configurationParameter(EngineSettings.PLANS_ROOT, dir.toString())
        .selectors(selectFile(plan.toFile()))
        .execute();
  }

  @Test
  void anExpectedHardFaultPassesAndIsRecorded() {
    assertPassed(caught, "the expected HardFault in read_unmapped passes");
    assertPassed(caught, "a bare expect-fault takes any fault");

    Map<String, String> entries =
        entriesOf(caught, "the expected HardFault in read_unmapped passes");
    assertThat(entries)
        .containsEntry(property("fault.exception"), "HardFault")
        .containsEntry(property("fault.function"), "read_unmapped")
        .containsEntry(property("fault.detected-by"), "vector-catch")
        .doesNotContainKey(property("fault.flags"))
        .doesNotContainKey(property("fault.address"));
    assertThat(entries.get(property("fault.pc"))).matches("0x[0-9a-f]{8}");
    assertThat(entries.get(property("fault.source"))).endsWith("fault-demo.c:40");
    assertThat(entries.get(ReportKeys.SYSTEM_OUT))
        .contains("fault-demo: unmapped")
        .contains("[hilt] fault detected: the target stopped on entry to the fault handler")
        .contains("[hilt]   HardFault on cortex-m0plus")
        .contains("read_unmapped+0x")
        .contains("[hilt] expected fault seen: HardFault");
  }

  @Test
  void theHandlerRunsAfterAnExpectedFaultCaughtOnEntry() {
    assertPassed(caught, "after the expected fault the handler runs and reports it");
  }

  @Test
  void aLockupAfterTheExpectedFaultIsANewFault() {
    assertFailed(
        caught,
        "after the expected fault a lockup in the handler is a new fault",
        m -> m.startsWith("expect-exit at ") && m.contains("unexpected HardFault: core locked up"));
  }

  @Test
  void aMismatchShowsWhatWasExpectedAndTheDecodedFault() {
    assertFailed(
        caught,
        "a fault in another function fails with the decoded fault",
        m ->
            m.startsWith("expect-fault at ")
                && m.contains(
                    "expected a fault (exception HardFault; function read_unmapped) but got"
                        + " HardFault:")
                && m.contains("function: expected read_unmapped, got undefined_instruction at ")
                && m.contains("decoded fault (the target stopped on entry to the fault handler")
                && m.contains("\n  HardFault on cortex-m0plus\n")
                && m.contains("last output:\n  fault-demo: udf"));
    AssertionFailedError error =
        failureOf(caught, "a fault in another function fails with the decoded fault");
    assertThat(error.getExpected().getStringRepresentation())
        .isEqualTo("exception HardFault; function read_unmapped");
    assertThat(error.getActual().getStringRepresentation())
        .isEqualTo(
            "exception HardFault; flags (none); address (not valid); function"
                + " undefined_instruction");
  }

  @Test
  void flagsAndAddressesFailOnACoreThatDoesNotRecordThem() {
    assertFailed(
        caught,
        "flags cannot match on a core without fault status registers",
        m ->
            m.contains(
                    "flags: expected PRECISERR, BFARVALID set; not set: PRECISERR, BFARVALID;"
                        + " set: none (not recorded on cortex-m0plus)")
                && m.contains(
                    "address: expected 0xf0000000, but the fault has no valid address (no"
                        + " MMARVALID or BFARVALID)"));
  }

  @Test
  void anExpectedFaultThatNeverComesFails() {
    assertFailed(
        caught,
        "an expected fault that never comes fails",
        m -> m.contains("expected a fault (any fault) but firmware exited with 0"));
  }

  @Test
  void anUnexpectedFaultFailsAnyWaitingStepWithTheDecodedFault() {
    assertFailed(
        caught,
        "an unexpected fault fails run-until with the decoded fault",
        m ->
            m.startsWith("run-until at ")
                && m.contains("unexpected HardFault: HardFault at 0x")
                && m.contains("read of unmapped address 0xf0000000")
                && m.contains("  HardFault on cortex-m0plus\n")
                && m.contains("    pc:        0x")
                && m.contains("read_unmapped+0x"));
    assertFailed(
        caught,
        "an unexpected fault fails expect-exit",
        m -> m.startsWith("expect-exit at ") && m.contains("undefined_instruction at "));
    Map<String, String> entries =
        entriesOf(caught, "an unexpected fault fails run-until with the decoded fault");
    assertThat(entries)
        .containsEntry(property("fault.exception"), "HardFault")
        .containsEntry(property("fault.function"), "read_unmapped");
    assertThat(entries.get(ReportKeys.SYSTEM_OUT)).contains("[hilt]   HardFault on cortex-m0plus");
  }

  @Test
  void expectNoFaultPassesWithoutAFaultAndFailsOnOne() {
    assertPassed(caught, "expect-no-fault passes on a clean exit");
    assertPassed(caught, "expect-no-fault passes while a firmware runs without faulting");
    assertFailed(
        caught,
        "expect-no-fault fails on a fault",
        m ->
            m.startsWith("expect-no-fault at ")
                && m.contains("expected no fault but HardFault")
                && m.contains("undefined_instruction at "));
  }

  @Test
  void aHandlerThatSpinsIsFoundWhenTheTimeoutRunsOut() {
    assertPassed(handled, "a handler that spins is found when the timeout runs out");
    assertThat(entriesOf(handled, "a handler that spins is found when the timeout runs out"))
        .containsEntry(property("fault.detected-by"), "timeout")
        .containsEntry(property("fault.function"), "read_unmapped");
    assertFailed(
        handled,
        "a handler that spins fails a run-until that may time out",
        m ->
            m.contains("unexpected HardFault: core in a fault handler at pc 0x")
                && m.contains("read_unmapped+0x"));
  }

  @Test
  void aBreakpointInTheHandlerShowsTheFault() {
    assertPassed(handled, "a handler that hits a breakpoint shows the fault");
    assertThat(entriesOf(handled, "a handler that hits a breakpoint shows the fault"))
        .containsEntry(property("fault.detected-by"), "breakpoint");
  }

  @Test
  void aCoreStoppedInsideAHandlerShowsTheFault() {
    String name = "a handler that spins until the instruction budget runs out shows the fault";
    assertPassed(limited, name);
    assertThat(entriesOf(limited, name))
        .containsEntry(property("fault.detected-by"), "stopped-in-handler");
  }

  @Test
  void aLockupIsAFault() {
    assertPassed(handled, "a fault in the handler locks the core up");
    assertThat(entriesOf(handled, "a fault in the handler locks the core up"))
        .containsEntry(property("fault.detected-by"), "lockup")
        .containsEntry(property("fault.exception"), "HardFault");
  }

  @Test
  void anExitFromTheHandlerIsAFault() {
    assertFailed(
        handled,
        "an exit from the handler is an unexpected fault",
        m ->
            m.contains("unexpected HardFault: firmware exited with 3;")
                && m.contains("the firmware exited from inside its fault handler"));
    assertPassed(handled, "an exit from the handler after the expected fault passes");
  }

  private static String property(String name) {
    return ReportKeys.PROPERTY_PREFIX + name;
  }

  private static void assertPassed(EngineExecutionResults results, String name) {
    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(1, event(test(name), finishedSuccessfully()));
  }

  private static void assertFailed(
      EngineExecutionResults results, String name, Predicate<String> check) {
    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test(name),
                finishedWithFailure(instanceOf(AssertionFailedError.class), message(check))));
  }

  private static AssertionFailedError failureOf(EngineExecutionResults results, String name) {
    return results.testEvents().finished().stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().equals(name))
        .map(
            e ->
                (AssertionFailedError)
                    e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .getThrowable()
                        .orElseThrow())
        .findFirst()
        .orElseThrow();
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
