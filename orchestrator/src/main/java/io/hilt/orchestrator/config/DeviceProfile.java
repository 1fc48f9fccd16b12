package io.hilt.orchestrator.config;

import io.hilt.probe.target.Arch;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.TargetSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A board or simulator, as described by one YAML file in {@code device-profiles/}.
 *
 * @param name unique profile name, used with {@code --profile}
 * @param description one line for {@code hilt profiles}; may be empty
 * @param arch the core
 * @param driver the driver id
 * @param memory named regions; {@code flash} and {@code ram} are conventional
 * @param stack the stack region when the profile fixes it (otherwise found from ELF symbols)
 * @param driverOptions driver-specific settings flattened to dotted keys (chip, probe.selector...)
 * @param location where the profile was defined
 */
public record DeviceProfile(
    String name,
    String description,
    Arch arch,
    String driver,
    List<MemoryRegion> memory,
    Optional<MemoryRegion> stack,
    Map<String, String> driverOptions,
    SourceLocation location) {
  public DeviceProfile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(driver, "driver");
    memory = List.copyOf(memory);
    Objects.requireNonNull(stack, "stack");
    driverOptions = Map.copyOf(driverOptions);
    Objects.requireNonNull(location, "location");
  }

  public TargetSpec toTargetSpec() {
    return new TargetSpec(name, arch, driver, memory, driverOptions);
  }
}
