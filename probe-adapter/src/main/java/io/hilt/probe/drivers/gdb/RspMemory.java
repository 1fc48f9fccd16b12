package io.hilt.probe.drivers.gdb;

import io.hilt.probe.target.TargetException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;

/**
 * Target memory through {@code m}, {@code M} and {@code X} packets, cut so that each packet fits
 * the server's packet size. The caller holds the link and knows the core is halted.
 */
final class RspMemory {
  /** Room for the command letter, address, length and framing around the data. */
  static final int PACKET_OVERHEAD = 32;

  private final Function<RspCommand, RspReply> link;
  private final int packetSize;
  private final String where;
  private Optional<Boolean> binaryWrites = Optional.empty();

  RspMemory(Function<RspCommand, RspReply> link, int packetSize, String where) {
    this.link = link;
    this.packetSize = packetSize;
    this.where = where;
  }

  byte[] read(long address, int length) {
    byte[] out = new byte[length];
    int done = 0;
    int chunk = (packetSize - PACKET_OVERHEAD) / 2;
    while (done < length) {
      int n = Math.min(chunk, length - done);
      long at = address + done;
      String command = "m" + Long.toHexString(at) + "," + Integer.toHexString(n);
      RspReply reply = link.apply(RspCommand.of(command));
      Optional<byte[]> data =
          reply instanceof RspReply.Data d ? Hex.bytes(d.text()) : Optional.empty();
      // a shorter reply is allowed (the server stopped at a boundary): go on from there
      if (data.isEmpty() || data.get().length == 0 || data.get().length > n) {
        throw new TargetException(
            String.format(
                "%s: cannot read %d bytes at 0x%08x: '%s' was answered with %s",
                where, n, at, command, reply.describe()));
      }
      System.arraycopy(data.get(), 0, out, done, data.get().length);
      done += data.get().length;
    }
    return out;
  }

  void write(long address, byte[] data) {
    int done = 0;
    while (done < data.length) {
      done += binaryWrites() ? writeBinary(address, data, done) : writeHex(address, data, done);
    }
  }

  private boolean binaryWrites() {
    if (binaryWrites.isEmpty()) {
      // GDB's own probe: an empty X packet; OK means X is understood
      binaryWrites = Optional.of(link.apply(RspCommand.of("X0,0:")) instanceof RspReply.Ok);
    }
    return binaryWrites.get();
  }

  private int writeHex(long address, byte[] data, int from) {
    int n = Math.min((packetSize - PACKET_OVERHEAD) / 2, data.length - from);
    long at = address + from;
    String command =
        "M"
            + Long.toHexString(at)
            + ","
            + Integer.toHexString(n)
            + ":"
            + HexFormat.of().formatHex(data, from, from + n);
    checkWritten(link.apply(RspCommand.of(command)), "M", at, n);
    return n;
  }

  private int writeBinary(long address, byte[] data, int from) {
    int budget = packetSize - PACKET_OVERHEAD;
    int n = 0;
    int used = 0;
    while (from + n < data.length) {
      int cost = RspFrameEncoder.needsEscape(data[from + n]) ? 2 : 1;
      if (used + cost > budget) {
        break;
      }
      used += cost;
      n++;
    }
    long at = address + from;
    byte[] header =
        ("X" + Long.toHexString(at) + "," + Integer.toHexString(n) + ":")
            .getBytes(StandardCharsets.ISO_8859_1);
    byte[] payload = new byte[header.length + n];
    System.arraycopy(header, 0, payload, 0, header.length);
    System.arraycopy(data, from, payload, header.length, n);
    checkWritten(link.apply(new RspCommand(payload)), "X", at, n);
    return n;
  }

  private void checkWritten(RspReply reply, String packet, long at, int n) {
    if (!(reply instanceof RspReply.Ok)) {
      throw new TargetException(
          String.format(
              "%s: cannot write %d bytes at 0x%08x: '%s%x,%x:...' was answered with %s",
              where, n, at, packet, at, n, reply.describe()));
    }
  }
}
