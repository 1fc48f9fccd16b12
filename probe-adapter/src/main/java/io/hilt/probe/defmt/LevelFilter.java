package io.hilt.probe.defmt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which records to keep, in {@code DEFMT_LOG} syntax: {@code info}, {@code warn,mycrate=debug},
 * {@code off}, {@code mycrate::net=trace}. The most specific matching path wins (a crate name or
 * module path prefix); the bare level is the default. {@code println!} output (no level) always
 * passes. On the target {@code DEFMT_LOG} removes statements at compile time; here it filters what
 * arrives.
 */
public final class LevelFilter {
  private record Rule(String path, Optional<Level> minimum) {}

  private final Optional<Level> global;
  private final List<Rule> rules;
  private final String spec;

  private LevelFilter(String spec, Optional<Level> global, List<Rule> rules) {
    this.spec = spec;
    this.global = global;
    this.rules = List.copyOf(rules);
  }

  /** Everything passes. */
  public static LevelFilter all() {
    return new LevelFilter("trace", Optional.of(Level.TRACE), List.of());
  }

  /**
   * Parses a filter.
   *
   * @throws IllegalArgumentException naming the bad part and the allowed levels
   */
  public static LevelFilter parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    Optional<Level> global = Optional.of(Level.TRACE);
    List<Rule> rules = new ArrayList<>();
    for (String raw : spec.split(",", -1)) {
      String part = raw.trim();
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq < 0) {
        Optional<Optional<Level>> level = level(part);
        if (level.isPresent()) {
          global = level.get();
        } else {
          // a bare path means "everything from it" in DEFMT_LOG
          rules.add(new Rule(checkPath(part, spec), Optional.of(Level.TRACE)));
        }
      } else {
        String path = checkPath(part.substring(0, eq).trim(), spec);
        String levelText = part.substring(eq + 1).trim();
        Optional<Level> min =
            level(levelText)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "log filter `"
                                + spec
                                + "`: `"
                                + levelText
                                + "` is not a level "
                                + "(trace, debug, info, warn, error, off)"));
        rules.add(new Rule(path, min));
      }
    }
    rules.sort(Comparator.comparingInt((Rule r) -> r.path.length()).reversed());
    return new LevelFilter(spec, global, rules);
  }

  private static String checkPath(String path, String spec) {
    if (!path.matches("[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*")) {
      throw new IllegalArgumentException(
          "log filter `"
              + spec
              + "`: `"
              + path
              + "` is neither a level (trace, debug, info, warn,"
              + " error, off) nor a crate or module path");
    }
    return path;
  }

  private static Optional<Optional<Level>> level(String text) {
    if (text.equalsIgnoreCase("off")) {
      return Optional.of(Optional.empty());
    }
    return Level.parse(text).map(Optional::of);
  }

  /**
   * Whether a record passes.
   *
   * @param path the record's module path or crate name, when known
   */
  public boolean accepts(Optional<Level> level, Optional<String> path) {
    if (level.isEmpty()) {
      return true;
    }
    Optional<Level> minimum = global;
    if (path.isPresent()) {
      String p = path.get();
      for (Rule r : rules) {
        if (p.equals(r.path) || p.startsWith(r.path + "::")) {
          minimum = r.minimum;
          break;
        }
      }
    }
    return minimum.isPresent() && level.get().compareTo(minimum.get()) >= 0;
  }

  @Override
  public String toString() {
    return spec;
  }
}
