package io.hilt.sim;

import io.hilt.probe.target.TargetException;
import io.hilt.sim.cortexm.ExceptionUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The simulator's options from {@code TargetSpec.options}.
 *
 * <ul>
 *   <li>{@code vector-catch}: which fault handler entries stop the core, as a debugger's vector
 *       catch (DEMCR.VC_*) does: {@code all-faults} (the default: HardFault, and on ARMv7-M also
 *       MemManage, BusFault, UsageFault and faults on exception entry and return), {@code
 *       hardfault} (HardFault only) or {@code none}. On the Cortex-M0+ every fault is a HardFault,
 *       so {@code all-faults} and {@code hardfault} are the same there. On {@code riscv32imac}
 *       {@code all-faults} stops at the trap handler after any synchronous exception but ECALL, and
 *       {@code hardfault} is rejected.
 *   <li>{@code max-instructions}: a positive instruction budget per run; none by default.
 * </ul>
 */
public record SimOptions(VectorCatch vectorCatch, OptionalLong maxInstructions) {
  public static final String VECTOR_CATCH = "vector-catch";
  public static final String MAX_INSTRUCTIONS = "max-instructions";
  private static final Set<String> KEYS = Set.of(VECTOR_CATCH, MAX_INSTRUCTIONS);

  /** The {@code vector-catch} values and the DEMCR bits they set. */
  public enum VectorCatch {
    ALL_FAULTS("all-faults", ExceptionUnit.VC_ALL_FAULTS),
    HARDFAULT("hardfault", ExceptionUnit.VC_HARDERR),
    NONE("none", 0);

    private final String id;
    private final int demcrBits;

    VectorCatch(String id, int demcrBits) {
      this.id = id;
      this.demcrBits = demcrBits;
    }

    public String id() {
      return id;
    }

    /** DEMCR vector catch bits. */
    public int demcrBits() {
      return demcrBits;
    }
  }

  public SimOptions {
    java.util.Objects.requireNonNull(vectorCatch, "vectorCatch");
    maxInstructions.ifPresent(
        n -> {
          if (n <= 0) {
            throw new IllegalArgumentException("max-instructions must be positive, not " + n);
          }
        });
  }

  public static SimOptions defaults() {
    return new SimOptions(VectorCatch.ALL_FAULTS, OptionalLong.empty());
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
    String catchValue = options.getOrDefault(VECTOR_CATCH, VectorCatch.ALL_FAULTS.id());
    VectorCatch vectorCatch =
        Arrays.stream(VectorCatch.values())
            .filter(v -> v.id().equals(catchValue))
            .findFirst()
            .orElseThrow(
                () ->
                    new TargetException(
                        String.format(
                            "profile %s: vector-catch must be one of %s, not '%s'",
                            profile,
                            Arrays.stream(VectorCatch.values())
                                .map(v -> "'" + v.id() + "'")
                                .collect(Collectors.joining(", ")),
                            catchValue)));
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
    return new SimOptions(vectorCatch, budget);
  }
}
