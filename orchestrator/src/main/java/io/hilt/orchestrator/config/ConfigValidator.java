package io.hilt.orchestrator.config;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks plans and profiles without running anything ({@code hilt validate PATH...}). Every file is
 * checked and every problem reported; one bad file never hides the next.
 *
 * <p>Which kind a file is: a file inside a folder named {@code device-profiles} is a profile, one
 * inside {@code test-plans} is a plan; otherwise a file with a top-level {@code tests} key is a
 * plan and one with {@code arch}, {@code driver} or {@code memory} is a profile. Folders are
 * searched for {@code *.yaml} and {@code *.yml} files, skipping hidden folders and Maven {@code
 * target} folders.
 */
public final class ConfigValidator {
  private static final int MAX_FOLDER_DEPTH = 16;

  private final PlanLoader planLoader;
  private final YamlReader reader;

  /**
   * @param allowedRoot firmware paths in plans must resolve inside this folder
   */
  public ConfigValidator(Path allowedRoot) {
    this(allowedRoot, YamlLimits.DEFAULT);
  }

  public ConfigValidator(Path allowedRoot, YamlLimits limits) {
    Objects.requireNonNull(allowedRoot, "allowedRoot");
    this.planLoader = new PlanLoader(allowedRoot, limits);
    this.reader = new YamlReader(limits);
  }

  private enum Kind {
    PLAN,
    PROFILE
  }

  public ValidationResult validate(List<Path> paths) {
    List<Path> plans = new ArrayList<>();
    List<Path> profiles = new ArrayList<>();
    Problems problems = new Problems();
    Map<String, SourceLocation> profileNames = new HashMap<>();
    for (Path path : paths) {
      for (Path file : files(path, problems)) {
        Problems fileProblems = new Problems();
        try {
          YamlNode root = reader.read(file, fileProblems);
          Optional<Kind> kind = kind(file, root);
          if (kind.isEmpty()) {
            fileProblems.add(
                root.location(),
                "cannot tell whether this is a test plan (has 'tests') or a device profile (has"
                    + " 'arch', 'driver', 'memory'); put it under test-plans/ or"
                    + " device-profiles/, or add the missing key");
          } else if (kind.get() == Kind.PLAN) {
            plans.add(file);
            planLoader.bind(file, root, new Binder(fileProblems));
          } else {
            profiles.add(file);
            ProfileLoader.bind(root, new Binder(fileProblems))
                .ifPresent(
                    p -> {
                      SourceLocation first = profileNames.putIfAbsent(p.name(), p.location());
                      if (first != null) {
                        fileProblems.add(
                            p.location(),
                            "profile name '" + p.name() + "' is already used by " + first.file());
                      }
                    });
          }
        } catch (ConfigException e) {
          fileProblems.addAll(e.problems());
        }
        problems.addAll(fileProblems.list());
      }
    }
    return new ValidationResult(plans, profiles, problems.list());
  }

  private static Optional<Kind> kind(Path file, YamlNode root) {
    for (Path p = file.toAbsolutePath().normalize().getParent(); p != null; p = p.getParent()) {
      Path name = p.getFileName();
      if (name != null && name.toString().equals("device-profiles")) {
        return Optional.of(Kind.PROFILE);
      }
      if (name != null && name.toString().equals("test-plans")) {
        return Optional.of(Kind.PLAN);
      }
    }
    if (root instanceof YamlNode.MapNode map) {
      if (map.get("tests").isPresent()) {
        return Optional.of(Kind.PLAN);
      }
      if (map.get("arch").isPresent()
          || map.get("driver").isPresent()
          || map.get("memory").isPresent()) {
        return Optional.of(Kind.PROFILE);
      }
    }
    return Optional.empty();
  }

  private static List<Path> files(Path path, Problems problems) {
    if (!Files.exists(path)) {
      problems.add(SourceLocation.of(path), "no such file or folder");
      return List.of();
    }
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(
          path,
          EnumSet.noneOf(FileVisitOption.class),
          MAX_FOLDER_DEPTH,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              String n = dir.getFileName() == null ? "" : dir.getFileName().toString();
              boolean skip = !dir.equals(path) && (n.startsWith(".") || n.equals("target"));
              return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              String n = file.getFileName().toString();
              if (attrs.isRegularFile() && (n.endsWith(".yaml") || n.endsWith(".yml"))) {
                found.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              problems.add(SourceLocation.of(file), "cannot read: " + e.getMessage());
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      problems.add(SourceLocation.of(path), "cannot list: " + e.getMessage());
    }
    if (found.isEmpty()) {
      problems.add(SourceLocation.of(path), "no *.yaml or *.yml files in this folder");
    }
    found.sort(null);
    return found;
  }
}
