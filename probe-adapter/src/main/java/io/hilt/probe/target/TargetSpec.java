package io.hilt.probe.target;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a driver needs to open a target: the profile's name, core, driver id, memory and the
 * driver's own options (flattened dotted keys, for example {@code max-instructions}).
 */
public record TargetSpec(
    String name, Arch arch, String driver, List<MemoryRegion> memory, Map<String, String> options) {
  public TargetSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(driver, "driver");
    memory = List.copyOf(memory);
    options = Map.copyOf(options);
  }

  public Optional<String> option(String key) {
    return Optional.ofNullable(options.get(key));
  }
}
