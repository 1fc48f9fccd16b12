package io.hilt.orchestrator.cli;

import io.hilt.orchestrator.config.DeviceProfile;
import io.hilt.orchestrator.steps.CommandLines;
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
import java.util.concurrent.Callable;
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
      "125:the core faulted, locked up or stopped at a breakpoint"
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
    FirmwareImages.Firmware loaded = FirmwareImages.read(path);
    OutputListener forward =
        chunk -> {
          PrintStream stream =
              chunk.channel() == OutputChannel.SEMIHOSTING_STDERR ? context.err() : context.out();
          byte[] data = chunk.data();
          stream.write(data, 0, data.length);
          stream.flush();
        };
    try (DebugTarget target = TargetOpener.installedDrivers().open(profile.toTargetSpec())) {
      target.addOutputListener(forward);
      String commandLine =
          CommandLines.of(
              path,
              arguments.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", arguments)));
      target.semihosting().ifPresent(semihosting -> semihosting.setCommandLine(commandLine));
      target.load(loaded.image());
      target.reset(ResetMode.RUN);
      StopReason reason = target.waitForStop(timeout);
      if (StopReasons.stillRunning(reason)) {
        target.halt();
      }
      context.out().flush();
      int code = ExitCodes.ofExec(reason);
      if (StopReasons.exitCode(reason).isEmpty()) {
        context.err().println("hilt: " + reasonLine(reason));
      } else if (code != StopReasons.exitCode(reason).getAsInt()) {
        context
            .err()
            .println(
                "hilt: "
                    + StopReasons.describe(reason)
                    + ", which is not an exit status (0-255); exiting with "
                    + code);
      }
      return code;
    }
  }

  private String reasonLine(StopReason reason) {
    if (StopReasons.stillRunning(reason)) {
      return "timeout: the firmware was still running after " + timeout.toMillis() + " ms";
    }
    return StopReasons.describe(reason);
  }
}
