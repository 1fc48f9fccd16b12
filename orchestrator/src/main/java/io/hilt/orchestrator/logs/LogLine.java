package io.hilt.orchestrator.logs;

import io.hilt.probe.defmt.Level;
import io.hilt.probe.defmt.SourceLocation;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One line of target log.
 *
 * @param channel where it came from: {@code rtt:0}, {@code stdout}...
 * @param level the defmt level; empty for plain text and {@code println}
 * @param timestamp the firmware's timestamp as the decoder formatted it
 * @param text the message (for an undecodable frame, its bytes and the reason)
 * @param location file and line of the log statement, when the ELF says
 * @param undecodable whether this stands for bytes that did not decode
 */
public record LogLine(
    String channel,
    Optional<Level> level,
    Optional<String> timestamp,
    String text,
    Optional<SourceLocation> location,
    boolean undecodable) {
  public LogLine {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(location, "location");
  }

  /** A plain-text line. */
  public static LogLine text(String channel, String text) {
    return new LogLine(channel, Optional.empty(), Optional.empty(), text, Optional.empty(), false);
  }

  /**
   * Whether {@code pattern} finds a match in the text, and the level is {@code level} (any level,
   * or none, when empty).
   */
  public boolean matches(Optional<Level> wanted, Pattern pattern) {
    return (wanted.isEmpty() || wanted.equals(level)) && pattern.matcher(text).find();
  }

  /** Whether the line has a level at or above {@code minimum}. */
  public boolean atLeast(Level minimum) {
    return level.isPresent() && level.get().compareTo(minimum) >= 0;
  }

  /**
   * {@code [ 0.001234 INFO ] text (src/defmt-demo.c:42)}; a plain-text line is {@code [rtt:1] text}
   * and an undecodable frame {@code [rtt:0 undecodable] ...}.
   */
  public String format() {
    if (undecodable) {
      return "[" + channel + " undecodable] " + text;
    }
    if (level.isEmpty() && timestamp.isEmpty() && location.isEmpty()) {
      return "[" + channel + "] " + text;
    }
    return String.format(
            Locale.ROOT,
            "[%10s %-5s] %s",
            timestamp.orElse(""),
            level.map(Level::label).orElse(""),
            text)
        + location.map(l -> " (" + l.fileName(2) + ":" + l.line() + ")").orElse("");
  }

  /** One JSON object: channel, level, timestamp, text, file, line (null when unknown). */
  public String json() {
    StringBuilder b = new StringBuilder("{");
    b.append("\"channel\":").append(quote(channel));
    b.append(",\"level\":").append(level.map(l -> quote(l.lowerCase())).orElse("null"));
    b.append(",\"timestamp\":").append(timestamp.map(LogLine::quote).orElse("null"));
    b.append(",\"text\":").append(quote(text));
    b.append(",\"file\":").append(location.map(l -> quote(l.file())).orElse("null"));
    b.append(",\"line\":").append(location.map(l -> Long.toString(l.line())).orElse("null"));
    if (undecodable) {
      b.append(",\"undecodable\":true");
    }
    return b.append('}').toString();
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogate(s, i)) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private static boolean validSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
