package io.hilt.probe.drivers.gdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A request to the GDB server: the packet payload before escaping.
 *
 * @param payload the bytes between {@code $} and {@code #}, unescaped (binary data allowed)
 */
public record RspCommand(byte[] payload) {
  public RspCommand {
    if (payload.length == 0) {
      throw new IllegalArgumentException("an RSP command cannot be empty");
    }
    payload = payload.clone();
  }

  public static RspCommand of(String text) {
    return new RspCommand(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The packet for messages: text, binary bytes as {@code \xNN}, long ones cut. */
  public String describe() {
    return RspText.preview(payload);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RspCommand c && Arrays.equals(c.payload, payload);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "RspCommand[" + describe() + "]";
  }
}
