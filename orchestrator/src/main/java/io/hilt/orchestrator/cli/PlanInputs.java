package io.hilt.orchestrator.cli;

import io.hilt.orchestrator.engine.PlanFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;

/** {@code --plans-root} and the expansion of plan arguments (files and folders) into files. */
final class PlanInputs {
  @Option(
      names = "--plans-root",
      paramLabel = "DIR",
      description =
          "Plans and the files they name must be inside this folder (default: the working"
              + " directory, or the hilt checkout when the plans are inside it).")
  Optional<Path> plansRoot = Optional.empty();

  /** Every YAML file named or found below a named folder, in argument order, without repeats. */
  static List<Path> expand(CliContext context, List<Path> arguments) {
    Set<Path> files = new LinkedHashSet<>();
    for (Path argument : arguments) {
      Path path = context.resolve(argument);
      if (Files.isDirectory(path)) {
        List<Path> found = PlanFiles.under(path);
        if (found.isEmpty()) {
          throw new UsageException("no plan files (*.yaml, *.yml) under " + argument);
        }
        files.addAll(found);
      } else if (Files.isRegularFile(path)) {
        if (!PlanFiles.isYaml(path)) {
          throw new UsageException("not a plan file (*.yaml, *.yml): " + argument);
        }
        files.add(path);
      } else {
        throw new UsageException("no such file or folder: " + argument);
      }
    }
    return new ArrayList<>(files);
  }

  Path plansRoot(CliContext context, List<Path> planFiles) {
    if (plansRoot.isPresent()) {
      return context.resolve(plansRoot.get());
    }
    List<Path> candidates = new ArrayList<>();
    candidates.add(context.workingDir());
    context.home().ifPresent(candidates::add);
    for (Path candidate : candidates) {
      if (planFiles.stream().allMatch(file -> file.startsWith(candidate))) {
        return candidate;
      }
    }
    return context.workingDir();
  }
}
