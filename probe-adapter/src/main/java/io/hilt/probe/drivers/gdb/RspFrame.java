package io.hilt.probe.drivers.gdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One unit on a GDB remote serial protocol link: an acknowledgement, a request for retransmission,
 * the out-of-band interrupt byte, or a packet.
 */
public sealed interface RspFrame {
  /** {@code +}: the last packet arrived intact. */
  record Ack() implements RspFrame {}

  /** {@code -}: the last packet arrived damaged; send it again. */
  record Nak() implements RspFrame {}

  /** The byte 0x03 (Ctrl-C) a client sends to stop a running target. */
  record Interrupt() implements RspFrame {}

  /**
   * A {@code $payload#xx} packet.
   *
   * @param payload the packet's data with escapes and run-length encoding already undone (inbound),
   *     or still to be escaped (outbound)
   * @param checksumOk whether the received checksum matched; always true for outbound packets
   */
  record Packet(byte[] payload, boolean checksumOk) implements RspFrame {
    public Packet {
      payload = payload.clone();
    }

    public Packet(byte[] payload) {
      this(payload, true);
    }

    public static Packet of(String text) {
      return new Packet(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public byte[] payload() {
      return payload.clone();
    }

    /** The payload as text (one char per byte), for messages and text replies. */
    public String text() {
      return new String(payload, StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Packet p
          && p.checksumOk == checksumOk
          && Arrays.equals(p.payload, payload);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(payload) * 31 + Boolean.hashCode(checksumOk);
    }

    @Override
    public String toString() {
      return "Packet[" + RspText.preview(payload) + (checksumOk ? "" : ", bad checksum") + "]";
    }
  }
}
