package io.hilt.orchestrator.results;

import java.util.List;

/**
 * Turns one firmware run's console lines into test cases, incrementally: {@link #line} is called
 * for each complete line as output arrives, {@link #finish} once when the output ends. Parsers are
 * not thread-safe ({@link ResultsCollector} serializes them) and never throw on odd input: a line
 * they do not understand is output of the current case.
 */
public interface ResultParser {
  /** One line, without its line terminator, ANSI colour codes already removed. */
  void line(String line);

  /**
   * The cases seen, in order, with error cases for what was announced but not reported (a test
   * started without a result, a plan count not reached, a missing or disagreeing summary).
   */
  List<ResultCase> finish();
}
