package io.hilt.probe.drivers.gdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A packet from the GDB server, classified by its shape (what it answers is the client's job). */
public sealed interface RspReply {
  /** {@code OK}. */
  record Ok() implements RspReply {}

  /** The empty packet: the server does not support the request. */
  record Empty() implements RspReply {}

  /** {@code Enn} or {@code E.text}. */
  record Error(String code) implements RspReply {}

  /** {@code O} + hex: console output of the target (while it runs, or of a monitor command). */
  record Output(byte[] data) implements RspReply {
    public Output {
      data = data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Output other && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "Output[" + RspText.preview(data) + "]";
    }
  }

  /** A stop reply: {@code S}, {@code T}, {@code W} or {@code X}. */
  record Stop(StopReply reply) implements RspReply {}

  /** Anything else: hex data, qXfer chunks, qSupported features... */
  record Data(byte[] bytes) implements RspReply {
    public Data {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    public String text() {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Data other && Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Data[" + RspText.preview(bytes) + "]";
    }
  }

  /** How the reply reads in messages. */
  default String describe() {
    if (this instanceof Data d) {
      return "\"" + RspText.preview(d.bytes) + "\"";
    }
    if (this instanceof Output o) {
      return "output \"" + RspText.preview(o.data) + "\"";
    }
    if (this instanceof Error e) {
      return "error " + e.code();
    }
    if (this instanceof Stop s) {
      return "stop reply " + s.reply();
    }
    return this instanceof Ok ? "OK" : "an empty reply (not supported)";
  }
}
