package io.hilt.probe.fault;

/**
 * The raw fault status registers of ARMv7-M and ARMv8-M Mainline (ARMv6-M has none of them).
 *
 * @param cfsr Configurable Fault Status (MMFSR | BFSR << 8 | UFSR << 16), 0xE000ED28
 * @param hfsr HardFault Status, 0xE000ED2C
 * @param dfsr Debug Fault Status, 0xE000ED30
 * @param mmfar MemManage Fault Address, 0xE000ED34 (meaningful only with MMARVALID)
 * @param bfar BusFault Address, 0xE000ED38 (meaningful only with BFARVALID)
 * @param shcsr System Handler Control and State, 0xE000ED24 (fault enables and active bits)
 */
public record FaultStatusRegisters(
    long cfsr, long hfsr, long dfsr, long mmfar, long bfar, long shcsr) {
  public static final long SHCSR = 0xE000_ED24L;
  public static final long CFSR = 0xE000_ED28L;
  public static final long HFSR = 0xE000_ED2CL;
  public static final long DFSR = 0xE000_ED30L;
  public static final long MMFAR = 0xE000_ED34L;
  public static final long BFAR = 0xE000_ED38L;

  /** SHCSR.MEMFAULTENA: MemManage faults go to their own handler. */
  public boolean memManageEnabled() {
    return (shcsr & (1L << 16)) != 0;
  }

  /** SHCSR.BUSFAULTENA. */
  public boolean busFaultEnabled() {
    return (shcsr & (1L << 17)) != 0;
  }

  /** SHCSR.USGFAULTENA. */
  public boolean usageFaultEnabled() {
    return (shcsr & (1L << 18)) != 0;
  }

  @Override
  public String toString() {
    return "CFSR="
        + Hex.word(cfsr)
        + " HFSR="
        + Hex.word(hfsr)
        + " DFSR="
        + Hex.word(dfsr)
        + " MMFAR="
        + Hex.word(mmfar)
        + " BFAR="
        + Hex.word(bfar)
        + " SHCSR="
        + Hex.word(shcsr);
  }
}
