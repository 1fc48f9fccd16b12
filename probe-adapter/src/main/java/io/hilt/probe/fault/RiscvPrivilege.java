package io.hilt.probe.fault;

/** A RISC-V privilege level, as encoded in {@code mstatus.MPP} and QEMU's virtual {@code priv}. */
public enum RiscvPrivilege {
  USER("U"),
  SUPERVISOR("S"),
  /** Encoding 2 is reserved (the hypervisor extension does not use it in MPP). */
  RESERVED("reserved"),
  MACHINE("M");

  private final String letter;

  RiscvPrivilege(String letter) {
    this.letter = letter;
  }

  public static RiscvPrivilege of(long encoding) {
    return values()[(int) (encoding & 3)];
  }

  /** {@code U}, {@code S}, {@code M}. */
  public String letter() {
    return letter;
  }

  /** {@code U-mode}. */
  public String mode() {
    return letter + "-mode";
  }
}
