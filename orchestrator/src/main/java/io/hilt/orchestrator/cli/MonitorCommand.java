package io.hilt.orchestrator.cli;

import io.hilt.orchestrator.config.DeviceProfile;
import io.hilt.orchestrator.logs.RttLogReader;
import io.hilt.orchestrator.steps.CommandLines;
import io.hilt.orchestrator.steps.DetectedFault;
import io.hilt.orchestrator.steps.FaultDetector;
import io.hilt.orchestrator.steps.StopReasons;
import io.hilt.orchestrator.steps.TargetOpener;
import io.hilt.probe.defmt.LevelFilter;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.StopReason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hilt monitor}: load a firmware, reset, run it and stream its console output and decoded
 * RTT/defmt logs live until it stops or the user presses Ctrl-C.
 */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description = {
      "Load FIRMWARE.elf on the profile's target, reset and run it, and show its console output"
          + " and RTT/defmt logs as they arrive, until it stops or Ctrl-C.",
      "hilt's own messages go to stderr."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "N:the firmware's semihosting exit code (0-255)",
      "2:bad usage or input (profile, ELF, --log-level)",
      "3:infrastructure error (target, driver)",
      "124:the --timeout ran out (or the instruction limit) before the firmware exited",
      "125:the core faulted, locked up or stopped at a breakpoint (stderr has the decoded fault)",
      "130:interrupted (Ctrl-C); the target was halted and closed"
    })
public final class MonitorCommand implements Callable<Integer> {
  /** How often RTT is read while the target runs. */
  static final Duration POLL = Duration.ofMillis(20);

  public static final int INTERRUPTED = 130;

  private final CliContext context;

  @Spec private CommandSpec spec;

  @Mixin private ProfileOptions profileOptions;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Stop after this long (default: run until the firmware stops or Ctrl-C).")
  private Optional<Duration> timeout = Optional.empty();

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text (default) or json (one object per line: logs with channel, level, timestamp,"
              + " text, file, line; console output with channel and text).")
  private String format;

  @Option(
      names = "--log-level",
      paramLabel = "FILTER",
      defaultValue = "trace",
      description =
          "Which defmt records to show, in DEFMT_LOG syntax: info, warn,my_crate=debug, off"
              + " (default: ${DEFAULT-VALUE}).")
  private String logLevel;

  @Option(names = "--no-color", description = "No ANSI colors (also off when not a terminal).")
  private boolean noColor;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FIRMWARE.elf",
      description = "The firmware ELF (required).")
  private Optional<Path> firmware = Optional.empty();

  @Parameters(
      index = "1..*",
      paramLabel = "ARGS",
      description = "Arguments for the firmware (after --), passed by semihosting.")
  private List<String> arguments = new ArrayList<>();

  public MonitorCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (firmware.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "Missing required parameter: 'FIRMWARE.elf' (the simulator cannot attach to a"
              + " running board: monitor loads, resets and runs the firmware)");
    }
    boolean json =
        switch (format) {
          case "text" -> false;
          case "json" -> true;
          default ->
              throw new UsageException("--format must be text or json, not '" + format + "'");
        };
    LevelFilter filter;
    try {
      filter = LevelFilter.parse(logLevel);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--log-level: " + e.getMessage());
    }
    DeviceProfile profile = profileOptions.resolve(context);
    Path path = context.resolve(firmware.get());
    FirmwareImages.Firmware loaded = FirmwareImages.read(path);
    MonitorPrinter printer = new MonitorPrinter(context.out(), context.err(), json, color());

    AtomicBoolean interrupted = new AtomicBoolean();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              interrupted.set(true);
              try {
                // let the loop halt and close the target before the JVM goes
                finished.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "hilt-monitor-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (DebugTarget opened = TargetOpener.installedDrivers().open(profile.toTargetSpec())) {
      opened.addOutputListener(printer::console);
      DebugTarget target =
          CommandLines.apply(
              opened,
              loaded.elf(),
              path,
              arguments.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", arguments)),
              profile.name());
      RttLogReader reader =
          new RttLogReader(
              target,
              Optional.of(loaded.elf()),
              profile.memory(),
              profile.rtt(),
              filter,
              printer::note);
      target.load(loaded.image());
      target.reset(ResetMode.RUN);
      Optional<StopReason> stop = run(target, reader, printer, interrupted);
      printer.logs(reader.drain());
      printer.endConsole();
      if (stop.isEmpty()) {
        target.halt();
        if (interrupted.get()) {
          printer.note("interrupted; target halted");
          return INTERRUPTED;
        }
        printer.note(
            "timeout: the firmware was still running after "
                + timeout.orElseThrow().toMillis()
                + " ms");
        return ExitCodes.EXEC_TIMEOUT;
      }
      StopReason reason = stop.get();
      Optional<DetectedFault> fault =
          new FaultDetector(target, profile.arch(), loaded.elf()).afterStop(reason);
      int code = ExitCodes.ofExec(reason);
      if (fault.isPresent() && StopReasons.exitCode(reason).isEmpty()) {
        code = ExitCodes.EXEC_FAULT;
      }
      if (StopReasons.exitCode(reason).isEmpty() || code != ExitCodes.ofExec(reason)) {
        printer.note(StopReasons.describe(reason));
      }
      fault.ifPresent(f -> printer.fault(f.text()));
      return code;
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: nothing to remove
      }
    }
  }

  /** Runs until the core stops (its reason), or empty on Ctrl-C or the timeout. */
  private Optional<StopReason> run(
      DebugTarget target, RttLogReader reader, MonitorPrinter printer, AtomicBoolean interrupted) {
    long start = System.nanoTime();
    while (!interrupted.get()) {
      long left =
          timeout.map(t -> t.toNanos() - (System.nanoTime() - start)).orElse(POLL.toNanos());
      if (left <= 0) {
        return Optional.empty();
      }
      StopReason reason = target.waitForStop(Duration.ofNanos(Math.min(left, POLL.toNanos())));
      if (!StopReasons.stillRunning(reason)) {
        return Optional.of(reason);
      }
      printer.logs(reader.poll());
    }
    return Optional.empty();
  }

  private boolean color() {
    return !noColor && System.console() != null && System.getenv("NO_COLOR") == null;
  }
}
