package io.hilt.probe.drivers.gdb;

import io.hilt.probe.target.Arch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Cortex-M special registers a GDB server may leave out of its target description (QEMU 7.2
 * describes only r0-r15 and xpsr), and the 32-bit Thumb {@code MRS}/{@code MSR} instructions that
 * reach them through r0 when it does.
 */
final class CortexMSystemRegisters {
  /** Name to SYSm (ARMv7-M ARM, B5.1.1), in GDB's order. */
  private static final Map<String, Integer> V6M = ordered("msp", 8, "psp", 9, "primask", 16);

  private static final Map<String, Integer> V7M_EXTRA = ordered("basepri", 17, "faultmask", 19);

  private static final Map.Entry<String, Integer> CONTROL = Map.entry("control", 20);

  private CortexMSystemRegisters() {}

  /** The special registers this core has, in GDB's order. */
  static Map<String, Integer> of(Arch arch) {
    Map<String, Integer> all = new LinkedHashMap<>(V6M);
    switch (arch) {
      case CORTEX_M0PLUS -> {}
      case CORTEX_M3, CORTEX_M4, CORTEX_M33 -> all.putAll(V7M_EXTRA);
      case RISCV32IMAC -> {
        return Map.of();
      }
    }
    all.put(CONTROL.getKey(), CONTROL.getValue());
    return all;
  }

  /** The registers of {@link #of} that {@code described} lacks. */
  static List<String> missing(Arch arch, List<String> described) {
    List<String> missing = new ArrayList<>();
    for (String name : of(arch).keySet()) {
      if (!described.contains(name)) {
        missing.add(name);
      }
    }
    return missing;
  }

  static Optional<Integer> sysm(Arch arch, String name) {
    return Optional.ofNullable(of(arch).get(name));
  }

  /** {@code MRS r0, <sysm>} as the 4 bytes it occupies in memory (two little-endian halfwords). */
  static byte[] mrsR0(int sysm) {
    return halfwords(0xF3EF, 0x8000 | sysm);
  }

  /** {@code MSR <sysm>, r0} with mask 0b10 (the whole register), as 4 bytes. */
  static byte[] msrR0(int sysm) {
    return halfwords(0xF380, 0x8800 | sysm);
  }

  private static byte[] halfwords(int first, int second) {
    return new byte[] {(byte) first, (byte) (first >>> 8), (byte) second, (byte) (second >>> 8)};
  }

  private static Map<String, Integer> ordered(Object... pairs) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], (Integer) pairs[i + 1]);
    }
    return m;
  }
}
