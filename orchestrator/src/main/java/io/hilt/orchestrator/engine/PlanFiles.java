package io.hilt.orchestrator.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Which files are plans: {@code *.yaml} and {@code *.yml}, folders walked in path order. */
public final class PlanFiles {
  /** Deep enough for any sane plan tree, shallow enough to stop at symlink loops. */
  private static final int MAX_DEPTH = 16;

  private PlanFiles() {}

  public static boolean isYaml(Path file) {
    Path name = file.getFileName();
    if (name == null) {
      return false;
    }
    String lower = name.toString().toLowerCase(Locale.ROOT);
    return lower.endsWith(".yaml") || lower.endsWith(".yml");
  }

  /** The YAML files below a folder, sorted by path so runs are repeatable. */
  public static List<Path> under(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir, MAX_DEPTH)) {
      List<Path> found = new ArrayList<>();
      files.filter(Files::isRegularFile).filter(PlanFiles::isYaml).sorted().forEach(found::add);
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot list the files under " + dir + ": " + e.getMessage(), e);
    }
  }
}
