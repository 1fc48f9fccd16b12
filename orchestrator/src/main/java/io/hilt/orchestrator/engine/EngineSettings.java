package io.hilt.orchestrator.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * What the engine reads from the JUnit Platform configuration parameters.
 *
 * @param profile the device profile every plan runs on ({@value #PROFILE})
 * @param profilesDir the folder of device profiles ({@value #PROFILES_DIR})
 * @param plansRoot plans and the files they name must be inside this folder ({@value #PLANS_ROOT})
 */
public record EngineSettings(String profile, Path profilesDir, Path plansRoot) {
  public static final String PROFILE = "hilt.profile";
  public static final String PROFILES_DIR = "hilt.profiles.dir";
  public static final String PLANS_ROOT = "hilt.plans.root";
  public static final String DEFAULT_PROFILE = "sim-cortex-m0plus";
  public static final String PROFILES_FOLDER = "device-profiles";

  public EngineSettings {
    Objects.requireNonNull(profile, "profile");
    profilesDir = profilesDir.toAbsolutePath().normalize();
    plansRoot = plansRoot.toAbsolutePath().normalize();
  }

  /**
   * Reads the settings; unset values default to {@value #DEFAULT_PROFILE}, the nearest {@code
   * device-profiles/} folder at or above {@code workingDir}, and that folder's parent.
   */
  public static EngineSettings from(ConfigurationParameters parameters, Path workingDir) {
    String profile = parameters.get(PROFILE).map(String::strip).orElse(DEFAULT_PROFILE);
    Optional<Path> projectRoot = projectRootAbove(workingDir);
    Path profilesDir =
        parameters
            .get(PROFILES_DIR)
            .map(Path::of)
            .orElseGet(() -> projectRoot.orElse(workingDir).resolve(PROFILES_FOLDER));
    Path plansRoot =
        parameters.get(PLANS_ROOT).map(Path::of).orElseGet(() -> projectRoot.orElse(workingDir));
    return new EngineSettings(profile, profilesDir, plansRoot);
  }

  /** The nearest folder at or above {@code dir} holding a {@code device-profiles/} folder. */
  public static Optional<Path> projectRootAbove(Path dir) {
    for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve(PROFILES_FOLDER))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
