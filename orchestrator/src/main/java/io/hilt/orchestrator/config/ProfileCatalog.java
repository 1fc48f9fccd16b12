package io.hilt.orchestrator.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The device profiles of a folder (normally {@code device-profiles/}), by name. */
public final class ProfileCatalog {
  private final List<DeviceProfile> profiles;

  private ProfileCatalog(List<DeviceProfile> profiles) {
    this.profiles = List.copyOf(profiles);
  }

  /**
   * Loads every {@code *.yaml}/{@code *.yml} file of {@code dir}.
   *
   * @throws ConfigException for the first invalid profile, or two profiles with one name
   */
  public static ProfileCatalog load(Path dir) {
    throw new ConfigException(SourceLocation.of(dir), "profile loader not written yet");
  }

  public List<DeviceProfile> all() {
    return profiles;
  }

  public Optional<DeviceProfile> find(String name) {
    return profiles.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * The named profile, or a {@link ConfigException}-free error listing names and a did-you-mean.
   */
  public DeviceProfile require(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException("unknown profile " + name));
  }
}
