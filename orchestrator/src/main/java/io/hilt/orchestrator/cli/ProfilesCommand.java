package io.hilt.orchestrator.cli;

import io.hilt.orchestrator.config.DeviceProfile;
import io.hilt.orchestrator.engine.Archs;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hilt profiles}: the known device profiles, one a line. */
@Command(
    name = "profiles",
    mixinStandardHelpOptions = true,
    description = "List the device profiles: name, arch, driver, description.")
public final class ProfilesCommand implements Callable<Integer> {
  private final CliContext context;

  @Mixin private ProfilesDirOption profilesDir;

  public ProfilesCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    List<DeviceProfile> profiles =
        profilesDir.catalog(context).all().stream()
            .sorted(Comparator.comparing(DeviceProfile::name))
            .toList();
    int nameWidth = width(profiles.stream().map(DeviceProfile::name).toList(), "NAME");
    int archWidth = width(profiles.stream().map(p -> Archs.name(p.arch())).toList(), "ARCH");
    int driverWidth = width(profiles.stream().map(DeviceProfile::driver).toList(), "DRIVER");
    String format = "%-" + nameWidth + "s  %-" + archWidth + "s  %-" + driverWidth + "s  %s%n";
    context.out().printf(format, "NAME", "ARCH", "DRIVER", "DESCRIPTION");
    for (DeviceProfile profile : profiles) {
      context
          .out()
          .printf(
              format,
              profile.name(),
              Archs.name(profile.arch()),
              profile.driver(),
              profile.description());
    }
    context.out().flush();
    return ExitCodes.OK;
  }

  private static int width(List<String> values, String heading) {
    return Math.max(heading.length(), values.stream().mapToInt(String::length).max().orElse(0));
  }
}
