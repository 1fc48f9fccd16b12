package io.hilt.orchestrator.cli;

import io.hilt.orchestrator.config.ProfileCatalog;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --profiles-dir}: where the device profiles are. */
final class ProfilesDirOption {
  @Option(
      names = "--profiles-dir",
      paramLabel = "DIR",
      description =
          "Folder of device profiles (default: device-profiles/ of the hilt checkout, else the"
              + " nearest one at or above the working directory).")
  Optional<Path> profilesDir = Optional.empty();

  Path profilesDir(CliContext context) {
    return profilesDir.map(context::resolve).orElseGet(context::defaultProfilesDir);
  }

  /** Every profile of the folder; a {@code ConfigException} lists the broken ones. */
  ProfileCatalog catalog(CliContext context) {
    return ProfileCatalog.load(profilesDir(context));
  }
}
