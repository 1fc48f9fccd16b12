package io.hilt.orchestrator.steps;

import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.OutputChunk;
import io.hilt.probe.target.OutputListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Collects a test's target output: standard output and UART together (in arrival order), standard
 * error apart, and everything in one stream that output patterns are matched against. Bounded: past
 * {@code limitBytes} further output is counted but dropped, and the text says so. Drivers may call
 * it from their own threads.
 *
 * <p>Console lines (the UART, and serial links given to {@link #console}) carry the host time since
 * the recorder was made, when their first byte arrived: {@code [+0.123s] text}, {@code [+0.123s
 * serial] text} for a named link. Patterns match the bytes as sent, without these stamps.
 */
public final class OutputRecorder implements OutputListener {
  /** How long one match may take: plenty for any sane pattern over the output limit. */
  static final Duration MATCH_BUDGET = Duration.ofSeconds(2);

  private final int limitBytes;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ByteArrayOutputStream all = new ByteArrayOutputStream();
  private final StringBuilder notes = new StringBuilder();
  private long dropped;
  private long logBytes;
  private long logsDropped;
  private int lastOut = '\n';
  private long version;
  private long textVersion = -1;
  private String text = "";
  private final LongSupplier nanoTime;
  private final long startNanos;
  private final Map<String, Boolean> consoleMidLine = new HashMap<>();
  private long consoleBytes;

  public OutputRecorder(int limitBytes) {
    this(limitBytes, System::nanoTime);
  }

  /**
   * @param nanoTime the clock of console timestamps (tests pass their own)
   */
  public OutputRecorder(int limitBytes, LongSupplier nanoTime) {
    if (limitBytes <= 0) {
      throw new IllegalArgumentException("limit must be positive: " + limitBytes);
    }
    this.limitBytes = limitBytes;
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
  }

  @Override
  public synchronized void onOutput(OutputChunk chunk) {
    byte[] data = chunk.data();
    int room = Math.max(0, limitBytes - all.size());
    int kept = Math.min(room, data.length);
    dropped += data.length - kept;
    if (kept == 0) {
      return;
    }
    // stdout, UART and RTT are one console for the reader; semihosting stderr stays apart
    if (chunk.channel() == OutputChannel.SEMIHOSTING_STDERR) {
      err.write(data, 0, kept);
    } else if (chunk.channel() == OutputChannel.UART0) {
      stamped("", data, kept);
    } else {
      out.write(data, 0, kept);
      lastOut = data[kept - 1];
    }
    all.write(data, 0, kept);
    version++;
  }

  /**
   * Bytes received on a serial link the target's own output does not carry (a profile's serial
   * port), into system-out with timestamps; not matched by output patterns. Bounded like the
   * output.
   */
  public synchronized void console(String link, byte[] data) {
    int kept = (int) Math.max(0, Math.min(data.length, limitBytes - consoleBytes));
    consoleBytes += kept;
    dropped += data.length - kept;
    if (kept > 0) {
      stamped(link, data, kept);
    }
  }

  /** Writes console bytes to system-out, each line led by its arrival time. */
  private void stamped(String link, byte[] data, int kept) {
    boolean midLine = consoleMidLine.getOrDefault(link, false);
    String stamp = null;
    for (int i = 0; i < kept; i++) {
      byte b = data[i];
      if (!midLine) {
        if (stamp == null) {
          double seconds = (nanoTime.getAsLong() - startNanos) / 1e9;
          stamp =
              String.format(Locale.ROOT, "[+%.3fs%s] ", seconds, link.isEmpty() ? "" : " " + link);
        }
        if (lastOut != '\n') {
          out.write('\n');
        }
        out.writeBytes(stamp.getBytes(StandardCharsets.US_ASCII));
        midLine = true;
      }
      out.write(b);
      lastOut = b;
      if (b == '\n') {
        midLine = false;
      }
    }
    consoleMidLine.put(link, midLine);
  }

  /**
   * A decoded target log line, added to the standard output text where it arrived (on a line of its
   * own) but not to the text output patterns match: logs have their own steps. Bounded like the
   * output.
   */
  public synchronized void log(String line) {
    byte[] data = (line + "\n").getBytes(StandardCharsets.UTF_8);
    if (logBytes + data.length > limitBytes) {
      logsDropped++;
      return;
    }
    logBytes += data.length;
    if (lastOut != '\n') {
      out.write('\n');
    }
    out.writeBytes(data);
    lastOut = '\n';
  }

  /** A line from hilt itself (stack usage...), added to the standard output text. */
  public synchronized void note(String line) {
    notes.append("[hilt] ").append(line).append('\n');
  }

  /**
   * Whether everything received so far contains a match of the pattern.
   *
   * @throws BoundedText.PatternTooSlowException when matching takes longer than {@link
   *     #MATCH_BUDGET}
   */
  public synchronized boolean matches(Pattern pattern) {
    long deadline = System.nanoTime() + MATCH_BUDGET.toNanos();
    return pattern.matcher(new BoundedText(text(), deadline)).find();
  }

  /** The last {@code lines} lines of everything received, for failure messages. */
  public synchronized String tail(int lines) {
    String all = text();
    if (all.isEmpty()) {
      return "(no output)";
    }
    int end = all.endsWith("\n") ? all.length() - 1 : all.length();
    int start = end;
    for (int seen = 0; start > 0; start--) {
      if (all.charAt(start - 1) == '\n' && ++seen == lines) {
        break;
      }
    }
    return all.substring(start, end);
  }

  public synchronized String systemOut() {
    String body = out.toString(StandardCharsets.UTF_8);
    if (dropped > 0) {
      body += "\n[hilt] output truncated: " + dropped + " more bytes were dropped\n";
    }
    if (logsDropped > 0) {
      body += "\n[hilt] logs truncated: " + logsDropped + " more lines were dropped\n";
    }
    if (notes.length() > 0 && !body.isEmpty() && !body.endsWith("\n")) {
      body += "\n";
    }
    return body + notes;
  }

  public synchronized String systemErr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private String text() {
    if (textVersion != version) {
      text = all.toString(StandardCharsets.UTF_8);
      textVersion = version;
    }
    return text;
  }
}
