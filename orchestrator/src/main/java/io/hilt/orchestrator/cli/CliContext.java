package io.hilt.orchestrator.cli;

import io.hilt.orchestrator.engine.EngineSettings;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Objects;
import java.util.Optional;

/**
 * What commands get from the outside: the streams, the working directory and where hilt lives (the
 * checkout holding {@code device-profiles/}).
 *
 * @param out standard output: the target's output ({@code exec}) and reports
 * @param err standard error: hilt's own messages
 * @param workingDir relative paths resolve here
 * @param home the hilt checkout, when known
 */
public record CliContext(
    PrintStream out, PrintStream err, Path workingDir, Optional<Path> home, InputStream in) {
  /** System property the {@code hilt} launcher script sets to the checkout it lives in. */
  public static final String HOME_PROPERTY = "hilt.home";

  public CliContext {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    workingDir = workingDir.toAbsolutePath().normalize();
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(in, "in");
  }

  /** A context whose standard input is empty. */
  public CliContext(PrintStream out, PrintStream err, Path workingDir, Optional<Path> home) {
    this(out, err, workingDir, home, InputStream.nullInputStream());
  }

  /** The context of the running JVM. */
  public static CliContext system() {
    return new CliContext(
        System.out, System.err, Path.of("").toAbsolutePath(), homeOfThisInstallation(), System.in);
  }

  /**
   * The default profiles folder: {@code device-profiles/} of the hilt checkout (from the launcher
   * script, else found above the jar), else the nearest one at or above the working directory.
   */
  public Path defaultProfilesDir() {
    return home.filter(h -> Files.isDirectory(h.resolve(EngineSettings.PROFILES_FOLDER)))
        .or(() -> EngineSettings.projectRootAbove(workingDir))
        .orElse(workingDir)
        .resolve(EngineSettings.PROFILES_FOLDER);
  }

  public Path resolve(Path path) {
    return workingDir.resolve(path).normalize();
  }

  private static Optional<Path> homeOfThisInstallation() {
    String configured = System.getProperty(HOME_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured).toAbsolutePath().normalize());
    }
    CodeSource source = CliContext.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    try {
      return EngineSettings.projectRootAbove(Path.of(source.getLocation().toURI()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      // not a file: URL (a jar inside another archive); fall back to the working directory
      return Optional.empty();
    }
  }
}
