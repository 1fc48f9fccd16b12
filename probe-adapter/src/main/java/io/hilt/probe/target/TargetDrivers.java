package io.hilt.probe.target;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The drivers on the class path. */
public final class TargetDrivers {
  private TargetDrivers() {}

  public static List<TargetDriver> all(ClassLoader loader) {
    return ServiceLoader.load(TargetDriver.class, loader).stream()
        .map(ServiceLoader.Provider::get)
        .toList();
  }

  public static Optional<TargetDriver> find(String id) {
    return all(TargetDrivers.class.getClassLoader()).stream()
        .filter(d -> d.id().equals(id))
        .findFirst();
  }
}
