package io.hilt.orchestrator.config;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one load so that a file reports all its mistakes at once. */
final class Problems {
  private final List<Problem> list = new ArrayList<>();

  void add(SourceLocation location, String message) {
    list.add(new Problem(location, message));
  }

  void addAll(List<Problem> problems) {
    list.addAll(problems);
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  List<Problem> list() {
    return List.copyOf(list);
  }

  void throwIfAny() {
    if (!list.isEmpty()) {
      throw new ConfigException(list);
    }
  }
}
