package io.hilt.orchestrator.steps;

import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.TargetException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The semihosting command line, shaped like QEMU's ({@code kernel-path append-words}): the
 * firmware's file name first (argv[0]), then the arguments. The file name rather than the whole
 * path keeps long checkouts from filling the firmware's command line buffer.
 */
public final class CommandLines {
  private CommandLines() {}

  public static String of(Path firmware, Optional<String> arguments) {
    Path name = firmware.getFileName();
    String program = name == null ? firmware.toString() : name.toString();
    return arguments
        .map(String::strip)
        .filter(a -> !a.isEmpty())
        .map(a -> program + " " + a)
        .orElse(program);
  }

  /**
   * Hands the command line to the target's semihosting host. Arguments the target cannot deliver
   * are an error: running the firmware with its defaults instead would make the test measure
   * something else than the plan says.
   */
  public static void apply(
      DebugTarget target, Path firmware, Optional<String> arguments, String profile) {
    String commandLine = of(firmware, arguments);
    Optional<String> words = arguments.map(String::strip).filter(a -> !a.isEmpty());
    target
        .semihosting()
        .ifPresentOrElse(
            semihosting -> semihosting.setCommandLine(commandLine),
            () -> {
              if (words.isPresent()) {
                throw new TargetException(
                    "profile "
                        + profile
                        + " (driver "
                        + target.spec().driver()
                        + ") cannot pass the arguments '"
                        + words.get()
                        + "' to the firmware: its driver serves no semihosting command line;"
                        + " use a profile whose driver does (sim, qemu) or drop args");
              }
            });
  }
}
