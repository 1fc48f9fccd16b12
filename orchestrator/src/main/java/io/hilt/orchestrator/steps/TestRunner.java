package io.hilt.orchestrator.steps;

import io.hilt.orchestrator.config.ConfigException;
import io.hilt.orchestrator.config.FirmwarePaths;
import io.hilt.orchestrator.config.RttSettings;
import io.hilt.orchestrator.config.SerialSettings;
import io.hilt.orchestrator.config.Step;
import io.hilt.orchestrator.config.TestCase;
import io.hilt.orchestrator.config.TestPlan;
import io.hilt.orchestrator.logs.RttLogReader;
import io.hilt.orchestrator.results.ResultCase;
import io.hilt.orchestrator.results.ResultsCollector;
import io.hilt.probe.defmt.LevelFilter;
import io.hilt.probe.serial.SerialLink;
import io.hilt.probe.serial.SerialLinks;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.OutputChunk;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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
  private final Function<SerialSettings, SerialLink> serialOpener;

  public TestRunner(TargetOpener opener, Function<Path, FirmwareImages.Firmware> firmwareReader) {
    this(opener, firmwareReader, s -> SerialLinks.open(s.spec(), s.options()));
  }

  /**
   * @param serialOpener opens a profile's {@code serial:} port (the board's console)
   */
  public TestRunner(
      TargetOpener opener,
      Function<Path, FirmwareImages.Firmware> firmwareReader,
      Function<SerialSettings, SerialLink> serialOpener) {
    this.serialOpener = serialOpener;
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
    TestPlan plan = invocation.plan();
    TestCase test = invocation.test();
    Optional<ResultsCollector> results = plan.resultsOf(test).map(ResultsCollector::new);
    results.ifPresent(r -> properties.put("results", r.format().id()));
    Optional<Throwable> problem = Optional.empty();
    List<ResultCase> embedded = new java.util.ArrayList<>();
    try {
      run(invocation, cancelled, output, properties, results, embedded);
    } catch (RuntimeException | AssertionError e) {
      problem = Optional.of(e);
    }
    List<ResultCase> cases = new java.util.ArrayList<>(embedded);
    cases.addAll(results.map(ResultsCollector::finish).orElse(List.of()));
    return new TestOutcome(output.systemOut(), output.systemErr(), properties, problem, cases);
  }

  private void run(
      TestInvocation invocation,
      BooleanSupplier cancelled,
      OutputRecorder output,
      Map<String, String> properties,
      Optional<ResultsCollector> results,
      List<ResultCase> embedded) {
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
      results.ifPresent(
          r ->
              target.addOutputListener(
                  chunk -> {
                    if (chunk.channel() != OutputChannel.SEMIHOSTING_STDERR) {
                      r.accept(chunk.channel().name(), chunk.data());
                    }
                  }));
      Map<String, Console> consoles = new LinkedHashMap<>();
      try {
        Optional<SerialSettings> serial = invocation.profile().serial();
        if (serial.isPresent()) {
          // the board's own serial port: its bytes are the UART0 output of the test
          SerialLink link = serialOpener.apply(serial.get());
          consoles.put(
              Step.DEFAULT_LINK,
              new Console(
                  Step.DEFAULT_LINK,
                  link,
                  output,
                  bytes -> {
                    OutputChunk chunk = new OutputChunk(OutputChannel.UART0, bytes);
                    output.onOutput(chunk);
                    results.ifPresent(r -> r.accept(OutputChannel.UART0.name(), bytes));
                  }));
        } else if (test.steps().stream().anyMatch(s -> Step.linkOf(s).isPresent())) {
          // the target's own UART: its bytes already reach system-out through the target output
          target
              .console()
              .ifPresent(
                  link ->
                      consoles.put(
                          Step.DEFAULT_LINK,
                          new Console(Step.DEFAULT_LINK, link, output, bytes -> {})));
        }
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
                reader,
                output,
                plan.failOnLog(),
                plan.failOnLog().map(l -> plan.location()),
                line -> results.ifPresent(r -> r.line(line)));
        StepExecutor executor =
            new StepExecutor(
                invocation.profile(),
                target,
                firmware,
                output,
                properties,
                logs,
                consoles,
                cancelled,
                embedded::add);
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
      } finally {
        consoles.values().forEach(Console::close);
      }
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
