package io.hilt.sim.board;

import io.hilt.sim.bus.Bus;
import io.hilt.sim.bus.Region;
import java.util.function.BooleanSupplier;

/**
 * The parts of the ARMv7-M Private Peripheral Bus the boards do not model (ITM, DWT, FPB, TPIU, the
 * ROM table): zero to privileged reads, writes ignored, a bus error for unprivileged code, as QEMU
 * treats them. Firmware that turns on the DWT cycle counter therefore runs, and reads a counter
 * that stays at zero, as on QEMU.
 */
final class PrivatePeripheralBus implements Region {
  private final BooleanSupplier privileged;

  PrivatePeripheralBus(BooleanSupplier privileged) {
    this.privileged = privileged;
  }

  @Override
  public String name() {
    return "Private Peripheral Bus (unimplemented)";
  }

  @Override
  public long read(int offset, int size) {
    return privileged.getAsBoolean() ? 0 : Bus.ERROR;
  }

  @Override
  public long peek(int offset, int size) {
    return 0;
  }

  @Override
  public boolean write(int offset, int size, int value) {
    return privileged.getAsBoolean();
  }
}
