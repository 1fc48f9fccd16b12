package io.hilt.sim.mpu;

import io.hilt.sim.thumb.MemoryProtection;
import java.util.function.BooleanSupplier;

/**
 * The {@link Pmsav7Mpu} as the core's {@link MemoryProtection} hook. An access of several bytes is
 * allowed when its first and last byte are: regions are at least 32 bytes and naturally aligned, so
 * an access of at most 8 bytes touches at most two.
 */
public final class MpuProtection implements MemoryProtection {
  private final Pmsav7Mpu mpu;
  private final BooleanSupplier negativePriority;

  /**
   * @param negativePriority true while the execution priority is below zero (HardFault, NMI,
   *     FAULTMASK), where HFNMIENA decides whether the MPU applies
   */
  public MpuProtection(Pmsav7Mpu mpu, BooleanSupplier negativePriority) {
    this.mpu = mpu;
    this.negativePriority = negativePriority;
  }

  @Override
  public boolean allows(int address, int size, MemoryProtection.Access access, boolean privileged) {
    io.hilt.sim.mpu.Access a =
        switch (access) {
          case READ -> io.hilt.sim.mpu.Access.READ;
          case WRITE -> io.hilt.sim.mpu.Access.WRITE;
          case EXECUTE -> io.hilt.sim.mpu.Access.FETCH;
        };
    return mpu.permits(address, a, privileged, negativePriority)
        && (size <= 1 || mpu.permits(address + size - 1, a, privileged, negativePriority));
  }

  @Override
  public int uniformBlockLog2(int address, boolean privileged) {
    return mpu.uniformBlockLog2();
  }
}
