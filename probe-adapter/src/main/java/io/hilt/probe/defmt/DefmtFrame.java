package io.hilt.probe.defmt;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One decoded frame.
 *
 * @param entry the log statement's table entry
 * @param level from the entry's tag; empty for {@code println!}
 * @param timestampFormat the table's timestamp format, when it has one
 * @param timestampArgs the timestamp's values (empty without a timestamp)
 * @param format the message's format string
 * @param args the message's values, by argument index
 * @param bytes the frame's bytes (after rzCOBS decoding)
 */
public record DefmtFrame(
    DefmtTable table,
    TableEntry entry,
    Optional<Level> level,
    Optional<FormatString> timestampFormat,
    List<Arg> timestampArgs,
    FormatString format,
    List<Arg> args,
    byte[] bytes) {
  public DefmtFrame {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(timestampFormat, "timestampFormat");
    Objects.requireNonNull(format, "format");
    timestampArgs = List.copyOf(timestampArgs);
    args = List.copyOf(args);
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public long index() {
    return entry.index();
  }

  /** The message with its arguments filled in. */
  public String displayMessage() {
    return new ArgFormatter(table).format(format, args, Optional.empty());
  }

  /** The formatted timestamp, when the firmware has one. */
  public Optional<String> displayTimestamp() {
    return timestampFormat.map(
        f -> new ArgFormatter(table).format(f, timestampArgs, Optional.empty()));
  }

  /** The message in pieces: each literal and each formatted argument on its own. */
  public List<String> displayFragments() {
    ArgFormatter formatter = new ArgFormatter(table);
    List<String> out = new ArrayList<>();
    for (FormatString.Fragment f : format.fragments()) {
      StringBuilder b = new StringBuilder();
      formatter.fragment(f, args, Optional.empty(), b);
      out.add(b.toString());
    }
    return out;
  }

  /** As defmt prints a frame without colors: {@code <timestamp> <LEVEL> <message>}. */
  public String display() {
    StringBuilder b = new StringBuilder();
    displayTimestamp().ifPresent(t -> b.append(t).append(' '));
    level.ifPresent(l -> b.append(l.label()).append(' '));
    return b.append(displayMessage()).toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DefmtFrame f
        && entry.equals(f.entry)
        && timestampArgs.equals(f.timestampArgs)
        && args.equals(f.args)
        && java.util.Arrays.equals(bytes, f.bytes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(entry, args, java.util.Arrays.hashCode(bytes));
  }

  @Override
  public String toString() {
    return "DefmtFrame[" + display() + "]";
  }
}
