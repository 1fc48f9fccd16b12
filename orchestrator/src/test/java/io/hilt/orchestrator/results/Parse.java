package io.hilt.orchestrator.results;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs sample output through a collector, whole or in small fragments. */
final class Parse {
  private Parse() {}

  static List<ResultCase> text(ResultsFormat format, String text) {
    ResultsCollector collector = new ResultsCollector(format);
    collector.accept("uart0", text.getBytes(StandardCharsets.UTF_8));
    return collector.finish();
  }

  /** The same output cut into {@code size}-byte chunks, as a UART delivers it. */
  static List<ResultCase> fragments(ResultsFormat format, String text, int size) {
    ResultsCollector collector = new ResultsCollector(format);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += size) {
      byte[] chunk = new byte[Math.min(size, bytes.length - i)];
      System.arraycopy(bytes, i, chunk, 0, chunk.length);
      collector.accept("uart0", chunk);
    }
    return collector.finish();
  }

  static String summary(List<ResultCase> cases) {
    StringBuilder sb = new StringBuilder();
    for (ResultCase c : cases) {
      sb.append(c.status()).append(' ').append(c.name()).append('\n');
    }
    return sb.toString();
  }
}
