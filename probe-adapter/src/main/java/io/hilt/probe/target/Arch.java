package io.hilt.probe.target;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The core architecture of a target, named as in device profiles ({@code arch: cortex-m0plus}). */
public enum Arch {
  CORTEX_M0PLUS("cortex-m0plus"),
  CORTEX_M3("cortex-m3"),
  CORTEX_M4("cortex-m4"),
  CORTEX_M33("cortex-m33"),
  RISCV32IMAC("riscv32imac");

  private final String id;

  Arch(String id) {
    this.id = id;
  }

  /** The name used in YAML and on the command line. */
  public String id() {
    return id;
  }

  public static Optional<Arch> fromId(String id) {
    return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
  }

  /** Every id, in declaration order, for messages that list what is allowed. */
  public static List<String> allIds() {
    return Arrays.stream(values()).map(Arch::id).toList();
  }

  @Override
  public String toString() {
    return id;
  }
}
