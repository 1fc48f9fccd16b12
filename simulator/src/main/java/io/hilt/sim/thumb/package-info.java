/**
 * Thumb cores: decoding tables ({@link io.hilt.sim.thumb.ThumbDecoder}), field extraction ({@link
 * io.hilt.sim.thumb.ThumbFields}) and the core ({@link io.hilt.sim.thumb.ThumbCore}) for the
 * profiles of {@link io.hilt.sim.thumb.ThumbProfile}: ARMv6-M, ARMv7-M and ARMv7E-M.
 *
 * <h2>Contract with the system side (NVIC, SCB, MPU)</h2>
 *
 * <ul>
 *   <li><b>Profile</b>: chosen at construction, {@code new ThumbCore(bus)} is ARMv6-M. Encodings
 *       outside the profile decode as UNDEFINED.
 *   <li><b>Faults</b> are {@link io.hilt.sim.thumb.Trap} values handed to {@link
 *       io.hilt.sim.thumb.ExceptionModel#trap} before the instruction changed any register; the
 *       table in {@code Trap} says which fault and status bits each becomes on ARMv7-M. The system
 *       side sets CFSR/MMFAR/BFAR and takes the exception (or escalates it).
 *   <li><b>Exception entry</b>: stack {@link io.hilt.sim.thumb.ThumbCore#xpsr} (it holds ITSTATE, Q
 *       and GE), then call {@link io.hilt.sim.thumb.ThumbCore#exceptionEntry} (IPSR, ITSTATE
 *       cleared, exclusive monitor cleared, MSP). <b>Return</b>: {@link
 *       io.hilt.sim.thumb.ThumbCore#setXpsr} restores flags and ITSTATE and clears the monitor,
 *       then {@link io.hilt.sim.thumb.ThumbCore#setIpsr}; FAULTMASK is cleared by the model with
 *       {@link io.hilt.sim.thumb.ThumbCore#setFaultmask} (except when returning from NMI).
 *   <li><b>Execution priority</b> inputs are PRIMASK, FAULTMASK and BASEPRI ({@link
 *       io.hilt.sim.thumb.ThumbCore#primask}, {@link io.hilt.sim.thumb.ThumbCore#faultmask}, {@link
 *       io.hilt.sim.thumb.ThumbCore#basepri}); MSR, CPS and the setters raise {@link
 *       io.hilt.sim.thumb.ThumbCore#EVENT_EXCEPTION} when they change, so {@link
 *       io.hilt.sim.thumb.ExceptionModel#serviceEvents} re-evaluates pending exceptions. The model
 *       answers {@link io.hilt.sim.thumb.ExceptionModel#executionPriority} for MSR FAULTMASK and
 *       CPSID f. BASEPRI keeps the bits of {@link io.hilt.sim.thumb.ThumbCore#setPriorityBitsMask};
 *       MSR BASEPRI_MAX only raises the mask.
 *   <li><b>CCR</b>: {@link io.hilt.sim.thumb.ThumbCore#setTrapDivideByZero} (DIV_0_TRP) and {@link
 *       io.hilt.sim.thumb.ThumbCore#setTrapUnaligned} (UNALIGN_TRP). LDM/STM/PUSH/POP/LDRD/STRD and
 *       the exclusives fault when unaligned whatever CCR says; LDR/STR/LDRH/STRH and their T forms
 *       only with UNALIGN_TRP (always on ARMv6-M).
 *   <li><b>MPU</b>: {@link io.hilt.sim.thumb.MemoryProtection}, installed with {@link
 *       io.hilt.sim.thumb.ThumbCore#setMemoryProtection} and switched with {@link
 *       io.hilt.sim.thumb.ThumbCore#setProtectionEnabled} (call it after each MPU register write).
 *       Privilege is {@link io.hilt.sim.thumb.ThumbCore#isPrivileged}; LDRT/STRT ask as
 *       unprivileged.
 * </ul>
 */
package io.hilt.sim.thumb;
