package io.hilt.probe.defmt;

import java.util.Objects;
import java.util.Optional;

/**
 * A decoded log line.
 *
 * @param level empty for {@code println!}
 * @param timestamp formatted with the firmware's timestamp format
 * @param text the message
 * @param location file and line of the log statement, module when known
 * @param crateName the crate of the log statement (wire version 4)
 * @param index the table index of the log statement
 * @param raw the frame's bytes (after rzCOBS decoding)
 */
public record LogRecord(
    Optional<Level> level,
    Optional<String> timestamp,
    String text,
    Optional<SourceLocation> location,
    Optional<String> crateName,
    long index,
    byte[] raw)
    implements DefmtEvent {
  public LogRecord {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(crateName, "crateName");
    raw = raw.clone();
  }

  @Override
  public byte[] raw() {
    return raw.clone();
  }

  /** Module path from the location, when known. */
  public Optional<String> modulePath() {
    return location.flatMap(SourceLocation::module);
  }

  /** {@code <timestamp> <LEVEL> <text>}, as defmt prints a frame without colors. */
  @Override
  public String display() {
    StringBuilder b = new StringBuilder();
    timestamp.ifPresent(t -> b.append(t).append(' '));
    level.ifPresent(l -> b.append(l.label()).append(' '));
    return b.append(text).toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogRecord r
        && level.equals(r.level)
        && timestamp.equals(r.timestamp)
        && text.equals(r.text)
        && location.equals(r.location)
        && crateName.equals(r.crateName)
        && index == r.index
        && java.util.Arrays.equals(raw, r.raw);
  }

  @Override
  public int hashCode() {
    return Objects.hash(level, timestamp, text, location, index);
  }

  @Override
  public String toString() {
    return "LogRecord[" + display() + location.map(l -> " @ " + l).orElse("") + "]";
  }
}
