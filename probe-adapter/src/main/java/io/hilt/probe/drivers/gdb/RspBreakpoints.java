package io.hilt.probe.drivers.gdb;

import io.hilt.probe.target.TargetException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The breakpoints set in the server: the user's and the driver's own (internal), each inserted once
 * with {@code Z0} or {@code Z1} (whichever the server accepts, the preferred one first) and removed
 * with the same type. The caller holds the link and knows the core is halted.
 */
final class RspBreakpoints {
  private final Function<RspCommand, RspReply> link;
  private final boolean hardwareFirst;
  private final String kind;
  private final String where;
  private final Map<Long, Character> user = new LinkedHashMap<>();
  private final Map<Long, Character> internal = new LinkedHashMap<>();

  /**
   * @param kind GDB's breakpoint kind: 2 for a 16-bit Thumb BKPT (Cortex-M), 4 for RISC-V
   */
  RspBreakpoints(
      Function<RspCommand, RspReply> link, boolean hardwareFirst, String kind, String where) {
    this.link = link;
    this.hardwareFirst = hardwareFirst;
    this.kind = kind;
    this.where = where;
  }

  void addUser(long address) {
    if (!user.containsKey(address)) {
      user.put(address, insertedAt(address).orElseGet(() -> insertNew(address)));
    }
  }

  void removeUser(long address) {
    Character type = user.remove(address);
    if (type != null && !internal.containsKey(address)) {
      remove(address, type);
    }
  }

  void addInternal(long address) {
    if (!internal.containsKey(address)) {
      internal.put(address, insertedAt(address).orElseGet(() -> insertNew(address)));
    }
  }

  void clearInternal() {
    for (Map.Entry<Long, Character> e : Map.copyOf(internal).entrySet()) {
      internal.remove(e.getKey());
      if (!user.containsKey(e.getKey())) {
        remove(e.getKey(), e.getValue());
      }
    }
  }

  Set<Long> internal() {
    return Set.copyOf(new TreeSet<>(internal.keySet()));
  }

  boolean isUser(long address) {
    return user.containsKey(address);
  }

  boolean isInternal(long address) {
    return internal.containsKey(address);
  }

  /** The type of the breakpoint in the server at {@code address}, if there is one. */
  Optional<Character> insertedAt(long address) {
    Character type = user.get(address);
    return Optional.ofNullable(type != null ? type : internal.get(address));
  }

  /** Takes the breakpoint at {@code address} out of the server for a step; see {@link #restore}. */
  Optional<Character> lift(long address) {
    Optional<Character> type = insertedAt(address);
    type.ifPresent(t -> remove(address, t));
    return type;
  }

  void restore(long address, char type) {
    RspReply reply = insert(address, type);
    if (!(reply instanceof RspReply.Ok)) {
      throw new TargetException(
          String.format(
              "%s: cannot set the breakpoint at 0x%08x again: Z%c was answered with %s",
              where, address, type, reply.describe()));
    }
  }

  private char insertNew(long address) {
    char first = hardwareFirst ? '1' : '0';
    char second = first == '0' ? '1' : '0';
    RspReply reply = insert(address, first);
    if (reply instanceof RspReply.Ok) {
      return first;
    }
    RspReply other = insert(address, second);
    if (other instanceof RspReply.Ok) {
      return second;
    }
    throw new TargetException(
        String.format(
            "%s: cannot set a breakpoint at 0x%08x: Z%c was answered with %s, Z%c with %s",
            where, address, first, reply.describe(), second, other.describe()));
  }

  private RspReply insert(long address, char type) {
    return link.apply(RspCommand.of("Z" + type + "," + Long.toHexString(address) + "," + kind));
  }

  private void remove(long address, char type) {
    RspReply reply =
        link.apply(RspCommand.of("z" + type + "," + Long.toHexString(address) + "," + kind));
    if (!(reply instanceof RspReply.Ok)) {
      throw new TargetException(
          String.format(
              "%s: cannot remove the breakpoint at 0x%08x: z%c was answered with %s",
              where, address, type, reply.describe()));
    }
  }
}
