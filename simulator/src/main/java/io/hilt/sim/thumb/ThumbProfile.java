package io.hilt.sim.thumb;

/**
 * Which Thumb instruction set and register file a {@link ThumbCore} implements. Encodings outside
 * the profile decode as UNDEFINED, as on silicon.
 */
public enum ThumbProfile {
  /** Cortex-M0/M0+: 16-bit Thumb plus BL, MRS, MSR, DMB, DSB, ISB; no BASEPRI/FAULTMASK. */
  ARMV6M,
  /** Cortex-M3: Thumb-2, IT blocks, exclusives, divide, BASEPRI/FAULTMASK, configurable faults. */
  ARMV7M,
  /** Cortex-M4 without FPU: ARMv7-M plus the DSP extension (SIMD, saturating, GE and Q flags). */
  ARMV7EM;

  /** True for the Thumb-2 profiles (ARMv7-M and ARMv7E-M). */
  public boolean thumb2() {
    return this != ARMV6M;
  }

  /** True when the DSP extension is present. */
  public boolean dsp() {
    return this == ARMV7EM;
  }
}
