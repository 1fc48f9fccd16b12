package io.hilt.orchestrator.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads typed values out of {@link YamlNode}s, recording a {@link Problem} (and returning empty)
 * for every value that has the wrong shape, so that one pass reports all mistakes of a file.
 */
final class Binder {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  private final Problems problems;

  Binder(Problems problems) {
    this.problems = problems;
  }

  Problems problems() {
    return problems;
  }

  void problem(SourceLocation location, String message) {
    problems.add(location, message);
  }

  /**
   * The node as a map whose keys are all in {@code allowed}; each unknown key is reported at the
   * key with a did-you-mean or the list of allowed keys.
   */
  Optional<YamlNode.MapNode> map(YamlNode node, String what, List<String> allowed) {
    return map(node, what, allowed, Map.of());
  }

  /**
   * Like {@link #map(YamlNode, String, List)}; an unknown key found in {@code later} is explained
   * with its note (keys of later versions that are not accepted yet).
   */
  Optional<YamlNode.MapNode> map(
      YamlNode node, String what, List<String> allowed, Map<String, String> later) {
    if (!(node instanceof YamlNode.MapNode map)) {
      problems.add(
          node.location(),
          what
              + ": expected a map with keys "
              + String.join(", ", allowed)
              + "; got "
              + node.describe());
      return Optional.empty();
    }
    for (YamlNode.Entry entry : map.entries().values()) {
      if (!allowed.contains(entry.key()) && later.containsKey(entry.key())) {
        problems.add(
            entry.keyLocation(),
            "key '"
                + entry.key()
                + "' in "
                + what
                + " is not supported yet ("
                + later.get(entry.key())
                + "); allowed keys: "
                + String.join(", ", allowed));
      } else if (!allowed.contains(entry.key())) {
        problems.add(
            entry.keyLocation(),
            "unknown key '"
                + entry.key()
                + "' in "
                + what
                + Suggest.hint(entry.key(), allowed, "allowed keys"));
      }
    }
    return Optional.of(map);
  }

  /** The value of a key that must be present; a missing key is reported at the map. */
  Optional<YamlNode> required(YamlNode.MapNode map, String key, String what, String expected) {
    Optional<YamlNode.Entry> entry = map.get(key);
    if (entry.isEmpty()) {
      problems.add(
          map.location(), "missing required key '" + key + "' in " + what + " (" + expected + ")");
    }
    return entry.map(YamlNode.Entry::value);
  }

  Optional<YamlNode> optional(YamlNode.MapNode map, String key) {
    return map.get(key).map(YamlNode.Entry::value);
  }

  /**
   * Parses a non-empty scalar with {@code parse}; its IllegalArgumentException becomes a problem.
   */
  <T> Optional<T> scalar(YamlNode node, String key, String expected, Function<String, T> parse) {
    if (!(node instanceof YamlNode.Scalar scalar) || scalar.isNull() || scalar.text().isBlank()) {
      problems.add(node.location(), "'" + key + "': expected " + expected + ", got " + shape(node));
      return Optional.empty();
    }
    try {
      return Optional.of(parse.apply(scalar.text()));
    } catch (IllegalArgumentException e) {
      problems.add(node.location(), "'" + key + "': " + e.getMessage());
      return Optional.empty();
    }
  }

  Optional<String> string(YamlNode node, String key) {
    return scalar(node, key, "a string", s -> s);
  }

  /** A string that may be empty (for example an empty command line). */
  Optional<String> text(YamlNode node, String key) {
    if (node instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
      return Optional.of(scalar.text());
    }
    problems.add(node.location(), "'" + key + "': expected a string, got " + shape(node));
    return Optional.empty();
  }

  /** Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit. */
  Optional<String> identifier(YamlNode node, String key) {
    return scalar(
        node,
        key,
        "a name of lower-case letters, digits, '.', '_' and '-'",
        s -> {
          if (!IDENTIFIER.matcher(s).matches()) {
            throw new IllegalArgumentException(
                "expected a name of lower-case letters, digits, '.', '_' and '-' (like"
                    + " sim-cortex-m0plus), got '"
                    + s
                    + "'");
          }
          return s;
        });
  }

  Optional<Duration> duration(YamlNode node, String key, boolean allowZero) {
    return scalar(
        node,
        key,
        Units.DURATION_EXPECTED,
        s -> {
          Duration d = Units.duration(s);
          if (d.isZero() && !allowZero) {
            throw new IllegalArgumentException(
                "expected a duration above zero like 5s, 200ms, 1m, got '" + s + "'");
          }
          return d;
        });
  }

  Optional<Long> size(YamlNode node, String key) {
    return scalar(node, key, "a size like 4096, 0x1000, 512KiB or 4MiB", Units::size);
  }

  Optional<Long> address(YamlNode node, String key) {
    return scalar(node, key, "an address like 0x20000000", s -> Units.word32(s, "an address"));
  }

  Optional<Long> word32(YamlNode node, String key) {
    return scalar(node, key, "a 32-bit value like 0xCCCCCCCC", s -> Units.word32(s, "a value"));
  }

  Optional<Integer> int32(YamlNode node, String key) {
    return scalar(node, key, "an integer like 0 or -1", Units::int32);
  }

  Optional<Boolean> bool(YamlNode node, String key) {
    return scalar(node, key, "true or false", Units::bool);
  }

  Optional<Double> percent(YamlNode node, String key) {
    return scalar(node, key, "a percentage like 50 or 12.5", Units::percent);
  }

  /** A Java regular expression, compiled; a syntax error names the pattern and the position. */
  Optional<Pattern> regex(YamlNode node, String key) {
    return scalar(
        node,
        key,
        "a regular expression",
        s -> {
          try {
            return Pattern.compile(s);
          } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                "invalid regular expression '"
                    + s
                    + "': "
                    + e.getDescription()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""),
                e);
          }
        });
  }

  Optional<YamlNode.ListNode> list(YamlNode node, String key, String expected) {
    if (node instanceof YamlNode.ListNode list) {
      return Optional.of(list);
    }
    problems.add(
        node.location(), "'" + key + "': expected a list of " + expected + ", got " + shape(node));
    return Optional.empty();
  }

  static String shape(YamlNode node) {
    return node.describe();
  }
}
