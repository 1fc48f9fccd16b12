package io.hilt.orchestrator.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A YAML value with the position it was written at; what {@link YamlReader} produces. */
sealed interface YamlNode {
  SourceLocation location();

  /** A short name of the node's shape for "expected X, got Y" messages. */
  String describe();

  /** A mapping; keys are unique (the reader rejects duplicates) and keep file order. */
  record MapNode(Map<String, Entry> entries, SourceLocation location) implements YamlNode {
    public MapNode {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
      Objects.requireNonNull(location, "location");
    }

    public Optional<Entry> get(String key) {
      return Optional.ofNullable(entries.get(key));
    }

    @Override
    public String describe() {
      return "a map";
    }
  }

  /** One key of a mapping, with the key's own position. */
  record Entry(String key, SourceLocation keyLocation, YamlNode value) {
    public Entry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(keyLocation, "keyLocation");
      Objects.requireNonNull(value, "value");
    }
  }

  record ListNode(List<YamlNode> items, SourceLocation location) implements YamlNode {
    public ListNode {
      items = List.copyOf(items);
      Objects.requireNonNull(location, "location");
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /**
   * A scalar as written (quotes removed), left uninterpreted: the binder reads {@code 0x20}, {@code
   * 5s} or {@code true} itself so that the rules do not depend on YAML 1.1 resolution. {@code
   * isNull} is true for {@code ~}, {@code null} and a key with no value.
   */
  record Scalar(String text, boolean isNull, SourceLocation location) implements YamlNode {
    public Scalar {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(location, "location");
    }

    @Override
    public String describe() {
      return isNull ? "nothing" : "'" + text + "'";
    }
  }
}
