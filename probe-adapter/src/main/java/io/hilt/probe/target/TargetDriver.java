package io.hilt.probe.target;

/** A way of reaching targets (probe-rs, GDB, the simulator), found through ServiceLoader. */
public interface TargetDriver {
  /** The driver id used in profiles ({@code driver: sim}). */
  String id();

  /**
   * Opens a target.
   *
   * @throws TargetException when the spec cannot be served (unsupported arch, bad option)
   */
  DebugTarget open(TargetSpec spec);
}
