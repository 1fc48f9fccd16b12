package io.hilt.orchestrator.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects the problems of one load so that a file reports all its mistakes at once. Past {@link
 * #MAX} problems only a count is kept, so a hostile file cannot produce a gigantic message.
 */
final class Problems {
  static final int MAX = 50;

  private final List<Problem> list = new ArrayList<>();
  private int dropped;
  private Optional<SourceLocation> firstDropped = Optional.empty();

  void add(SourceLocation location, String message) {
    if (list.size() < MAX) {
      list.add(new Problem(location, message));
    } else {
      if (dropped++ == 0) {
        firstDropped = Optional.of(location);
      }
    }
  }

  void addAll(List<Problem> problems) {
    problems.forEach(p -> add(p.location(), p.message()));
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  /** How many problems were recorded, shown or not. */
  int count() {
    return list.size() + dropped;
  }

  List<Problem> list() {
    List<Problem> all = new ArrayList<>(list);
    firstDropped.ifPresent(
        at -> all.add(new Problem(at, dropped + " more problems not shown (from here on)")));
    return List.copyOf(all);
  }

  void throwIfAny() {
    if (!list.isEmpty()) {
      throw new ConfigException(list());
    }
  }
}
