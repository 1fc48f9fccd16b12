package io.hilt.orchestrator.steps;

import io.hilt.orchestrator.config.ConfigException;
import io.hilt.orchestrator.config.FirmwarePaths;
import io.hilt.orchestrator.config.RttSettings;
import io.hilt.orchestrator.config.Step;
import io.hilt.orchestrator.config.TestCase;
import io.hilt.orchestrator.config.TestPlan;
import io.hilt.orchestrator.logs.RttLogReader;
import io.hilt.probe.defmt.LevelFilter;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImages;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.opentest4j.TestAbortedException;

/**
 * Runs one test: opens its board, loads its firmware, runs its steps in order, closes the board.
 * Whatever happens, the outcome carries the output and properties gathered until then.
 */
public final class TestRunner {
  /** Output kept per test; more is counted and dropped (a chatty firmware must not exhaust us). */
  public static final int OUTPUT_LIMIT_BYTES = 8 * 1024 * 1024;

  private final TargetOpener opener;
  private final Function<Path, FirmwareImages.Firmware> firmwareReader;

  public TestRunner(TargetOpener opener, Function<Path, FirmwareImages.Firmware> firmwareReader) {
    this.opener = opener;
    this.firmwareReader = firmwareReader;
  }

  /** Real drivers (found by id) and real ELF loading. */
  public static TestRunner withInstalledDrivers() {
    return new TestRunner(TargetOpener.installedDrivers(), FirmwareImages::read);
  }

  /** Runs a test to the end. */
  public TestOutcome run(TestInvocation invocation) {
    return run(invocation, () -> false);
  }

  /**
   * Runs a test, giving up between steps and during waits once {@code cancelled} says so (Ctrl-C);
   * the outcome's problem is then a {@link TestAbortedException}.
   */
  public TestOutcome run(TestInvocation invocation, BooleanSupplier cancelled) {
    OutputRecorder output = new OutputRecorder(OUTPUT_LIMIT_BYTES);
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("profile", invocation.profile().name());
    try {
      TestPlan plan = invocation.plan();
      TestCase test = invocation.test();
      Path path = FirmwarePaths.forArch(firmware(plan, test), invocation.profile().arch());
      properties.put("firmware", path.toString());
      FirmwareImages.Firmware firmware = firmwareReader.apply(path);
      properties.put("firmware.sha256", firmware.sha256());
      try (DebugTarget opened = opener.open(invocation.profile().toTargetSpec())) {
        opened.addOutputListener(output);
        DebugTarget target =
            CommandLines.apply(
                opened,
                firmware.elf(),
                path,
                test.args().or(plan::args),
                invocation.profile().name());
        RttSettings rtt = plan.rtt().over(invocation.profile().rtt());
        RttLogReader reader =
            new RttLogReader(
                target,
                Optional.of(firmware.elf()),
                invocation.profile().memory(),
                rtt,
                LevelFilter.all(),
                output::note);
        TestLogs logs =
            new TestLogs(
                reader, output, plan.failOnLog(), plan.failOnLog().map(l -> plan.location()));
        StepExecutor executor =
            new StepExecutor(
                invocation.profile(), target, firmware, output, properties, logs, cancelled);
        try {
          for (Step step : test.steps()) {
            if (cancelled.getAsBoolean()) {
              throw new TestAbortedException(
                  "run cancelled before " + step.keyword() + " at " + step.location());
            }
            executor.execute(step);
          }
          executor.finish();
        } catch (RuntimeException | AssertionError problem) {
          logs.salvage();
          throw problem;
        }
      }
      return new TestOutcome(output.systemOut(), output.systemErr(), properties, Optional.empty());
    } catch (RuntimeException | AssertionError problem) {
      return new TestOutcome(
          output.systemOut(), output.systemErr(), properties, Optional.of(problem));
    }
  }

  private static Path firmware(TestPlan plan, TestCase test) {
    return test.firmware()
        .or(plan::firmware)
        .orElseThrow(
            () ->
                new ConfigException(
                    test.location(),
                    "test '" + test.name() + "' has no firmware and its plan names none"));
  }
}
