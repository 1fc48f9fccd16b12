package io.hilt.orchestrator.steps;

import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.TargetDriver;
import io.hilt.probe.target.TargetDrivers;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import java.util.ServiceConfigurationError;
import java.util.stream.Collectors;

/** Opens the target a test runs on. */
@FunctionalInterface
public interface TargetOpener {
  DebugTarget open(TargetSpec spec);

  /** The drivers on the class path, found by id through {@code ServiceLoader}. */
  static TargetOpener installedDrivers() {
    return spec -> driver(spec).open(spec);
  }

  private static TargetDriver driver(TargetSpec spec) {
    try {
      return TargetDrivers.find(spec.driver())
          .orElseThrow(
              () ->
                  new TargetException(
                      "profile "
                          + spec.name()
                          + " needs driver '"
                          + spec.driver()
                          + "', which is not installed (drivers on the class path: "
                          + TargetDrivers.all(TargetOpener.class.getClassLoader()).stream()
                              .map(TargetDriver::id)
                              .sorted()
                              .collect(Collectors.joining(", "))
                          + ")"));
    } catch (ServiceConfigurationError e) {
      // a broken installation (a driver listed in META-INF/services but missing): not a test bug
      throw new TargetException(
          "cannot load the target drivers for profile " + spec.name() + ": " + e.getMessage(), e);
    }
  }
}
