package io.hilt.orchestrator.config;

import io.hilt.probe.target.Arch;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.TargetSpec;
import java.util.Comparator;
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
 * @param memory named regions, not overlapping; {@code flash} and {@code ram} are conventional (the
 *     YAML {@code kind} of a region is only used to check the stack when loading)
 * @param stack the stack region when the profile fixes it (otherwise found from ELF symbols);
 *     inside one memory region
 * @param driverOptions driver-specific settings flattened to dotted keys (chip, probe.selector...)
 * @param location where the profile was defined
 * @param rtt the profile's {@code rtt:} settings (plans may override them)
 * @param serial the board's console port, when it has one besides the debug link
 */
public record DeviceProfile(
    String name,
    String description,
    Arch arch,
    String driver,
    List<MemoryRegion> memory,
    Optional<MemoryRegion> stack,
    Map<String, String> driverOptions,
    SourceLocation location,
    RttSettings rtt,
    Optional<SerialSettings> serial) {
  public DeviceProfile {
    Objects.requireNonNull(rtt, "rtt");
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(driver, "driver");
    memory = List.copyOf(memory);
    Objects.requireNonNull(stack, "stack");
    driverOptions = Map.copyOf(driverOptions);
    Objects.requireNonNull(location, "location");
    if (name.isBlank()) {
      throw new IllegalArgumentException("profile name is blank");
    }
    List<MemoryRegion> sorted =
        memory.stream().sorted(Comparator.comparingLong(MemoryRegion::start)).toList();
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).start() < sorted.get(i - 1).end()) {
        throw new IllegalArgumentException(
            "profile "
                + name
                + ": regions "
                + sorted.get(i - 1)
                + " and "
                + sorted.get(i)
                + " overlap");
      }
    }
    if (stack.isPresent()) {
      MemoryRegion s = stack.get();
      if (sorted.stream().noneMatch(r -> r.start() <= s.start() && s.end() <= r.end())) {
        throw new IllegalArgumentException(
            "profile " + name + ": stack " + s + " is not inside a memory region");
      }
    }
  }

  /** A profile without {@code rtt:} settings. */
  public DeviceProfile(
      String name,
      String description,
      Arch arch,
      String driver,
      List<MemoryRegion> memory,
      Optional<MemoryRegion> stack,
      Map<String, String> driverOptions,
      SourceLocation location) {
    this(
        name,
        description,
        arch,
        driver,
        memory,
        stack,
        driverOptions,
        location,
        RttSettings.DEFAULT,
        Optional.empty());
  }

  /** A profile without a {@code serial:} section. */
  public DeviceProfile(
      String name,
      String description,
      Arch arch,
      String driver,
      List<MemoryRegion> memory,
      Optional<MemoryRegion> stack,
      Map<String, String> driverOptions,
      SourceLocation location,
      RttSettings rtt) {
    this(
        name,
        description,
        arch,
        driver,
        memory,
        stack,
        driverOptions,
        location,
        rtt,
        Optional.empty());
  }

  /** The region holding {@code address}, if any. */
  public Optional<MemoryRegion> regionContaining(long address) {
    return memory.stream().filter(r -> r.contains(address)).findFirst();
  }

  /**
   * Whether {@code [start, start + size)} lies inside one region, for checking that a firmware
   * segment or a stack fits the board.
   */
  public boolean covers(long start, long size) {
    return memory.stream().anyMatch(r -> r.start() <= start && start + size <= r.end());
  }

  public TargetSpec toTargetSpec() {
    return new TargetSpec(name, arch, driver, memory, driverOptions);
  }
}
