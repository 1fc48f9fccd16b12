package io.hilt.probe.drivers.gdb;

import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.TargetDriver;
import io.hilt.probe.target.TargetSpec;

/**
 * Driver {@code gdb}: a core behind any GDB remote serial protocol server ({@code driver-options: {
 * address: "127.0.0.1:3333" }}). Options: {@link GdbOptions}.
 */
public final class GdbDriver implements TargetDriver {
  public static final String ID = "gdb";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public DebugTarget open(TargetSpec spec) {
    GdbOptions options =
        GdbOptions.parse(spec.name(), spec.options(), GdbOptions.KEYS, "reset halt");
    return GdbTarget.connect(spec, options);
  }
}
