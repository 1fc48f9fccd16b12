package io.hilt.orchestrator.steps;

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
}
