package io.hilt.sim;

import io.hilt.probe.target.TargetException;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The simulator's options from {@code TargetSpec.options}: {@code vector-catch} ({@code hardfault},
 * the default, or {@code none}) and {@code max-instructions} (a positive budget; none by default).
 */
public record SimOptions(boolean catchHardFault, OptionalLong maxInstructions) {
  public static final String VECTOR_CATCH = "vector-catch";
  public static final String MAX_INSTRUCTIONS = "max-instructions";
  private static final Set<String> KEYS = Set.of(VECTOR_CATCH, MAX_INSTRUCTIONS);

  public SimOptions {
    maxInstructions.ifPresent(
        n -> {
          if (n <= 0) {
            throw new IllegalArgumentException("max-instructions must be positive, not " + n);
          }
        });
  }

  public static SimOptions defaults() {
    return new SimOptions(true, OptionalLong.empty());
  }

  /**
   * Reads options.
   *
   * @throws TargetException naming the profile and the bad key or value
   */
  public static SimOptions parse(String profile, Map<String, String> options) {
    for (String key : options.keySet()) {
      if (!KEYS.contains(key)) {
        throw new TargetException(
            String.format(
                "profile %s: unknown sim option '%s' (known: %s)",
                profile, key, String.join(", ", new TreeSet<>(KEYS))));
      }
    }
    boolean catchHardFault =
        switch (options.getOrDefault(VECTOR_CATCH, "hardfault")) {
          case "hardfault" -> true;
          case "none" -> false;
          default ->
              throw new TargetException(
                  String.format(
                      "profile %s: vector-catch must be 'hardfault' or 'none', not '%s'",
                      profile, options.get(VECTOR_CATCH)));
        };
    OptionalLong budget = OptionalLong.empty();
    String raw = options.get(MAX_INSTRUCTIONS);
    if (raw != null) {
      long n;
      try {
        n = Long.parseLong(raw.replace("_", "").trim());
      } catch (NumberFormatException e) {
        throw new TargetException(
            String.format(
                "profile %s: max-instructions must be a positive integer, not '%s'", profile, raw),
            e);
      }
      if (n <= 0) {
        throw new TargetException(
            String.format("profile %s: max-instructions must be positive, not %d", profile, n));
      }
      budget = OptionalLong.of(n);
    }
    return new SimOptions(catchHardFault, budget);
  }
}
