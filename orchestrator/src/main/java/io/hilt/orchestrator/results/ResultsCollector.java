package io.hilt.orchestrator.results;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Feeds one firmware run's console output to a {@link ResultParser} as lines, from any thread.
 * Output arrives as byte chunks per source (a channel such as UART0 or semihosting stdout, each cut
 * into lines on its own, so two sources never mix within a line) or as whole lines (decoded target
 * logs). Bounded: a line is cut at {@link #MAX_LINE_CHARS} characters, and after {@link #MAX_LINES}
 * lines the rest is counted but not parsed, which the result says. ANSI escape sequences (Unity's
 * colour option) and control characters other than tab are removed; bytes that are not UTF-8 become
 * U+FFFD.
 */
public final class ResultsCollector {
  public static final int MAX_LINE_CHARS = 4096;
  public static final int MAX_LINES = 200_000;

  private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;?]*[ -/]*[@-~]");
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\t]]");

  private final ResultsFormat format;
  private final ResultParser parser;
  private final Map<String, ByteArrayOutputStream> partial = new HashMap<>();
  private final Map<String, Boolean> cut = new HashMap<>();
  private long lines;
  private long droppedLines;
  private List<ResultCase> result;

  public ResultsCollector(ResultsFormat format) {
    this.format = Objects.requireNonNull(format, "format");
    this.parser = format.newParser();
  }

  public ResultsFormat format() {
    return format;
  }

  /** Bytes from one source; complete lines go to the parser at once. */
  public synchronized void accept(String source, byte[] data) {
    if (result != null) {
      return;
    }
    ByteArrayOutputStream line = partial.computeIfAbsent(source, s -> new ByteArrayOutputStream());
    for (byte b : data) {
      if (b == '\n') {
        emit(line, Boolean.TRUE.equals(cut.remove(source)));
      } else if (line.size() < MAX_LINE_CHARS * 4) {
        line.write(b);
      } else {
        cut.put(source, true);
      }
    }
  }

  /** One whole line (a decoded log line). */
  public synchronized void line(String text) {
    if (result != null) {
      return;
    }
    text.lines().forEach(this::parse);
  }

  private void emit(ByteArrayOutputStream bytes, boolean wasCut) {
    String text = bytes.toString(StandardCharsets.UTF_8);
    bytes.reset();
    parse(wasCut ? text + " [hilt: line cut]" : text);
  }

  private void parse(String raw) {
    if (lines >= MAX_LINES) {
      droppedLines++;
      return;
    }
    lines++;
    String text = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
    text = CONTROL.matcher(ANSI.matcher(text).replaceAll("")).replaceAll("");
    if (text.length() > MAX_LINE_CHARS) {
      text = text.substring(0, MAX_LINE_CHARS) + " [hilt: line cut]";
    }
    parser.line(text);
  }

  /**
   * Ends the output: partial lines count as lines, then the parser's cases. Later calls return the
   * same list; output arriving after it is ignored.
   */
  public synchronized List<ResultCase> finish() {
    if (result == null) {
      for (Map.Entry<String, ByteArrayOutputStream> e : partial.entrySet()) {
        if (e.getValue().size() > 0) {
          emit(e.getValue(), Boolean.TRUE.equals(cut.remove(e.getKey())));
        }
      }
      List<ResultCase> cases = new ArrayList<>(parser.finish());
      if (droppedLines > 0) {
        cases.add(
            ResultCase.error(
                "(output limit)",
                "only the first "
                    + MAX_LINES
                    + " lines were read for "
                    + format.id()
                    + " results; "
                    + droppedLines
                    + " more were not, so results in them are missing"));
      }
      result = List.copyOf(cases);
    }
    return result;
  }
}
