package io.hilt.probe.serial;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a serial link goes, as written in a profile ({@code port} or {@code url}). {@link #parse}
 * accepts:
 *
 * <ul>
 *   <li>a device path: {@code /dev/ttyUSB0}, {@code /dev/serial/by-id/usb-FTDI_...-if00-port0}
 *       (symlinks are followed at every open, so a by-id name survives re-enumeration);
 *   <li>{@code by-id:NAME}: short for {@code /dev/serial/by-id/NAME};
 *   <li>{@code usb:VID:PID} or {@code usb:VID:PID:SERIAL} (VID and PID in hex, 1 to 4 digits): the
 *       one local port of that USB device;
 *   <li>{@code rfc2217://host:port}: a port served with the Telnet COM-PORT-OPTION (ser2net's
 *       {@code telnet(rfc2217)} accepter, esp_rfc2217_server, pySerial's server);
 *   <li>{@code tcp://host:port}: a raw TCP byte stream (ser2net's {@code tcp} accepter), without
 *       line settings or modem lines.
 * </ul>
 *
 * IPv6 hosts go in brackets: {@code rfc2217://[::1]:2000}.
 */
public sealed interface SerialSpec {
  /** The spec as written back ({@code parse(s.text())} equals {@code s}). */
  String text();

  /** A local device node or a symlink to one (a {@code /dev/serial/by-id} name). */
  record Device(String path) implements SerialSpec {
    public Device {
      Objects.requireNonNull(path, "path");
      if (path.isBlank()) {
        throw new IllegalArgumentException("serial device path is empty");
      }
    }

    @Override
    public String text() {
      return path;
    }
  }

  /** The local port of a USB device, by vendor and product id and optionally serial number. */
  record Usb(int vendorId, int productId, Optional<String> serialNumber) implements SerialSpec {
    public Usb {
      if (vendorId < 0 || vendorId > 0xFFFF) {
        throw new IllegalArgumentException("USB vendor id must be 0..ffff, got " + vendorId);
      }
      if (productId < 0 || productId > 0xFFFF) {
        throw new IllegalArgumentException("USB product id must be 0..ffff, got " + productId);
      }
      Objects.requireNonNull(serialNumber, "serialNumber");
      if (serialNumber.isPresent() && serialNumber.get().isBlank()) {
        throw new IllegalArgumentException("USB serial number is empty");
      }
    }

    /** {@code 0483:374b} or {@code 0483:374b:066DFF}. */
    public String ids() {
      return String.format(Locale.ROOT, "%04x:%04x", vendorId, productId)
          + serialNumber.map(s -> ":" + s).orElse("");
    }

    @Override
    public String text() {
      return "usb:" + ids();
    }
  }

  /** A port served over RFC 2217 (Telnet COM-PORT-OPTION). */
  record Rfc2217(String host, int port) implements SerialSpec {
    public Rfc2217 {
      SerialSpecParser.checkHostPort(host, port);
    }

    @Override
    public String text() {
      return "rfc2217://" + SerialSpecParser.hostPort(host, port);
    }
  }

  /** A raw TCP byte stream. */
  record Tcp(String host, int port) implements SerialSpec {
    public Tcp {
      SerialSpecParser.checkHostPort(host, port);
    }

    @Override
    public String text() {
      return "tcp://" + SerialSpecParser.hostPort(host, port);
    }
  }

  /**
   * Reads a spec in one of the forms listed on {@link SerialSpec}.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  static SerialSpec parse(String text) {
    return SerialSpecParser.parse(text);
  }
}
