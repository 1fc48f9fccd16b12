package io.hilt.probe.serial;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A local serial port as the port list reports it, with its USB ids when it has them.
 *
 * @param path the device node, such as {@code /dev/ttyACM0}
 * @param vendorId empty for a port that is not on USB
 */
record UsbPort(
    String path,
    Optional<Integer> vendorId,
    Optional<Integer> productId,
    Optional<String> serialNumber,
    String description) {
  UsbPort {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(vendorId, "vendorId");
    Objects.requireNonNull(productId, "productId");
    Objects.requireNonNull(serialNumber, "serialNumber");
    Objects.requireNonNull(description, "description");
  }

  String describe() {
    if (vendorId.isEmpty() || productId.isEmpty()) {
      return path + " (not USB)";
    }
    return path
        + " ("
        + String.format(Locale.ROOT, "%04x:%04x", vendorId.get(), productId.get())
        + serialNumber.map(s -> " serial " + s).orElse("")
        + (description.isBlank() ? "" : ", " + description)
        + ")";
  }

  boolean matches(SerialSpec.Usb spec) {
    return vendorId.equals(Optional.of(spec.vendorId()))
        && productId.equals(Optional.of(spec.productId()))
        && (spec.serialNumber().isEmpty() || serialNumber.equals(spec.serialNumber()));
  }

  /**
   * The one port matching {@code spec}.
   *
   * @throws SerialException listing every port seen when none or several match
   */
  static UsbPort select(SerialSpec.Usb spec, List<UsbPort> ports) {
    List<UsbPort> matching = ports.stream().filter(p -> p.matches(spec)).toList();
    if (matching.size() == 1) {
      return matching.get(0);
    }
    if (matching.isEmpty()) {
      return fail(
          "no serial port of USB device "
              + spec.ids()
              + "; ports seen: "
              + (ports.isEmpty()
                  ? "none"
                  : ports.stream().map(UsbPort::describe).collect(Collectors.joining(", "))));
    }
    String hint =
        spec.serialNumber().isEmpty()
            ? "; add the serial number (usb:VID:PID:SERIAL)"
            : "; the device has several serial interfaces: name one by its /dev/serial/by-id path";
    return fail(
        matching.size()
            + " serial ports match USB device "
            + spec.ids()
            + ": "
            + matching.stream().map(UsbPort::describe).collect(Collectors.joining(", "))
            + hint);
  }

  private static UsbPort fail(String message) {
    throw new SerialException(message);
  }
}
