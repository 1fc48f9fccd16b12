package io.hilt.probe.drivers.qemu;

import io.hilt.probe.target.Arch;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.TargetDriver;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;

/**
 * Driver {@code qemu}: starts {@code qemu-system-arm} for the profile's machine and drives it
 * through its GDB stub. Options: {@link QemuOptions}.
 */
public final class QemuDriver implements TargetDriver {
  public static final String ID = "qemu";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public DebugTarget open(TargetSpec spec) {
    if (spec.arch() == Arch.RISCV32IMAC) {
      throw new TargetException(
          "profile "
              + spec.name()
              + ": the qemu driver runs Arm machines (qemu-system-arm); "
              + spec.arch().id()
              + " is not one");
    }
    return new QemuTarget(spec, QemuOptions.parse(spec.name(), spec.options()));
  }
}
