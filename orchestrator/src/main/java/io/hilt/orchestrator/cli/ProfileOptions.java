package io.hilt.orchestrator.cli;

import io.hilt.orchestrator.config.DeviceProfile;
import io.hilt.orchestrator.engine.EngineSettings;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --profile} and {@code --profiles-dir}, for the commands that open a board. */
final class ProfileOptions {
  @Option(
      names = {"-p", "--profile"},
      paramLabel = "NAME",
      defaultValue = EngineSettings.DEFAULT_PROFILE,
      description = "Device profile to run on (default: ${DEFAULT-VALUE}).")
  String profile;

  @Mixin ProfilesDirOption profilesDir;

  Path profilesDir(CliContext context) {
    return profilesDir.profilesDir(context);
  }

  /** The named profile; an unknown name is bad usage, listing the known ones. */
  DeviceProfile resolve(CliContext context) {
    try {
      return profilesDir.catalog(context).require(profile);
    } catch (IllegalArgumentException unknown) {
      throw new UsageException(
          unknown.getMessage() + " (profiles from " + profilesDir(context) + ")");
    }
  }
}
