package io.hilt.orchestrator.steps;

import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.elf.ElfSymbol;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.Semihosting;
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
   * Hands the command line to the firmware: through the target's semihosting host when it has one,
   * otherwise through the firmware's {@code hilt_args} block written at every reset (the returned
   * target does that; use it instead of {@code target}). Arguments the target cannot deliver either
   * way are an error: running the firmware with its defaults instead would make the test measure
   * something else than the plan says.
   */
  public static DebugTarget apply(
      DebugTarget target, ElfFile elf, Path firmware, Optional<String> arguments, String profile) {
    String commandLine = of(firmware, arguments);
    Optional<String> words = arguments.map(String::strip).filter(a -> !a.isEmpty());
    Optional<Semihosting> semihosting = target.semihosting();
    if (semihosting.isPresent()) {
      semihosting.get().setCommandLine(commandLine);
      return target;
    }
    if (words.isEmpty()) {
      return target;
    }
    Optional<ElfSymbol> block = elf.symbol(ArgumentsBlockTarget.SYMBOL);
    if (block.isEmpty()) {
      throw new TargetException(
          "profile "
              + profile
              + " (driver "
              + target.spec().driver()
              + ") cannot pass the arguments '"
              + words.get()
              + "' to "
              + firmware
              + ": the driver serves no semihosting command line and the firmware has no '"
              + ArgumentsBlockTarget.SYMBOL
              + "' block to write them into (docs/plans.md, arguments without semihosting);"
              + " add it, use a profile whose driver serves semihosting (sim, qemu), or drop args");
    }
    try {
      return ArgumentsBlockTarget.wrap(target, block.get(), commandLine);
    } catch (IllegalArgumentException e) {
      throw new TargetException(firmware + ": " + e.getMessage(), e);
    }
  }
}
