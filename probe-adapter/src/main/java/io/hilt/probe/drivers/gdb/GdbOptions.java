package io.hilt.probe.drivers.gdb;

import io.hilt.probe.target.TargetException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Options of the {@code gdb} driver ({@code driver-options} in a profile).
 *
 * @param address the server, {@code host:port} ({@code address}, required)
 * @param timeout the longest wait for one reply ({@code timeout}, default 5s)
 * @param connectTimeout the longest wait for the connection ({@code connect-timeout}, default 5s)
 * @param resetCommand the monitor command that resets the core and leaves it halted ({@code
 *     reset-command}, default {@code reset halt}, as OpenOCD and pyOCD spell it)
 * @param hardwareBreakpoints whether to ask for hardware breakpoints ({@code Z1}) first ({@code
 *     breakpoints: hardware}) rather than software ones ({@code Z0}, the default); either falls
 *     back to the other when the server refuses it
 * @param maxPacket the largest packet hilt sends or accepts, capping the server's PacketSize
 *     ({@code max-packet}, default 16384 bytes)
 * @param detach on close, detach ({@code D}, the default: the target keeps running) or kill it
 *     ({@code k}) ({@code on-close: detach | kill})
 */
public record GdbOptions(
    InetSocketAddress address,
    Duration timeout,
    Duration connectTimeout,
    String resetCommand,
    boolean hardwareBreakpoints,
    int maxPacket,
    boolean detach) {
  public static final String ADDRESS = "address";
  public static final String TIMEOUT = "timeout";
  public static final String CONNECT_TIMEOUT = "connect-timeout";
  public static final String RESET_COMMAND = "reset-command";
  public static final String BREAKPOINTS = "breakpoints";
  public static final String MAX_PACKET = "max-packet";
  public static final String ON_CLOSE = "on-close";

  public static final Set<String> KEYS =
      Set.of(ADDRESS, TIMEOUT, CONNECT_TIMEOUT, RESET_COMMAND, BREAKPOINTS, MAX_PACKET, ON_CLOSE);

  static final int MIN_PACKET = 256;
  static final int MAX_PACKET_LIMIT = 1024 * 1024;

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");
  private static final Pattern HOST_PORT = Pattern.compile("(.+):(\\d{1,5})");

  public GdbOptions {
    if (timeout.isNegative()
        || timeout.isZero()
        || connectTimeout.isNegative()
        || connectTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (maxPacket < MIN_PACKET || maxPacket > MAX_PACKET_LIMIT) {
      throw new IllegalArgumentException(
          "max-packet must be " + MIN_PACKET + ".." + MAX_PACKET_LIMIT + ", not " + maxPacket);
    }
    if (resetCommand.isBlank()) {
      throw new IllegalArgumentException("reset-command must not be empty");
    }
  }

  /**
   * Reads the options of a profile.
   *
   * @param allowed the keys this driver accepts (the QEMU driver adds its own and sets the address)
   * @throws TargetException naming the profile, the key and what is allowed
   */
  public static GdbOptions parse(
      String profile, Map<String, String> options, Set<String> allowed, String defaultReset) {
    for (String key : options.keySet()) {
      if (!allowed.contains(key)) {
        throw new TargetException(
            String.format(
                "profile %s: unknown driver option '%s' (known: %s)",
                profile, key, String.join(", ", new TreeSet<>(allowed))));
      }
    }
    String address = options.get(ADDRESS);
    if (address == null) {
      throw new TargetException(
          "profile "
              + profile
              + ": driver-options needs 'address' (host:port of the GDB server,"
              + " for example \"127.0.0.1:3333\")");
    }
    String breakpoints = options.getOrDefault(BREAKPOINTS, "software");
    if (!breakpoints.equals("software") && !breakpoints.equals("hardware")) {
      throw new TargetException(
          "profile "
              + profile
              + ": breakpoints must be 'software' or 'hardware', not '"
              + breakpoints
              + "'");
    }
    String onClose = options.getOrDefault(ON_CLOSE, "detach");
    if (!onClose.equals("detach") && !onClose.equals("kill")) {
      throw new TargetException(
          "profile " + profile + ": on-close must be 'detach' or 'kill', not '" + onClose + "'");
    }
    try {
      return new GdbOptions(
          address(profile, address),
          duration(profile, TIMEOUT, options.getOrDefault(TIMEOUT, "5s")),
          duration(profile, CONNECT_TIMEOUT, options.getOrDefault(CONNECT_TIMEOUT, "5s")),
          options.getOrDefault(RESET_COMMAND, defaultReset),
          breakpoints.equals("hardware"),
          integer(profile, MAX_PACKET, options.getOrDefault(MAX_PACKET, "16384")),
          onClose.equals("detach"));
    } catch (IllegalArgumentException e) {
      throw new TargetException("profile " + profile + ": " + e.getMessage(), e);
    }
  }

  static InetSocketAddress address(String profile, String text) {
    Matcher m = HOST_PORT.matcher(text.strip());
    int port = m.matches() ? Integer.parseInt(m.group(2)) : -1;
    if (port < 1 || port > 65535) {
      throw new TargetException(
          "profile " + profile + ": address '" + text + "' is not host:port (port 1..65535)");
    }
    String host = m.group(1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return InetSocketAddress.createUnresolved(host, port);
  }

  /** {@code 500ms}, {@code 5s}, {@code 2m}. */
  public static Duration duration(String profile, String key, String text) {
    Matcher m = DURATION.matcher(text.strip());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new TargetException(
          "profile "
              + profile
              + ": "
              + key
              + " '"
              + text
              + "' is not a positive duration such as 500ms, 5s or 2m");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }

  static int integer(String profile, String key, String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new TargetException(
          "profile " + profile + ": " + key + " '" + text + "' is not a whole number", e);
    }
  }
}
