package io.hilt.probe.defmt;

import java.util.HexFormat;
import java.util.Objects;

/**
 * Bytes that did not decode as a frame, with the reason; decoding went on after them.
 *
 * @param raw the bytes as received (rzCOBS-encoded in that encoding), at most {@link
 *     DefmtStreamDecoder#SHOWN_BYTES} of them
 * @param length how many bytes were skipped in all
 */
public record UndecodableFrame(byte[] raw, int length, String reason) implements DefmtEvent {
  public UndecodableFrame {
    Objects.requireNonNull(reason, "reason");
    raw = raw.clone();
    if (length < raw.length) {
      throw new IllegalArgumentException("length " + length + " < " + raw.length + " bytes shown");
    }
  }

  @Override
  public byte[] raw() {
    return raw.clone();
  }

  /** {@code undecodable defmt frame (5 bytes: reason): 01 02 03 04 05}. */
  @Override
  public String display() {
    return "undecodable defmt frame ("
        + length
        + " bytes: "
        + reason
        + "): "
        + HexFormat.ofDelimiter(" ").formatHex(raw)
        + (length > raw.length ? " ..." : "");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UndecodableFrame u
        && length == u.length
        && reason.equals(u.reason)
        && java.util.Arrays.equals(raw, u.raw);
  }

  @Override
  public int hashCode() {
    return Objects.hash(length, reason);
  }

  @Override
  public String toString() {
    return display();
  }
}
