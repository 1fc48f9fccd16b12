package io.hilt.orchestrator.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The device profiles of a folder (normally {@code device-profiles/}), by name. */
public final class ProfileCatalog {
  private final List<DeviceProfile> profiles;

  private ProfileCatalog(List<DeviceProfile> profiles) {
    this.profiles = List.copyOf(profiles);
  }

  /**
   * A catalog of the given profiles (tests, or profiles loaded elsewhere).
   *
   * @throws IllegalArgumentException when two profiles share a name
   */
  public static ProfileCatalog of(List<DeviceProfile> profiles) {
    Map<String, DeviceProfile> seen = new HashMap<>();
    for (DeviceProfile p : profiles) {
      DeviceProfile previous = seen.putIfAbsent(p.name(), p);
      if (previous != null) {
        throw new IllegalArgumentException(
            "two profiles named '" + p.name() + "': " + previous.location() + ", " + p.location());
      }
    }
    return new ProfileCatalog(profiles);
  }

  /**
   * Loads every {@code *.yaml}/{@code *.yml} file of {@code dir} (not its subfolders), in name
   * order.
   *
   * @throws ConfigException listing the problems of every invalid profile, and profiles that share
   *     a name
   */
  public static ProfileCatalog load(Path dir) {
    return load(dir, new ProfileLoader());
  }

  public static ProfileCatalog load(Path dir, ProfileLoader loader) {
    if (!Files.isDirectory(dir)) {
      throw new ConfigException(SourceLocation.of(dir), "profile folder not found");
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(ProfileCatalog::isYaml).sorted().toList();
    } catch (IOException e) {
      throw new ConfigException(SourceLocation.of(dir), "cannot list: " + e.getMessage(), e);
    }
    List<DeviceProfile> profiles = new ArrayList<>();
    Problems problems = new Problems();
    Map<String, DeviceProfile> byName = new HashMap<>();
    for (Path file : files) {
      try {
        DeviceProfile profile = loader.load(file);
        DeviceProfile previous = byName.putIfAbsent(profile.name(), profile);
        if (previous != null) {
          problems.add(
              profile.location(),
              "profile name '"
                  + profile.name()
                  + "' is already used by "
                  + previous.location().file());
        } else {
          profiles.add(profile);
        }
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    problems.throwIfAny();
    return new ProfileCatalog(profiles);
  }

  static boolean isYaml(Path p) {
    String n = p.getFileName().toString();
    return Files.isRegularFile(p) && (n.endsWith(".yaml") || n.endsWith(".yml"));
  }

  public List<DeviceProfile> all() {
    return profiles;
  }

  public Optional<DeviceProfile> find(String name) {
    return profiles.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * The named profile.
   *
   * @throws IllegalArgumentException for an unknown name, with a did-you-mean or the known names
   */
  public DeviceProfile require(String name) {
    return find(name)
        .orElseThrow(
            () -> {
              List<String> names = profiles.stream().map(DeviceProfile::name).toList();
              String hint =
                  names.isEmpty()
                      ? "; no profiles are loaded"
                      : Suggest.hint(name, names, "known profiles");
              return new IllegalArgumentException("unknown profile '" + name + "'" + hint);
            });
  }
}
