package io.hilt.probe.fault;

import java.util.Optional;

/**
 * Facts a RISC-V fault analysis derives from {@code mcause}, {@code mstatus}, the PMP registers and
 * the trapping instruction, named for {@code expect-fault: { flags: [...] }} in plans. Unlike
 * Cortex-M's status bits most are derived from a field's value, so {@link #bit()} is -1 for them.
 *
 * <ul>
 *   <li>Trap kind: {@link #MISALIGNED}, {@link #ACCESS_FAULT}, {@link #PAGE_FAULT}, {@link
 *       #ILLEGAL_INSTRUCTION}, {@link #BREAKPOINT}, {@link #ECALL}, {@link #INTERRUPT}.
 *   <li>Access: {@link #FETCH}, {@link #LOAD}, {@link #STORE} (store or AMO), and {@link #AMO} when
 *       the trapping instruction is an atomic (LR, SC or AMO).
 *   <li>Where it came from: {@link #FROM_U}, {@link #FROM_S}, {@link #FROM_M} ({@code
 *       mstatus.MPP}), and {@link #MPRV}.
 *   <li>PMP, for access faults: {@link #PMP_DENY} (an entry matched the address and does not grant
 *       the access to that privilege), {@link #PMP_LOCKED} (that entry is locked, so it bound
 *       M-mode too), {@link #PMP_NO_MATCH} (no entry matched a U- or S-mode access: default deny).
 * </ul>
 */
public enum RiscvFaultFlag implements FaultFlag {
  MISALIGNED("mcause", -1, true, "the access was not aligned as the instruction requires"),
  ACCESS_FAULT("mcause", -1, true, "access fault: PMP or PMA denied the access"),
  PAGE_FAULT("mcause", -1, true, "page fault: the address translation denied the access"),
  ILLEGAL_INSTRUCTION("mcause", -1, true, "illegal instruction"),
  BREAKPOINT("mcause", -1, true, "breakpoint (EBREAK or a trigger)"),
  ECALL("mcause", -1, true, "environment call (ECALL)"),
  INTERRUPT("mcause", 31, true, "interrupt (mcause bit 31)"),
  FETCH("mcause", -1, false, "the access was an instruction fetch"),
  LOAD("mcause", -1, false, "the access was a load"),
  STORE("mcause", -1, false, "the access was a store or an AMO"),
  AMO("instruction", -1, false, "the trapping instruction is an atomic (LR, SC or AMO)"),
  FROM_U("mstatus.MPP", -1, false, "the trap came from U-mode"),
  FROM_S("mstatus.MPP", -1, false, "the trap came from S-mode"),
  FROM_M("mstatus.MPP", -1, false, "the trap came from M-mode"),
  MPRV(
      "mstatus",
      17,
      false,
      "mstatus.MPRV is set: M-mode loads and stores use the privilege in MPP"),
  PMP_DENY("pmpcfg", -1, false, "a PMP entry matched the address and does not grant the access"),
  PMP_LOCKED("pmpcfg", 7, false, "the matching PMP entry is locked (L): it binds M-mode too"),
  PMP_NO_MATCH(
      "pmpcfg", -1, false, "no PMP entry matched the address of a U- or S-mode access: denied");

  private final String register;
  private final int bit;
  private final boolean cause;
  private final String meaning;

  RiscvFaultFlag(String register, int bit, boolean cause, String meaning) {
    this.register = register;
    this.bit = bit;
    this.cause = cause;
    this.meaning = meaning;
  }

  @Override
  public String register() {
    return register;
  }

  /** The bit for flags that are one bit of their register, -1 for derived ones. */
  @Override
  public int bit() {
    return bit;
  }

  @Override
  public String meaning() {
    return meaning;
  }

  @Override
  public boolean isCause() {
    return cause;
  }

  @Override
  public String phrase(Optional<FaultAddress> address) {
    return meaning;
  }

  @Override
  public String toString() {
    return name() + " (" + register + (bit >= 0 ? "[" + bit + "]" : "") + ")";
  }
}
