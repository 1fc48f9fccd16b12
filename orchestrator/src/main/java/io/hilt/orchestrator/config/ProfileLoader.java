package io.hilt.orchestrator.config;

import io.hilt.probe.target.Arch;
import io.hilt.probe.target.MemoryRegion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads one device profile YAML file; the format is in docs/profiles.md. */
public final class ProfileLoader {
  static final List<String> KEYS =
      List.of(
          "name",
          "description",
          "arch",
          "driver",
          "chip",
          "probe",
          "memory",
          "stack",
          "driver-options",
          "rtt",
          "serial");
  static final List<String> REGION_KEYS = List.of("start", "size", "kind");
  static final List<String> STACK_KEYS = List.of("start", "top", "size");
  static final List<String> KINDS = List.of("flash", "ram");
  static final Map<String, String> LATER_KEYS =
      Map.of("mpu", "the MPU is the core's own; the simulator models 8 PMSAv7 regions on ARMv7-M");

  private final YamlReader reader;

  public ProfileLoader() {
    this(YamlLimits.DEFAULT);
  }

  public ProfileLoader(YamlLimits limits) {
    this.reader = new YamlReader(limits);
  }

  /**
   * Loads and validates one profile file.
   *
   * @throws ConfigException naming file:line:col and what was expected, for every problem found
   */
  public DeviceProfile load(Path file) {
    Problems problems = new Problems();
    YamlNode root = reader.read(file, problems);
    Optional<DeviceProfile> profile = bind(root, new Binder(problems));
    problems.throwIfAny();
    return profile.orElseThrow();
  }

  /** Binds an already-read tree; used by {@link ConfigValidator} too. */
  static Optional<DeviceProfile> bind(YamlNode root, Binder b) {
    Optional<YamlNode.MapNode> mapNode = b.map(root, "profile", KEYS, LATER_KEYS);
    if (mapNode.isEmpty()) {
      return Optional.empty();
    }
    YamlNode.MapNode map = mapNode.get();
    Optional<String> name =
        b.required(map, "name", "profile", "the name --profile takes")
            .flatMap(n -> b.identifier(n, "name"));
    String description =
        b.optional(map, "description").flatMap(n -> b.text(n, "description")).orElse("");
    Optional<Arch> arch =
        b.required(map, "arch", "profile", "one of " + String.join(", ", Arch.allIds()))
            .flatMap(n -> arch(n, b));
    Optional<String> driver =
        b.required(map, "driver", "profile", "sim, probe-rs, gdb or qemu")
            .flatMap(n -> b.identifier(n, "driver"));
    int before = b.problems().count();
    List<Region> regions =
        b.required(map, "memory", "profile", "a map of region name to { start, size, kind }")
            .map(n -> memory(n, b))
            .orElse(List.of());
    // with a broken memory map, "stack not inside any RAM region" would only be noise
    boolean memoryOk = b.problems().count() == before;
    Optional<MemoryRegion> stack =
        b.optional(map, "stack").flatMap(n -> stack(n, regions, memoryOk, b));
    Map<String, String> options =
        new LinkedHashMap<>(
            b.optional(map, "driver-options").map(n -> driverOptions(n, b)).orElse(Map.of()));
    options.putAll(ProbeSection.bind(map, driver, options, b));
    RttSettings rtt =
        b.optional(map, "rtt").flatMap(n -> RttSettings.bind(n, b)).orElse(RttSettings.DEFAULT);
    Optional<SerialSettings> serial =
        b.optional(map, "serial").flatMap(n -> SerialSection.bind(n, b));
    if (!b.problems().isEmpty() || name.isEmpty() || arch.isEmpty() || driver.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new DeviceProfile(
            name.get(),
            description,
            arch.get(),
            driver.get(),
            regions.stream().map(Region::region).toList(),
            stack,
            options,
            map.location(),
            rtt,
            serial));
  }

  static Optional<Arch> arch(YamlNode node, Binder b) {
    return b.scalar(
        node,
        "arch",
        "one of " + String.join(", ", Arch.allIds()),
        s ->
            Arch.fromId(s)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "unknown arch '"
                                + s
                                + "'"
                                + Suggest.hintAndList(s, Arch.allIds(), "allowed"))));
  }

  /** A region with its kind and where it was written, for overlap and containment messages. */
  record Region(MemoryRegion region, String kind, SourceLocation location) {
    long end() {
      return region.start() + region.size();
    }

    String describe() {
      return "'" + region.name() + "' " + range(region.start(), region.size());
    }
  }

  static String range(long start, long size) {
    return String.format(Locale.ROOT, "0x%08X..0x%08X", start, start + size - 1);
  }

  private static List<Region> memory(YamlNode node, Binder b) {
    if (!(node instanceof YamlNode.MapNode map) || map.entries().isEmpty()) {
      b.problem(
          node.location(),
          "'memory': expected a map of region name to { start, size, kind }, got "
              + (node instanceof YamlNode.MapNode ? "an empty map" : node.describe()));
      return List.of();
    }
    List<Region> regions = new ArrayList<>();
    for (YamlNode.Entry entry : map.entries().values()) {
      String regionName = entry.key();
      String what = "memory region '" + regionName + "'";
      if (!regionName.matches("[a-z0-9][a-z0-9._-]*")) {
        b.problem(
            entry.keyLocation(),
            "memory region name '"
                + regionName
                + "': expected lower-case letters, digits, '.', '_' and '-'");
      }
      Optional<YamlNode.MapNode> fields = b.map(entry.value(), what, REGION_KEYS);
      if (fields.isEmpty()) {
        continue;
      }
      YamlNode.MapNode f = fields.get();
      Optional<Long> start =
          b.required(f, "start", what, "an address like 0x20000000")
              .flatMap(n -> b.address(n, "start"));
      Optional<Long> size =
          b.required(f, "size", what, "a size like 512KiB").flatMap(n -> b.size(n, "size"));
      String kind =
          b.optional(f, "kind")
              .flatMap(n -> b.scalar(n, "kind", "flash or ram", ProfileLoader::kind))
              .orElse(regionName.equals("flash") ? "flash" : "ram");
      if (start.isEmpty() || size.isEmpty()) {
        continue;
      }
      if (size.get() == 0) {
        b.problem(
            f.get("size").orElseThrow().value().location(), "'size': a region cannot be empty");
        continue;
      }
      if (start.get() + size.get() > Units.MAX_ADDRESS + 1) {
        b.problem(
            f.get("size").orElseThrow().value().location(),
            "region '"
                + regionName
                + "' ends past 0xFFFFFFFF (start "
                + String.format(Locale.ROOT, "0x%08X", start.get())
                + " + size "
                + String.format(Locale.ROOT, "0x%X", size.get())
                + ")");
        continue;
      }
      regions.add(
          new Region(
              new MemoryRegion(regionName, start.get(), size.get()), kind, entry.keyLocation()));
    }
    List<Region> sorted = new ArrayList<>(regions);
    sorted.sort(Comparator.comparingLong((Region r) -> r.region().start()));
    for (int i = 1; i < sorted.size(); i++) {
      Region previous = sorted.get(i - 1);
      Region current = sorted.get(i);
      if (current.region().start() < previous.end()) {
        Region later = current.location().line() >= previous.location().line() ? current : previous;
        Region other = later == current ? previous : current;
        b.problem(
            later.location(),
            "memory region "
                + later.describe()
                + " overlaps region "
                + other.describe()
                + " (line "
                + other.location().line()
                + ")");
      }
    }
    return regions;
  }

  private static String kind(String s) {
    if (!KINDS.contains(s)) {
      throw new IllegalArgumentException(
          "expected flash or ram, got '" + s + "'" + Suggest.hint(s, KINDS, "allowed"));
    }
    return s;
  }

  private static Optional<MemoryRegion> stack(
      YamlNode node, List<Region> regions, boolean checkRegions, Binder b) {
    Optional<YamlNode.MapNode> fields = b.map(node, "stack", STACK_KEYS);
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    YamlNode.MapNode f = fields.get();
    Optional<YamlNode> startNode = b.optional(f, "start");
    Optional<YamlNode> topNode = b.optional(f, "top");
    if (startNode.isPresent() == topNode.isPresent()) {
      b.problem(
          f.location(),
          "stack: give exactly one of 'start' (lowest address) or 'top' (initial stack pointer),"
              + " with 'size'");
    }
    Optional<Long> size =
        b.required(f, "size", "stack", "a size like 8KiB").flatMap(n -> b.size(n, "size"));
    Optional<Long> start = startNode.flatMap(n -> b.address(n, "start"));
    Optional<Long> top = topNode.flatMap(n -> b.address(n, "top"));
    if (size.isEmpty() || start.isPresent() == top.isPresent()) {
      return Optional.empty();
    }
    SourceLocation where = (start.isPresent() ? startNode : topNode).orElseThrow().location();
    if (size.get() == 0) {
      b.problem(
          f.get("size").orElseThrow().value().location(), "'size': the stack cannot be empty");
      return Optional.empty();
    }
    long low = start.orElseGet(() -> top.get() - size.get());
    if (low < 0 || low + size.get() > Units.MAX_ADDRESS + 1) {
      b.problem(where, "the stack does not fit in the 32-bit address space");
      return Optional.empty();
    }
    MemoryRegion stack = new MemoryRegion("stack", low, size.get());
    if (!checkRegions) {
      return Optional.empty();
    }
    boolean inside =
        regions.stream()
            .anyMatch(
                r ->
                    r.kind().equals("ram")
                        && low >= r.region().start()
                        && low + size.get() <= r.end());
    if (!inside) {
      List<String> rams =
          regions.stream().filter(r -> r.kind().equals("ram")).map(Region::describe).toList();
      b.problem(
          where,
          "stack "
              + range(low, size.get())
              + " is not inside any RAM region"
              + (rams.isEmpty()
                  ? " (the profile has none)"
                  : "; RAM regions: " + String.join(", ", rams)));
      return Optional.empty();
    }
    return Optional.of(stack);
  }

  private static Map<String, String> driverOptions(YamlNode node, Binder b) {
    if (!(node instanceof YamlNode.MapNode map)) {
      b.problem(
          node.location(),
          "'driver-options': expected a map of option name to value, got " + node.describe());
      return Map.of();
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (YamlNode.Entry entry : map.entries().values()) {
      if (!entry.key().matches("[a-z0-9][a-z0-9._-]*")) {
        b.problem(
            entry.keyLocation(),
            "driver option '"
                + entry.key()
                + "': expected a name of lower-case letters, digits, '.', '_' and '-'");
        continue;
      }
      b.string(entry.value(), entry.key()).ifPresent(v -> options.put(entry.key(), v));
    }
    return options;
  }
}
