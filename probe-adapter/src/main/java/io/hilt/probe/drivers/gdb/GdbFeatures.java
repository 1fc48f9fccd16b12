package io.hilt.probe.drivers.gdb;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What a server said it supports in its {@code qSupported} reply: {@code name+}, {@code name-},
 * {@code name=value}; a bare {@code name} (QEMU writes {@code qXfer:features:read}) counts as
 * supported.
 */
public record GdbFeatures(Map<String, String> features) {
  public GdbFeatures {
    features = Map.copyOf(features);
  }

  public static GdbFeatures parse(String reply) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String item : reply.split(";")) {
      if (item.isEmpty()) {
        continue;
      }
      int eq = item.indexOf('=');
      if (eq > 0) {
        out.put(item.substring(0, eq), item.substring(eq + 1));
      } else if (item.endsWith("+") || item.endsWith("-") || item.endsWith("?")) {
        out.put(item.substring(0, item.length() - 1), item.substring(item.length() - 1));
      } else {
        out.put(item, "+");
      }
    }
    return new GdbFeatures(out);
  }

  public boolean supports(String name) {
    String value = features.get(name);
    return value != null && !value.equals("-");
  }

  /** {@code PacketSize} (hex in the reply): the largest packet the server accepts. */
  public OptionalLong packetSize() {
    String value = features.get("PacketSize");
    return value == null ? OptionalLong.empty() : Hex.parse(value);
  }
}
