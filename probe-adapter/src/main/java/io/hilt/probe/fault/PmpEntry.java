package io.hilt.probe.fault;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One decoded RISC-V PMP entry (privileged spec, "Physical Memory Protection"): its configuration
 * byte from {@code pmpcfg0..3} and the address range it covers. Addresses are physical, up to 34
 * bits on RV32 ({@code pmpaddr} holds bits 33:2).
 *
 * @param index 0..15
 * @param config the entry's {@code pmpcfg} byte
 * @param pmpaddr the raw {@code pmpaddrN} value
 * @param mode OFF, TOR, NA4 or NAPOT
 * @param start the first address covered (inclusive)
 * @param end the end of the range (exclusive); equal to {@code start} when it covers nothing (OFF,
 *     or a TOR entry whose bottom is not below its top)
 */
public record PmpEntry(int index, int config, long pmpaddr, PmpMode mode, long start, long end) {
  /** The 34-bit physical address space of RV32 PMP. */
  public static final long ADDRESS_SPACE = 1L << 34;

  public PmpEntry {
    if (index < 0 || index > 63) {
      throw new IllegalArgumentException("PMP entry index must be 0..63, not " + index);
    }
    if (config < 0 || config > 0xff) {
      throw new IllegalArgumentException("pmpcfg byte out of range: " + config);
    }
    Objects.requireNonNull(mode, "mode");
    if (start < 0 || end < start || end > ADDRESS_SPACE) {
      throw new IllegalArgumentException(
          "PMP entry " + index + " range is not valid: " + start + ".." + end);
    }
  }

  /**
   * Decodes entry {@code index}.
   *
   * @param config its {@code pmpcfg} byte
   * @param pmpaddr its {@code pmpaddr} register (32 bits)
   * @param previousPmpaddr {@code pmpaddr[index - 1]}, the bottom of a TOR range (0 for entry 0)
   */
  public static PmpEntry decode(int index, int config, long pmpaddr, long previousPmpaddr) {
    long addr = pmpaddr & 0xffff_ffffL;
    PmpMode mode = PmpMode.ofConfig(config);
    long start;
    long end;
    switch (mode) {
      case OFF -> {
        start = 0;
        end = 0;
      }
      case TOR -> {
        long bottom = index == 0 ? 0 : (previousPmpaddr & 0xffff_ffffL) << 2;
        long top = addr << 2;
        start = bottom;
        end = Math.max(bottom, top);
      }
      case NA4 -> {
        start = addr << 2;
        end = start + 4;
      }
      case NAPOT -> {
        int ones = Long.numberOfTrailingZeros(~addr);
        if (ones >= 32) {
          start = 0;
          end = ADDRESS_SPACE;
        } else {
          start = (addr >>> (ones + 1)) << (ones + 3);
          end = start + (1L << (ones + 3));
        }
      }
      default -> throw new IllegalStateException(mode.toString());
    }
    return new PmpEntry(index, config & 0xff, addr, mode, start, end);
  }

  public boolean readable() {
    return (config & 0x01) != 0;
  }

  public boolean writable() {
    return (config & 0x02) != 0;
  }

  public boolean executable() {
    return (config & 0x04) != 0;
  }

  /** L: the entry binds machine mode too, and cannot change until reset. */
  public boolean locked() {
    return (config & 0x80) != 0;
  }

  /** Whether the entry covers {@code address}. */
  public boolean contains(long address) {
    return address >= start && address < end;
  }

  /** {@code RW-}, {@code R-X}, ... */
  public String permissions() {
    return (readable() ? "R" : "-") + (writable() ? "W" : "-") + (executable() ? "X" : "-");
  }

  /** {@code entry 1: NAPOT [0x80003100, 0x80003200) R--}, with {@code locked} when L is set. */
  public String describe() {
    StringBuilder sb = new StringBuilder("entry ").append(index).append(": ").append(mode);
    if (mode != PmpMode.OFF) {
      sb.append(" [").append(address(start)).append(", ").append(address(end)).append(')');
      sb.append(' ').append(permissions());
    }
    if (locked()) {
      sb.append(" locked");
    }
    return sb.toString();
  }

  /** For {@link FaultReport#fields()}. */
  public Map<String, Object> fields() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", index);
    m.put("mode", mode.name());
    m.put("start", start);
    m.put("end", end);
    m.put("permissions", permissions());
    m.put("locked", locked());
    m.put("pmpcfg", config);
    m.put("pmpaddr", pmpaddr);
    return Collections.unmodifiableMap(m);
  }

  private static String address(long value) {
    return value > 0xffff_ffffL ? Hex.of(value) : Hex.word(value);
  }

  @Override
  public String toString() {
    return describe();
  }
}
