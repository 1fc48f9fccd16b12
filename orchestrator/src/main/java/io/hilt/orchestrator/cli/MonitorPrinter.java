package io.hilt.orchestrator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hilt.orchestrator.logs.LogLine;
import io.hilt.probe.defmt.Level;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.OutputChunk;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code hilt monitor} prints: console output and log lines on stdout, hilt's notes on stderr.
 * In text mode console bytes pass through as they arrive and log lines are colored by level; in
 * JSON mode every stdout line is one object, console output split into lines. Output listeners may
 * call from the driver's thread, so every method holds the lock.
 */
final class MonitorPrinter {
  private static final String RESET = "\u001b[0m";
  private static final String RED = "\u001b[31m";
  private static final String YELLOW = "\u001b[33m";
  private static final String DIM = "\u001b[2m";

  /** Longest console line kept whole in JSON mode; longer ones are split. */
  static final int MAX_LINE = 4096;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;
  private final PrintStream err;
  private final boolean json;
  private final boolean color;
  private final Map<OutputChannel, ByteArrayOutputStream> partial =
      new EnumMap<>(OutputChannel.class);

  MonitorPrinter(PrintStream out, PrintStream err, boolean json, boolean color) {
    this.out = out;
    this.err = err;
    this.json = json;
    this.color = color;
  }

  synchronized void console(OutputChunk chunk) {
    byte[] data = chunk.data();
    if (!json) {
      PrintStream stream = chunk.channel() == OutputChannel.SEMIHOSTING_STDERR ? err : out;
      stream.write(data, 0, data.length);
      stream.flush();
      return;
    }
    ByteArrayOutputStream line =
        partial.computeIfAbsent(chunk.channel(), c -> new ByteArrayOutputStream());
    for (byte b : data) {
      if (b == '\n' || line.size() >= MAX_LINE) {
        emit(chunk.channel(), line);
        if (b == '\n') {
          continue;
        }
      }
      line.write(b);
    }
    out.flush();
  }

  /** Ends partial console lines (JSON mode). */
  synchronized void endConsole() {
    if (json) {
      partial.forEach(
          (channel, line) -> {
            if (line.size() > 0) {
              emit(channel, line);
            }
          });
    }
    out.flush();
  }

  synchronized void logs(List<LogLine> lines) {
    for (LogLine line : lines) {
      out.println(json ? line.json() : colored(line));
    }
    out.flush();
  }

  /** hilt's own remark, on stderr. */
  synchronized void note(String text) {
    out.flush();
    err.println("hilt: " + text);
    err.flush();
  }

  synchronized void fault(String report) {
    out.flush();
    err.print(report.indent(2));
    err.flush();
  }

  private void emit(OutputChannel channel, ByteArrayOutputStream line) {
    String text = line.toString(StandardCharsets.UTF_8);
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    line.reset();
    Map<String, String> object = new LinkedHashMap<>();
    object.put("channel", channelName(channel));
    object.put("text", text);
    try {
      out.println(JSON.writeValueAsString(object));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String channelName(OutputChannel channel) {
    return switch (channel) {
      case SEMIHOSTING_STDOUT -> "semihosting";
      case SEMIHOSTING_STDERR -> "semihosting-stderr";
      case UART0 -> "uart0";
      case RTT -> "rtt";
    };
  }

  private String colored(LogLine line) {
    String text = line.format();
    if (!color) {
      return text;
    }
    if (line.undecodable()) {
      return RED + text + RESET;
    }
    return line.level()
        .map(l -> style(l))
        .map(s -> s.isEmpty() ? text : s + text + RESET)
        .orElse(text);
  }

  private static String style(Level level) {
    return switch (level) {
      case ERROR -> RED;
      case WARN -> YELLOW;
      case INFO -> "";
      case DEBUG, TRACE -> DIM;
    };
  }
}
