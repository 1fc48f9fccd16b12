package io.hilt.probe.drivers.gdb;

import io.hilt.probe.target.TargetException;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Registers through {@code p}/{@code P}, or {@code g}/{@code G} when the server lacks those. The
 * caller holds the link and knows the core is halted.
 */
final class RspRegisters {
  private final Function<RspCommand, RspReply> link;
  private final TargetDescription description;
  private final String where;

  RspRegisters(Function<RspCommand, RspReply> link, TargetDescription description, String where) {
    this.link = link;
    this.description = description;
    this.where = where;
  }

  private RspReply request(String command) {
    return link.apply(RspCommand.of(command));
  }

  /** The value, or empty when the server says it is unavailable ({@code xx...}). */
  OptionalLong read(GdbRegister register) {
    if (register.bytes() > 8) {
      throw new TargetException(
          where
              + ": register "
              + register.name()
              + " is "
              + register.bitSize()
              + " bits wide; only registers up to 64 bits are read");
    }
    String command = "p" + Integer.toHexString(register.number());
    RspReply reply = request(command);
    if (reply instanceof RspReply.Empty) {
      return fromG(register);
    }
    if (!(reply instanceof RspReply.Data d)) {
      throw new TargetException(
          where
              + ": '"
              + command
              + "' for "
              + register.name()
              + " was answered with "
              + reply.describe());
    }
    String text = d.text();
    if (!text.isEmpty() && text.chars().allMatch(c -> c == 'x')) {
      return OptionalLong.empty();
    }
    if (text.length() != register.bytes() * 2) {
      throw new TargetException(
          where
              + ": '"
              + command
              + "' for "
              + register.name()
              + " was answered with "
              + reply.describe()
              + ", not "
              + register.bytes()
              + " bytes");
    }
    return Hex.littleEndian(text);
  }

  private OptionalLong fromG(GdbRegister register) {
    RspReply reply = request("g");
    if (!(reply instanceof RspReply.Data d)) {
      throw new TargetException(
          where
              + ": neither 'p' nor 'g' reads registers: 'g' was answered with "
              + reply.describe());
    }
    int offset = gOffset(register);
    String text = d.text();
    int end = (offset + register.bytes()) * 2;
    if (end > text.length()) {
      return OptionalLong.empty();
    }
    String hex = text.substring(offset * 2, end);
    return hex.contains("x") ? OptionalLong.empty() : Hex.littleEndian(hex);
  }

  /** The byte offset of a register in the {@code g} packet: the registers before it, by number. */
  private int gOffset(GdbRegister register) {
    return description.registers().stream()
        .filter(r -> r.number() < register.number())
        .mapToInt(GdbRegister::bytes)
        .sum();
  }

  void write(GdbRegister register, long value) {
    String hex = Hex.littleEndian(value, register.bytes());
    String command = "P" + Integer.toHexString(register.number()) + "=" + hex;
    RspReply reply = request(command);
    if (reply instanceof RspReply.Empty) {
      writeThroughG(register, hex);
      return;
    }
    if (!(reply instanceof RspReply.Ok)) {
      throw new TargetException(
          where
              + ": cannot write register "
              + register.name()
              + ": '"
              + command
              + "' was answered with "
              + reply.describe());
    }
  }

  private void writeThroughG(GdbRegister register, String hex) {
    RspReply reply = request("g");
    int offset = gOffset(register) * 2;
    if (!(reply instanceof RspReply.Data d) || d.text().length() < offset + hex.length()) {
      throw new TargetException(
          where
              + ": cannot write register "
              + register.name()
              + ": no 'P', and 'g' gave "
              + reply.describe());
    }
    String all = d.text();
    String updated = all.substring(0, offset) + hex + all.substring(offset + hex.length());
    RspReply written = request("G" + updated);
    if (!(written instanceof RspReply.Ok)) {
      throw new TargetException(
          where
              + ": cannot write register "
              + register.name()
              + ": 'G' was answered with "
              + written.describe());
    }
  }
}
