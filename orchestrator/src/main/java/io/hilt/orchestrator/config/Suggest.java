package io.hilt.orchestrator.config;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for keys, step names, architectures and profile names. */
final class Suggest {
  private static final int MAX_WORD = 64;

  private Suggest() {}

  /**
   * The candidate {@code word} is most likely a typo of: the only candidate it is a prefix of, or
   * else the closest one when at most one edit away for short words and two for longer ones
   * (comparing case-insensitively, a swap of neighbours counting as one edit).
   */
  static Optional<String> closest(String word, Collection<String> candidates) {
    if (word.length() > MAX_WORD) {
      return Optional.empty();
    }
    String w = word.toLowerCase(Locale.ROOT);
    // a truncated name ("sim-cortex-m0") when only one name starts that way: that one, even if
    // another is fewer edits away (cortex-m3)
    List<String> extending =
        candidates.stream()
            .filter(c -> w.length() >= 3 && c.toLowerCase(Locale.ROOT).startsWith(w))
            .toList();
    if (extending.size() == 1) {
      return Optional.of(extending.get(0));
    }
    // "cortex-m0+" is how people write cortex-m0plus
    String spelled = w.replace("+", "plus");
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      String c = candidate.toLowerCase(Locale.ROOT);
      int d = Math.min(distance(w, c), distance(spelled, c));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    int allowed = Math.max(1, Math.min(2, w.length() / 3));
    return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  /**
   * {@code "; did you mean 'x'?"} or {@code "; allowed: a, b, c"} (with {@code what} naming the
   * list, e.g. "allowed keys").
   */
  static String hint(String word, Collection<String> candidates, String what) {
    return closest(word, candidates)
        .map(c -> "; did you mean '" + c + "'?")
        .orElseGet(() -> "; " + what + ": " + String.join(", ", candidates));
  }

  /** Like {@link #hint} but always ends with the whole list, for short closed sets. */
  static String hintAndList(String word, Collection<String> candidates, String what) {
    return closest(word, candidates).map(c -> "; did you mean '" + c + "'?").orElse("")
        + " ("
        + what
        + ": "
        + String.join(", ", candidates)
        + ")";
  }

  /** Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a span). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          v = Math.min(v, d[i - 2][j - 2] + 1);
        }
        d[i][j] = v;
      }
    }
    return d[a.length()][b.length()];
  }
}
