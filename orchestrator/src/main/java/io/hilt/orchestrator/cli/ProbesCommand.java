package io.hilt.orchestrator.cli;

import io.hilt.orchestrator.config.DeviceProfile;
import io.hilt.probe.drivers.probers.ProbeInfo;
import io.hilt.probe.drivers.probers.ProbeList;
import io.hilt.probe.drivers.probers.ProbeRsDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hilt probes}: the debug probes {@code probe-rs list} sees, each with the probe-rs profiles
 * whose {@code probe.selector} names it, so a lab runner can check its boards before a run.
 */
@Command(
    name = "probes",
    mixinStandardHelpOptions = true,
    description =
        "List the attached debug probes (probe-rs list) and the device profiles each one serves.")
public final class ProbesCommand implements Callable<Integer> {
  private final CliContext context;

  @Mixin private ProfilesDirOption profilesDir;

  @Option(
      names = "--probe-rs",
      paramLabel = "PATH",
      description =
          "The probe-rs executable (default: the one the probe-rs profiles name, else probe-rs on"
              + " PATH).")
  private Optional<String> executable = Optional.empty();

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Longest wait for probe-rs list (default: ${DEFAULT-VALUE}).",
      defaultValue = "30s")
  private Duration timeout;

  public ProbesCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    List<DeviceProfile> profiles =
        profilesDir.catalog(context).all().stream()
            .filter(p -> p.driver().equals(ProbeRsDriver.ID))
            .sorted(Comparator.comparing(DeviceProfile::name))
            .toList();
    String exe = executable.orElseGet(() -> executableOf(profiles));
    ProbeList list = new ProbeRsDriver().listProbes(exe, timeout);
    if (list.probes().isEmpty()) {
      context.out().println("No debug probes were found (probe-rs list, " + exe + ").");
    } else {
      table(list.probes(), profiles);
    }
    footnotes(list, profiles);
    context.out().flush();
    return ExitCodes.OK;
  }

  /** The executable the probe-rs profiles agree on, else plain {@code probe-rs}. */
  private static String executableOf(List<DeviceProfile> profiles) {
    List<String> named =
        profiles.stream()
            .map(p -> p.driverOptions().get("probe-rs"))
            .filter(e -> e != null && !e.isBlank())
            .distinct()
            .toList();
    return named.size() == 1 ? named.get(0) : "probe-rs";
  }

  private void table(List<ProbeInfo> probes, List<DeviceProfile> profiles) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"#", "PROBE", "SELECTOR", "KIND", "PROFILES"});
    for (ProbeInfo probe : probes) {
      List<String> serves =
          profiles.stream()
              .filter(p -> selector(p).filter(probe::matches).isPresent())
              .map(DeviceProfile::name)
              .toList();
      rows.add(
          new String[] {
            Integer.toString(probe.index()),
            probe.name() + (probe.accessible() ? "" : " (inaccessible)"),
            probe.selector(),
            probe.kind(),
            serves.isEmpty() ? "-" : String.join(", ", serves)
          });
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
      }
      context.out().println(line.toString().stripTrailing());
    }
  }

  private void footnotes(ProbeList list, List<DeviceProfile> profiles) {
    for (DeviceProfile profile : profiles) {
      Optional<String> selector = selector(profile);
      if (selector.isEmpty()) {
        context
            .out()
            .println(
                "profile "
                    + profile.name()
                    + ": no probe.selector; probe-rs takes the only probe attached and refuses"
                    + " when there are several");
      } else if (list.matching(selector.get()).isEmpty()) {
        context
            .out()
            .println(
                "profile " + profile.name() + ": its probe " + selector.get() + " is not attached");
      } else if (list.matching(selector.get()).size() > 1) {
        context
            .out()
            .println(
                "profile "
                    + profile.name()
                    + ": selector "
                    + selector.get()
                    + " matches several probes; add the serial number");
      }
    }
    if (list.probes().stream().anyMatch(p -> !p.accessible())) {
      context
          .out()
          .println(
              "inaccessible probes cannot be opened by this user: install probe-rs's udev rules"
                  + " (https://probe.rs/docs/getting-started/probe-setup/)");
    }
  }

  private static Optional<String> selector(DeviceProfile profile) {
    return Optional.ofNullable(profile.driverOptions().get("probe")).filter(s -> !s.isBlank());
  }
}
