package io.hilt.orchestrator.cli;

import io.hilt.orchestrator.config.DeviceProfile;
import io.hilt.orchestrator.steps.CommandLines;
import io.hilt.orchestrator.steps.DetectedFault;
import io.hilt.orchestrator.steps.FaultDetection;
import io.hilt.orchestrator.steps.FaultDetector;
import io.hilt.orchestrator.steps.StopReasons;
import io.hilt.orchestrator.steps.TargetOpener;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.OutputListener;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.StopReason;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hilt exec}: load a firmware, reset, run. The target's output goes to standard output and
 * error byte for byte as it arrives; hilt's own messages go to standard error.
 */
@Command(
    name = "exec",
    mixinStandardHelpOptions = true,
    description = {
      "Load FIRMWARE.elf on the profile's target, reset and run it; exit with its exit code.",
      "Semihosting stdout and UART output go to stdout, semihosting stderr to stderr, as they"
          + " arrive."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "N:the firmware's semihosting exit code (0-255)",
      "1:also: it exited with a code outside 0-255 (stderr says which)",
      "2:bad usage or input (profile, ELF)",
      "3:infrastructure error (target, driver)",
      "124:timeout (or instruction limit) before the firmware exited",
      "125:the core faulted, locked up, stopped at a breakpoint, or was in a fault handler at"
          + " the timeout (stderr has the decoded fault)"
    })
public final class ExecCommand implements Callable<Integer> {
  private final CliContext context;

  @Mixin private ProfileOptions profileOptions;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Give up after this long (default: ${DEFAULT-VALUE}): 500ms, 10s, 2m.")
  private Duration timeout;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "How hilt reports the end of the run on stderr: text (default) or json (one JSON"
              + " object on the last line, with the decoded fault).")
  private String format;

  @Parameters(index = "0", paramLabel = "FIRMWARE.elf", description = "The firmware ELF.")
  private Path firmware;

  @Parameters(
      index = "1..*",
      paramLabel = "ARGS",
      description = "Arguments for the firmware (after --), passed by semihosting.")
  private List<String> arguments = new ArrayList<>();

  public ExecCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    DeviceProfile profile = profileOptions.resolve(context);
    Path path = context.resolve(firmware);
    if (!format.equals("text") && !format.equals("json")) {
      throw new UsageException("--format must be text or json, not '" + format + "'");
    }
    FirmwareImages.Firmware loaded = FirmwareImages.read(path);
    // whether the firmware's stderr output so far ends without a newline (the JSON needs a line)
    AtomicBoolean errorEndsMidLine = new AtomicBoolean();
    OutputListener forward =
        chunk -> {
          boolean error = chunk.channel() == OutputChannel.SEMIHOSTING_STDERR;
          PrintStream stream = error ? context.err() : context.out();
          byte[] data = chunk.data();
          stream.write(data, 0, data.length);
          stream.flush();
          if (error && data.length > 0) {
            errorEndsMidLine.set(data[data.length - 1] != '\n');
          }
        };
    try (DebugTarget opened = TargetOpener.installedDrivers().open(profile.toTargetSpec())) {
      opened.addOutputListener(forward);
      DebugTarget target =
          CommandLines.apply(
              opened,
              loaded.elf(),
              path,
              arguments.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", arguments)),
              profile.name());
      target.load(loaded.image());
      target.reset(ResetMode.RUN);
      StopReason reason = target.waitForStop(timeout);
      boolean timedOut = StopReasons.stillRunning(reason);
      if (timedOut) {
        target.halt();
      }
      Optional<DetectedFault> fault =
          fault(new FaultDetector(target, profile.arch(), loaded.elf()), reason);
      context.out().flush();
      int code = ExitCodes.ofExec(reason);
      if (fault.isPresent() && StopReasons.exitCode(reason).isEmpty()) {
        code = ExitCodes.EXEC_FAULT;
      }
      Optional<String> message = message(reason, fault, code);
      if (format.equals("json")) {
        if (errorEndsMidLine.get()) {
          context.err().println();
        }
        context.err().println(ExecJson.of(reason, code, message, fault));
      } else {
        message.ifPresent(m -> context.err().println("hilt: " + m));
        fault.ifPresent(f -> context.err().print(f.text().indent(2)));
      }
      context.err().flush();
      return code;
    }
  }

  /** The fault the stop shows; after a timeout, whether the halted core is in a fault handler. */
  private static Optional<DetectedFault> fault(FaultDetector faults, StopReason reason) {
    if (!StopReasons.stillRunning(reason)) {
      return faults.afterStop(reason);
    }
    return faults.inFaultHandler()
        ? Optional.of(
            faults.analyse(FaultDetection.HANDLER_AT_TIMEOUT, "in a fault handler at the timeout"))
        : Optional.empty();
  }

  /** hilt's own line about how the run ended, when there is something to say. */
  private Optional<String> message(StopReason reason, Optional<DetectedFault> fault, int code) {
    OptionalInt exit = StopReasons.exitCode(reason);
    if (exit.isEmpty()) {
      return Optional.of(reasonLine(reason, fault));
    }
    if (code != exit.getAsInt()) {
      return Optional.of(
          StopReasons.describe(reason)
              + ", which is not an exit status (0-255); exiting with "
              + code);
    }
    if (fault.isPresent()) {
      return Optional.of(StopReasons.describe(reason) + " from inside its fault handler");
    }
    return Optional.empty();
  }

  private String reasonLine(StopReason reason, Optional<DetectedFault> fault) {
    if (StopReasons.stillRunning(reason) && fault.isPresent()) {
      return "timeout: after "
          + timeout.toMillis()
          + " ms the core was in a fault handler ("
          + fault.get().headline()
          + ")";
    }
    if (StopReasons.stillRunning(reason)) {
      return "timeout: the firmware was still running after " + timeout.toMillis() + " ms";
    }
    return StopReasons.describe(reason);
  }
}
