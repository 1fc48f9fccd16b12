package io.hilt.orchestrator.results;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What every parser shares: the cases reported so far (at most {@link #MAX_CASES}; more are counted
 * and become one error case) and the console lines since the last case, which become that case's
 * output (the last {@link #MAX_OUTPUT_LINES} of them).
 */
final class CaseLog {
  static final int MAX_CASES = 10_000;
  static final int MAX_OUTPUT_LINES = 200;

  private final List<ResultCase> cases = new ArrayList<>();
  private final ArrayDeque<String> pending = new ArrayDeque<>();
  private long droppedCases;
  private long droppedLines;

  void output(String line) {
    pending.add(line);
    if (pending.size() > MAX_OUTPUT_LINES) {
      pending.removeFirst();
      droppedLines++;
    }
  }

  /** The lines since the last case, and forgets them. */
  List<String> takeOutput() {
    List<String> out = new ArrayList<>(pending.size() + 1);
    if (droppedLines > 0) {
      out.add("[hilt] " + droppedLines + " earlier lines left out");
    }
    out.addAll(pending);
    pending.clear();
    droppedLines = 0;
    return out;
  }

  void add(ResultCase c) {
    if (cases.size() < MAX_CASES) {
      cases.add(c);
    } else {
      droppedCases++;
    }
  }

  /** A case with the lines since the last case as its output. */
  void add(String name, ResultCase.Status status, String message, Optional<String> location) {
    add(new ResultCase(name, status, message, location, takeOutput()));
  }

  List<ResultCase> cases() {
    return cases;
  }

  Optional<ResultCase> last() {
    return cases.isEmpty() ? Optional.empty() : Optional.of(cases.get(cases.size() - 1));
  }

  /** Cases seen of this status, including those past the cap. */
  long count(ResultCase.Status status) {
    return cases.stream().filter(c -> c.status() == status).count();
  }

  long total() {
    return cases.size() + droppedCases;
  }

  /** The cases, with one more error case when some were dropped. */
  List<ResultCase> result(List<ResultCase> errors) {
    List<ResultCase> out = new ArrayList<>(cases);
    if (droppedCases > 0) {
      out.add(
          ResultCase.error(
              "(too many results)",
              droppedCases
                  + " more results were reported than the "
                  + MAX_CASES
                  + " hilt keeps per test; they are not listed"));
    }
    out.addAll(errors);
    return List.copyOf(out);
  }
}
