package io.hilt.probe.drivers.probers;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One debug probe as {@code probe-rs list} shows it.
 *
 * @param index its position in the list ({@code [0]})
 * @param name the probe's identifier, for example {@code STLink V2-1}
 * @param vendorId USB vendor id
 * @param productId USB product id
 * @param interfaceNumber the channel of a multi-channel FTDI probe (0.31 and later)
 * @param serial the serial number; may be empty and may contain {@code :}
 * @param kind the probe family as probe-rs names it ({@code ST-LINK}, {@code CMSIS-DAP}, ...)
 * @param accessible false when probe-rs marked it {@code (inaccessible)} (0.32: no permission)
 */
public record ProbeInfo(
    int index,
    String name,
    int vendorId,
    int productId,
    OptionalInt interfaceNumber,
    String serial,
    String kind,
    boolean accessible) {
  public ProbeInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(interfaceNumber, "interfaceNumber");
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(kind, "kind");
    if (vendorId < 0 || vendorId > 0xffff || productId < 0 || productId > 0xffff) {
      throw new IllegalArgumentException("USB ids are 16 bits");
    }
  }

  /** The {@code --probe} selector for exactly this probe: {@code VID:PID[-IF][:SERIAL]}. */
  public String selector() {
    StringBuilder b = new StringBuilder(String.format("%04x:%04x", vendorId, productId));
    interfaceNumber.ifPresent(i -> b.append('-').append(i));
    if (!serial.isEmpty()) {
      b.append(':').append(serial);
    }
    return b.toString();
  }

  /**
   * Whether a profile's selector ({@code VID:PID} or {@code VID:PID:SERIAL}, hex, case ignored)
   * names this probe.
   */
  public boolean matches(String selector) {
    String[] parts = selector.strip().split(":", 3);
    if (parts.length < 2) {
      return false;
    }
    String pid = parts[1];
    OptionalInt iface = OptionalInt.empty();
    int dash = pid.indexOf('-');
    if (dash >= 0) {
      try {
        iface = OptionalInt.of(Integer.parseInt(pid.substring(dash + 1)));
      } catch (NumberFormatException e) {
        return false;
      }
      pid = pid.substring(0, dash);
    }
    try {
      if (Integer.parseInt(parts[0], 16) != vendorId || Integer.parseInt(pid, 16) != productId) {
        return false;
      }
    } catch (NumberFormatException e) {
      return false;
    }
    if (iface.isPresent() && !iface.equals(interfaceNumber)) {
      return false;
    }
    return parts.length < 3 || parts[2].equals(serial);
  }
}
