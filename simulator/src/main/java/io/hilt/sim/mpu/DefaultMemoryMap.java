package io.hilt.sim.mpu;

/**
 * The ARMv7-M default system address map, as far as protection goes: which 512 MiB regions are
 * Execute Never (Peripheral 0x40000000, the two Device regions 0xA0000000 and 0xC0000000, and the
 * System region 0xE0000000), and where the Private Peripheral Bus is (0xE0000000..0xE00FFFFF). Data
 * accesses are always permitted by the default map; instruction fetches only outside XN.
 */
public final class DefaultMemoryMap {
  public static final int PPB_START = 0xE000_0000;
  public static final int PPB_END = 0xE010_0000;

  private DefaultMemoryMap() {}

  /** True when the default map forbids instruction fetch at {@code address}. */
  public static boolean executeNever(int address) {
    return switch (address >>> 29) {
      case 2, 5, 6, 7 -> true;
      default -> false;
    };
  }

  /** True for the System region (0xE0000000 up), which is XN whatever the MPU says. */
  public static boolean systemRegion(int address) {
    return (address >>> 29) == 7;
  }

  /** True inside the Private Peripheral Bus, which the MPU never checks. */
  public static boolean privatePeripheralBus(int address) {
    return Integer.compareUnsigned(address, PPB_START) >= 0
        && Integer.compareUnsigned(address, PPB_END) < 0;
  }

  /** The default map's answer: data always, fetch outside XN regions. */
  public static boolean permits(int address, Access access) {
    return access != Access.FETCH || !executeNever(address);
  }
}
