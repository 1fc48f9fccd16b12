package io.hilt.orchestrator.steps;

import io.hilt.probe.serial.SerialEvent;
import io.hilt.probe.serial.SerialException;
import io.hilt.probe.serial.SerialLink;
import io.hilt.probe.serial.SerialListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One console link while a test runs, as the console steps see it: the text received so far (UTF-8,
 * invalid bytes as U+FFFD) with a match point that {@code expect} moves past each match, and
 * sending. Positions are absolute character offsets since the link was opened, so they stay valid
 * when old text is dropped. Bounded: at most {@link #MAX_CHARS} characters are kept; text before
 * the match point goes first, and past that new text is dropped and counted. Link events (a
 * reconnect, a failure) are noted in the test's output; a failed link fails the next step that uses
 * it.
 */
final class Console implements SerialListener, AutoCloseable {
  static final int MAX_CHARS = 8 * 1024 * 1024;

  private final String name;
  private final SerialLink link;
  private final Consumer<byte[]> capture;
  private final OutputRecorder output;
  private final StringBuilder text = new StringBuilder();
  private final byte[] carry = new byte[4];
  private int carried;
  private long base;
  private long cursor;
  private long dropped;
  private Optional<SerialException> failure = Optional.empty();

  /** Characters kept so far: a search that missed is not repeated until this grows. */
  private long receivedChars;

  private final Map<String, Long> missedAt = new HashMap<>();

  /**
   * @param capture where received bytes go for system-out (nothing for a link whose bytes the
   *     target's output already carries)
   */
  Console(String name, SerialLink link, OutputRecorder output, Consumer<byte[]> capture) {
    this.name = Objects.requireNonNull(name, "name");
    this.link = Objects.requireNonNull(link, "link");
    this.output = Objects.requireNonNull(output, "output");
    this.capture = Objects.requireNonNull(capture, "capture");
    link.addListener(this);
  }

  String name() {
    return name;
  }

  String describe() {
    return "'" + name + "' (" + link.describe() + ")";
  }

  @Override
  public void onEvent(SerialEvent event) {
    if (event instanceof SerialEvent.Received received) {
      byte[] data = received.data();
      capture.accept(data);
      received(data);
    } else if (event instanceof SerialEvent.Disconnected d) {
      output.note(
          "console "
              + name
              + ": disconnected ("
              + d.reason()
              + "); reconnecting until "
              + d.deadline());
    } else if (event instanceof SerialEvent.Reconnected r) {
      output.note("console " + name + ": reconnected after " + r.attempts() + " attempts");
    } else if (event instanceof SerialEvent.Failed f) {
      output.note("console " + name + ": failed: " + f.error().getMessage());
      synchronized (this) {
        failure = Optional.of(f.error());
      }
    }
  }

  private synchronized void received(byte[] data) {
    byte[] all = new byte[carried + data.length];
    System.arraycopy(carry, 0, all, 0, carried);
    System.arraycopy(data, 0, all, carried, data.length);
    int complete = completeLength(all);
    carried = all.length - complete;
    System.arraycopy(all, complete, carry, 0, carried);
    append(new String(all, 0, complete, StandardCharsets.UTF_8));
  }

  /** The length of the prefix that does not end inside a UTF-8 sequence (at most 3 bytes held). */
  private static int completeLength(byte[] b) {
    for (int back = 1; back <= Math.min(3, b.length); back++) {
      int v = b[b.length - back] & 0xFF;
      if ((v & 0xC0) == 0x80) {
        continue; // a continuation byte: look further back for its lead
      }
      int need = v >= 0xF0 ? 4 : v >= 0xE0 ? 3 : v >= 0xC0 ? 2 : 1;
      return need > back ? b.length - back : b.length;
    }
    return b.length;
  }

  private void append(String s) {
    if (text.length() + s.length() > MAX_CHARS) {
      int consumed = (int) (cursor - base);
      text.delete(0, consumed);
      base += consumed;
    }
    int room = MAX_CHARS - text.length();
    if (s.length() > room) {
      dropped += s.length() - room;
      s = s.substring(0, room);
    }
    text.append(s);
    receivedChars += s.length();
  }

  /** Where the next {@code expect} starts searching. */
  synchronized long cursor() {
    return cursor;
  }

  /**
   * Searches from the match point; a match moves the point past it.
   *
   * @throws BoundedText.PatternTooSlowException when one search takes over the output budget
   */
  synchronized Optional<String> expect(Pattern pattern) {
    checkFailure();
    Optional<Matcher> m = find(pattern, cursor);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    long end = cursor + m.get().end();
    String matched = m.get().group();
    cursor = end;
    return Optional.of(matched);
  }

  /** Like {@link #expect} with literal text. */
  synchronized boolean expectLiteral(String literal) {
    checkFailure();
    int from = (int) (cursor - base);
    int at = text.indexOf(literal, Math.max(0, from));
    if (at < 0) {
      return false;
    }
    cursor = base + at + literal.length();
    return true;
  }

  /** The first match at or after an absolute position, without moving the match point. */
  synchronized Optional<String> seenSince(long from, Pattern pattern) {
    return find(pattern, Math.max(from, base)).map(Matcher::group);
  }

  private Optional<Matcher> find(Pattern pattern, long from) {
    int start = (int) Math.max(0, from - base);
    if (start > text.length()) {
      return Optional.empty();
    }
    // waits poll every few milliseconds: search again only when text arrived since the last miss
    String key = pattern.pattern() + "\u0000" + pattern.flags() + "\u0000" + from;
    Long missed = missedAt.get(key);
    if (missed != null && missed == receivedChars) {
      return Optional.empty();
    }
    long deadline = System.nanoTime() + OutputRecorder.MATCH_BUDGET.toNanos();
    Matcher m = pattern.matcher(new BoundedText(text.substring(start), deadline));
    if (m.find()) {
      return Optional.of(m);
    }
    if (missedAt.size() >= 64) {
      missedAt.clear();
    }
    missedAt.put(key, receivedChars);
    return Optional.empty();
  }

  /** Sends bytes, waiting at most {@code timeout} for the link to take them. */
  void send(byte[] data, Duration timeout) {
    synchronized (this) {
      checkFailure();
    }
    link.write(data, timeout);
  }

  /** The text after the match point, its last lines, for failure messages. */
  synchronized String pending(int maxLines) {
    String rest = text.substring((int) Math.max(0, cursor - base));
    if (rest.isEmpty()) {
      return "(nothing since the last match)";
    }
    String[] lines = rest.split("\n", -1);
    int from = Math.max(0, lines.length - maxLines);
    StringBuilder sb = new StringBuilder();
    if (from > 0) {
      sb.append("... (").append(from).append(" earlier lines)\n");
    }
    for (int i = from; i < lines.length; i++) {
      sb.append(lines[i].replace("\r", "\\r"));
      if (i + 1 < lines.length) {
        sb.append('\n');
      }
    }
    if (dropped > 0) {
      sb.append("\n[hilt] ").append(dropped).append(" characters dropped past the console limit");
    }
    return sb.toString();
  }

  private void checkFailure() {
    if (failure.isPresent()) {
      throw new SerialException(
          "console " + describe() + " failed: " + failure.get().getMessage(), failure.get());
    }
  }

  @Override
  public void close() {
    link.removeListener(this);
    link.close();
  }
}
