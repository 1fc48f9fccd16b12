package io.hilt.orchestrator.steps;

import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.TargetDriver;
import io.hilt.probe.target.TargetDrivers;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import java.util.stream.Collectors;

/** Opens the target a test runs on. */
@FunctionalInterface
public interface TargetOpener {
  DebugTarget open(TargetSpec spec);

  /** The drivers on the class path, found by id through {@code ServiceLoader}. */
  static TargetOpener installedDrivers() {
    return spec ->
        TargetDrivers.find(spec.driver())
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
                            + ")"))
            .open(spec);
  }
}
