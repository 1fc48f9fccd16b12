package io.hilt.probe.serial;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@link SerialSpec} text. */
final class SerialSpecParser {
  private SerialSpecParser() {}

  static SerialSpec parse(String text) {
    Objects.requireNonNull(text, "text");
    String s = text.strip();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.startsWith("rfc2217://")) {
      String[] hp = splitHostPort(text, s.substring("rfc2217://".length()));
      return new SerialSpec.Rfc2217(hp[0], parsePort(text, hp[1]));
    }
    if (lower.startsWith("tcp://")) {
      String[] hp = splitHostPort(text, s.substring("tcp://".length()));
      return new SerialSpec.Tcp(hp[0], parsePort(text, hp[1]));
    }
    if (lower.startsWith("usb:")) {
      Matcher m = USB.matcher(s.substring(4));
      if (!m.matches()) {
        throw bad(text, "usb: needs VID:PID or VID:PID:SERIAL with VID and PID in hex");
      }
      return new SerialSpec.Usb(
          Integer.parseInt(m.group(1), 16),
          Integer.parseInt(m.group(2), 16),
          Optional.ofNullable(m.group(3)));
    }
    if (lower.startsWith("by-id:")) {
      String name = s.substring(6);
      if (name.isEmpty() || name.contains("/")) {
        throw bad(text, "by-id: needs a name from /dev/serial/by-id, without slashes");
      }
      return new SerialSpec.Device("/dev/serial/by-id/" + name);
    }
    if (s.contains("://")) {
      throw bad(text, "unknown scheme");
    }
    if (s.startsWith("/") || s.startsWith("./") || s.startsWith("../")) {
      return new SerialSpec.Device(s);
    }
    throw bad(text, "not a device path");
  }

  private static final Pattern USB =
      Pattern.compile("([0-9A-Fa-f]{1,4}):([0-9A-Fa-f]{1,4})(?::([^\\s:][^\\s]*))?");

  private static IllegalArgumentException bad(String text, String why) {
    return new IllegalArgumentException(
        "bad serial port '"
            + text
            + "': "
            + why
            + "; expected a device path (/dev/ttyUSB0, /dev/serial/by-id/NAME), by-id:NAME,"
            + " usb:VID:PID[:SERIAL], rfc2217://host:port or tcp://host:port");
  }

  private static String[] splitHostPort(String text, String hostPort) {
    String host;
    String port;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0 || close + 1 >= hostPort.length() || hostPort.charAt(close + 1) != ':') {
        throw bad(text, "IPv6 host needs the form [addr]:port");
      }
      host = hostPort.substring(1, close);
      port = hostPort.substring(close + 2);
    } else {
      int colon = hostPort.lastIndexOf(':');
      if (colon < 0) {
        throw bad(text, "missing :port");
      }
      host = hostPort.substring(0, colon);
      port = hostPort.substring(colon + 1);
      if (host.contains(":")) {
        throw bad(text, "IPv6 host must be in brackets");
      }
    }
    if (port.endsWith("/")) {
      port = port.substring(0, port.length() - 1);
    }
    if (host.isEmpty()) {
      throw bad(text, "missing host");
    }
    return new String[] {host, port};
  }

  private static int parsePort(String text, String port) {
    try {
      int p = Integer.parseInt(port);
      if (p < 1 || p > 65535) {
        throw bad(text, "port must be 1..65535");
      }
      return p;
    } catch (NumberFormatException e) {
      throw bad(text, "port '" + port + "' is not a number");
    }
  }

  static void checkHostPort(String host, int port) {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host is empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
  }

  static String hostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
