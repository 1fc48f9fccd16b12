package io.hilt.probe.drivers.gdb;

import java.util.Objects;

/**
 * A register as the target description names it.
 *
 * @param name GDB's name, lower case ({@code r0}, {@code sp}, {@code xpsr}, {@code msp})
 * @param number the register number used in {@code p}/{@code P} packets and {@code T} replies
 * @param bitSize its width
 * @param feature the feature that declares it ({@code org.gnu.gdb.arm.m-profile})
 */
public record GdbRegister(String name, int number, int bitSize, String feature) {
  public GdbRegister {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(feature, "feature");
    if (number < 0 || bitSize <= 0 || bitSize > 64 * 8) {
      throw new IllegalArgumentException(
          "register " + name + ": number " + number + ", bitsize " + bitSize);
    }
  }

  public int bytes() {
    return (bitSize + 7) / 8;
  }
}
