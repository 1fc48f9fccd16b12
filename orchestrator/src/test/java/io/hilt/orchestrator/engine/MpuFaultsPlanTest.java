package io.hilt.orchestrator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.hilt.orchestrator.report.ReportKeys;
import io.hilt.probe.testsupport.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.AssertionFailedError;

/**
 * test-plans/mpu-faults.yaml on the ARMv7-M simulators with the committed MPU demo
 * (firmware/build/cortex-m3/faults.elf): the faults hilt decodes are those the firmware's own
 * handler reports, scenario by scenario, and a fault no step expected fails with its decoded
 * report.
 */
class MpuFaultsPlanTest {
  private static final Path PROFILES = ProjectPaths.root().resolve("device-profiles");

  private static EngineExecutionResults run(String profile, Path plansRoot, Path plan) {
    return run(profile, PROFILES, plansRoot, plan);
  }

  private static EngineExecutionResults run(
      String profile, Path profiles, Path plansRoot, Path plan) {
    return EngineTestKit.engine(new HiltTestEngine())
        .configurationParameter(EngineSettings.PROFILE, profile)
        .configurationParameter(EngineSettings.PROFILES_DIR, profiles.toString())
        .configurationParameter(EngineSettings.PLANS_ROOT, plansRoot.toString())
        .selectors(selectFile(plan.toFile()))
        .execute();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sim-cortex-m3", "sim-cortex-m4"})
  void everyScenarioFaultsAsThePlanExpects(String profile) {
    EngineExecutionResults results =
        run(
            profile,
            ProjectPaths.root(),
            ProjectPaths.root().resolve("test-plans/mpu-faults.yaml"));

    results.testEvents().assertStatistics(s -> s.started(12).succeeded(12).failed(0).aborted(0));
    Map<String, String> roWrite =
        entriesOf(results, "write to a read-only region is a MemManage data access violation");
    assertThat(roWrite)
        .containsEntry(property("fault.detected-by"), "vector-catch")
        .containsEntry(property("fault.exception"), "MemManage")
        .containsEntry(property("fault.function"), "ro_write")
        .containsEntry(property("fault.address"), "0x20000004")
        .containsEntry(property("fault.source"), "src/faults.c:151");
    assertThat(roWrite.get(property("fault.flags"))).startsWith("DACCVIOL,MMARVALID");
    assertThat(roWrite.get(ReportKeys.SYSTEM_OUT))
        .contains("[hilt]   MemManage fault on " + profile.substring(4))
        .contains("data access violation at 0x20000004 (MPU), in ro_write+0x4")
        .contains("FAULT MemManage CFSR=0x00000082");
    assertThat(
            entriesOf(
                results,
                "an undefined instruction with UsageFault disabled escalates to HardFault"))
        .containsEntry(property("fault.exception"), "HardFault")
        .containsEntry(property("fault.cause"), "UsageFault")
        .containsEntry(property("fault.function"), "escalate");
    assertThat(
            entriesOf(
                results,
                "a stack overflow into the guard region faults and cannot stack its frame"))
        .doesNotContainKey(property("fault.pc"));
  }

  @Test
  void thePlanAlsoPassesWhenTheFirmwaresHandlersRunAndExit(@TempDir Path dir) throws IOException {
    String m3 = Files.readString(PROFILES.resolve("sim-cortex-m3.yaml"));
    String notCatching =
        m3.replace("name: sim-cortex-m3", "name: m3-handlers-run")
            .replace("vector-catch: all-faults", "vector-catch: none");
    assertThat(notCatching).contains("vector-catch: none");
    Files.writeString(dir.resolve("m3-handlers-run.yaml"), notCatching);

    EngineExecutionResults results =
        run(
            "m3-handlers-run",
            dir,
            ProjectPaths.root(),
            ProjectPaths.root().resolve("test-plans/mpu-faults.yaml"));

    results.testEvents().assertStatistics(s -> s.started(12).succeeded(12).failed(0).aborted(0));
    assertThat(
            entriesOf(results, "write to a read-only region is a MemManage data access violation"))
        .containsEntry(property("fault.detected-by"), "exit-from-handler")
        .containsEntry(property("fault.function"), "ro_write")
        .containsEntry(property("fault.address"), "0x20000004");
  }

  @Test
  void anMpuFaultNoStepExpectedFailsWithTheDecodedFault(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("firmware"));
    Files.copy(
        ProjectPaths.root().resolve("firmware/build/cortex-m3/faults.elf"),
        dir.resolve("firmware/faults.elf"));
    Path plan =
        Files.writeString(
            Files.createDirectories(dir.resolve("test-plans")).resolve("unexpected.yaml"),
            """
            firmware: ../firmware/faults.elf
            tests:
              - name: ro_write was not expected
                args: ro_write
                steps: [flash, reset, { run-until: { exit: true } }]
              - name: a flag that is not set fails
                args: ro_write
                steps: [flash, reset, { expect-fault: { exception: MemManage, flags: [IACCVIOL] } }]
              - name: an escalated fault is a HardFault
                args: escalate
                steps: [flash, reset, { expect-fault: UsageFault }]
            """);

    EngineExecutionResults results = run("sim-cortex-m3", dir, plan);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("ro_write was not expected"),
                finishedWithFailure(
                    instanceOf(AssertionFailedError.class),
                    message(
                        m ->
                            m.startsWith("run-until at ")
                                && m.contains("unexpected MemManage fault: MemManage at 0x")
                                && m.contains("flag:      DACCVIOL (CFSR[1])")
                                && m.contains("address:   0x20000004 (MMFAR)")
                                && m.contains(
                                    "data access violation at 0x20000004 (MPU), in ro_write+0x4"
                                        + " at src/faults.c:151")))))
        .haveExactly(
            1,
            event(
                test("a flag that is not set fails"),
                finishedWithFailure(
                    message(
                        m ->
                            m.contains(
                                "flags: expected IACCVIOL set; not set: IACCVIOL; set: DACCVIOL,"
                                    + " MMARVALID")))))
        .haveExactly(
            1,
            event(
                test("an escalated fault is a HardFault"),
                finishedWithFailure(
                    message(
                        m ->
                            m.contains(
                                "exception: expected UsageFault, got HardFault (escalated from"
                                    + " UsageFault)")))));
  }

  private static String property(String name) {
    return ReportKeys.PROPERTY_PREFIX + name;
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
