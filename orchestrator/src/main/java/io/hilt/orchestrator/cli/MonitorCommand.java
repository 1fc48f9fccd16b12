package io.hilt.orchestrator.cli;

import io.hilt.orchestrator.config.DeviceProfile;
import io.hilt.orchestrator.config.SerialSettings;
import io.hilt.orchestrator.logs.RttLogReader;
import io.hilt.orchestrator.steps.CommandLines;
import io.hilt.orchestrator.steps.DetectedFault;
import io.hilt.orchestrator.steps.FaultDetector;
import io.hilt.orchestrator.steps.StopReasons;
import io.hilt.orchestrator.steps.TargetOpener;
import io.hilt.probe.defmt.LevelFilter;
import io.hilt.probe.serial.SerialEvent;
import io.hilt.probe.serial.SerialException;
import io.hilt.probe.serial.SerialLink;
import io.hilt.probe.serial.SerialLinks;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.OutputChunk;
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
      "With a profile that has a serial: port and no FIRMWARE.elf, show that port's console"
          + " (the board runs what it has). --send types standard input into the console.",
      "hilt's own messages go to stderr."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "N:the firmware's semihosting exit code (0-255)",
      "2:bad usage or input (profile, ELF, --log-level)",
      "3:infrastructure error (target, driver)",
      "0:serial console only: Ctrl-D on --send input, or the --timeout ran out",
      "124:the --timeout ran out (or the instruction limit) before the firmware exited",
      "125:the core faulted, locked up or stopped at a breakpoint (stderr has the decoded fault)",
      "130:interrupted (Ctrl-C); the target was halted and closed"
    })
public final class MonitorCommand implements Callable<Integer> {
  /** How often RTT is read while the target runs. */
  static final Duration POLL = Duration.ofMillis(20);

  public static final int INTERRUPTED = 130;

  /** Longest wait for the console to take one typed line. */
  static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);

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

  @Option(
      names = "--send",
      description =
          "Send each line typed on standard input to the console (the profile's serial: port, else"
              + " the target's own UART), ended with --line-ending.")
  private boolean send;

  @Option(
      names = "--line-ending",
      paramLabel = "END",
      defaultValue = "crlf",
      description = "What ends a line sent with --send: crlf (default), lf, cr or none.")
  private String lineEnding;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FIRMWARE.elf",
      description = "The firmware ELF (required unless the profile has a serial: port to watch).")
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
    byte[] ending = lineEnding();
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
    if (firmware.isEmpty()) {
      if (profile.serial().isEmpty()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "Missing required parameter: 'FIRMWARE.elf' (profile "
                + profile.name()
                + " has no serial: port to watch on its own; monitor loads, resets and runs the"
                + " firmware)");
      }
      return serialOnly(profile, json, ending);
    }
    Path path = context.resolve(firmware.get());
    FirmwareImages.Firmware loaded = FirmwareImages.read(path);
    MonitorPrinter printer = new MonitorPrinter(context.out(), context.err(), json, color());

    AtomicBoolean interrupted = new AtomicBoolean();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = addShutdownHook(interrupted, finished);
    Optional<SerialLink> serial = Optional.empty();
    try (DebugTarget opened = TargetOpener.installedDrivers().open(profile.toTargetSpec())) {
      opened.addOutputListener(printer::console);
      serial = profile.serial().map(s -> openSerial(s, printer));
      Optional<SerialLink> console = serial.or(opened::console);
      if (send) {
        SerialLink link =
            console.orElseThrow(
                () ->
                    new UsageException(
                        "--send: profile "
                            + profile.name()
                            + " has no console to type into (no serial: port, and its driver "
                            + profile.driver()
                            + " has no UART)"));
        startSending(link, ending, printer);
      }
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
      serial.ifPresent(SerialLink::close);
      finished.countDown();
      removeShutdownHook(hook);
    }
  }

  /** Just the profile's serial port: no target is opened, the board runs what it has. */
  private int serialOnly(DeviceProfile profile, boolean json, byte[] ending) {
    MonitorPrinter printer = new MonitorPrinter(context.out(), context.err(), json, color());
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicBoolean inputEnded = new AtomicBoolean();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = addShutdownHook(interrupted, finished);
    try (SerialLink link = openSerial(profile.serial().orElseThrow(), printer)) {
      printer.note("watching " + link.describe() + " (Ctrl-C ends)");
      if (send) {
        startSending(link, ending, printer).thenRun(() -> inputEnded.set(true));
      }
      long start = System.nanoTime();
      while (!interrupted.get() && !inputEnded.get()) {
        if (timeout.isPresent() && System.nanoTime() - start >= timeout.get().toNanos()) {
          break;
        }
        try {
          Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      printer.endConsole();
      return interrupted.get() ? INTERRUPTED : ExitCodes.OK;
    } finally {
      finished.countDown();
      removeShutdownHook(hook);
    }
  }

  /**
   * On Ctrl-C: flags the run as interrupted and lets its loop close the target or port (up to 5 s)
   * before the JVM goes.
   */
  private static Thread addShutdownHook(AtomicBoolean interrupted, CountDownLatch finished) {
    Thread hook =
        new Thread(
            () -> {
              interrupted.set(true);
              try {
                finished.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "hilt-monitor-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  private static void removeShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: nothing to remove
    }
  }

  /** Opens the profile's serial port; its bytes are shown as the board's UART0 console. */
  private static SerialLink openSerial(SerialSettings settings, MonitorPrinter printer) {
    SerialLink link = SerialLinks.open(settings.spec(), settings.options());
    link.addListener(
        event -> {
          if (event instanceof SerialEvent.Received received) {
            printer.console(new OutputChunk(OutputChannel.UART0, received.data()));
          } else if (event instanceof SerialEvent.Disconnected d) {
            printer.note(link.describe() + " went away (" + d.reason() + "); reconnecting");
          } else if (event instanceof SerialEvent.Reconnected r) {
            printer.note(link.describe() + " is back after " + r.attempts() + " attempt(s)");
          } else if (event instanceof SerialEvent.Failed f) {
            printer.note(link.describe() + " failed: " + f.error().getMessage());
          }
        });
    return link;
  }

  /**
   * Copies standard input to the console a line at a time on a daemon thread; the future completes
   * when the input ends (Ctrl-D) or the link refuses a write.
   */
  private java.util.concurrent.CompletableFuture<Void> startSending(
      SerialLink link, byte[] ending, MonitorPrinter printer) {
    java.util.concurrent.CompletableFuture<Void> done =
        new java.util.concurrent.CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (java.io.BufferedReader lines =
                  new java.io.BufferedReader(
                      new java.io.InputStreamReader(
                          context.in(), java.nio.charset.StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  byte[] text = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                  byte[] out = java.util.Arrays.copyOf(text, text.length + ending.length);
                  System.arraycopy(ending, 0, out, text.length, ending.length);
                  link.write(out, SEND_TIMEOUT);
                }
              } catch (java.io.IOException | SerialException e) {
                printer.note("--send stopped: " + e.getMessage());
              } finally {
                done.complete(null);
              }
            },
            "hilt-monitor-send");
    reader.setDaemon(true);
    reader.start();
    return done;
  }

  private byte[] lineEnding() {
    return switch (lineEnding) {
      case "crlf" -> new byte[] {'\r', '\n'};
      case "lf" -> new byte[] {'\n'};
      case "cr" -> new byte[] {'\r'};
      case "none" -> new byte[0];
      default ->
          throw new UsageException(
              "--line-ending must be crlf, lf, cr or none, not '" + lineEnding + "'");
    };
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
