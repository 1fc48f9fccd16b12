package io.hilt.sim.cortexm;

import java.util.List;

/**
 * The Cortex-M processors the simulator models, with what software can read about them: CPUID, the
 * ID_* feature registers, the implemented priority bits, the MPU.
 *
 * <p>CPUID is that of real silicon at a named revision (Cortex-M3 r2p0, Cortex-M4 r0p1); QEMU 7.2
 * reports 0x410FC231 (r0p1) and 0x410FC240 (r0p0) for its models. Priority registers implement
 * three bits on the M3/M4, as the CMSDK FPGA images the mps2 boards carry (QEMU keeps all eight).
 * No FPU is modelled on the M4 (an M4 without the FP extension: CPACR, FPCCR and MVFR read as zero,
 * FP instructions are NOCP UsageFaults, exception frames are always the 8-word basic frame). The
 * M4's ID_ISAR registers are those of its Technical Reference Manual (they show the DSP
 * instructions); QEMU reports the M3's values for both.
 */
public enum CoreModel {
  CORTEX_M0PLUS(0x410C_C601, false, 2, List.of()),
  CORTEX_M3(
      0x412F_C230,
      true,
      3,
      List.of(
          0x0000_0030,
          0x0000_0200,
          0x0010_0000,
          0,
          0x0000_0030,
          0,
          0,
          0,
          0x0114_1110,
          0x0211_1000,
          0x2111_2231,
          0x0111_1110,
          0x0131_0102,
          0)),
  CORTEX_M4(
      0x410F_C241,
      true,
      3,
      List.of(
          0x0000_0030,
          0x0000_0200,
          0x0010_0000,
          0,
          0x0000_0030,
          0,
          0,
          0,
          0x0114_1110,
          0x0211_2000,
          0x2123_2231,
          0x0111_1131,
          0x0131_0132,
          0));

  private final int cpuid;
  private final boolean armv7m;
  private final int priorityBits;
  private final List<Integer> featureRegisters;

  CoreModel(int cpuid, boolean armv7m, int priorityBits, List<Integer> featureRegisters) {
    this.cpuid = cpuid;
    this.armv7m = armv7m;
    this.priorityBits = priorityBits;
    this.featureRegisters = featureRegisters;
  }

  public int cpuid() {
    return cpuid;
  }

  /** ARMv7-M (the Main Extension: fault registers, MPU, BASEPRI, ...) rather than ARMv6-M. */
  public boolean armv7m() {
    return armv7m;
  }

  public int priorityBits() {
    return priorityBits;
  }

  /** MPU regions (PMSAv7): 8 on the M3/M4, none on the simulated M0+. */
  public int mpuRegions() {
    return armv7m ? 8 : 0;
  }

  /**
   * ID_PFR0, ID_PFR1, ID_DFR0, ID_AFR0, ID_MMFR0..3, ID_ISAR0..5 (0xE000ED40..0xE000ED74), empty on
   * ARMv6-M which has none.
   */
  public List<Integer> featureRegisters() {
    return featureRegisters;
  }
}
