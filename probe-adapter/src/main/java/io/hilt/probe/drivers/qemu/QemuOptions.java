package io.hilt.probe.drivers.qemu;

import io.hilt.probe.drivers.gdb.GdbOptions;
import io.hilt.probe.target.TargetException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Options of the {@code qemu} driver ({@code driver-options} in a profile).
 *
 * @param machine QEMU's {@code -M} ({@code machine}, required, for example {@code mps2-an385})
 * @param cpu QEMU's {@code -cpu} ({@code cpu}, optional: the machine's own core by default)
 * @param executable the QEMU program ({@code executable}, default {@code qemu-system-arm}, looked
 *     up on PATH)
 * @param timeout the longest wait for one GDB reply ({@code timeout}, default 5s)
 * @param startTimeout how long QEMU may take to start listening ({@code start-timeout}, default
 *     10s)
 * @param catchExit stop at the firmware's semihosting exit instead of letting QEMU exit ({@code
 *     exit: catch}, the default, or {@code exit: quit})
 * @param catchFaults stop when the core enters HardFault, MemManage, BusFault or UsageFault ({@code
 *     vector-catch: hardfault}, the default, as the simulator, or {@code none})
 */
public record QemuOptions(
    String machine,
    Optional<String> cpu,
    String executable,
    Duration timeout,
    Duration startTimeout,
    boolean catchExit,
    boolean catchFaults) {
  public static final String MACHINE = "machine";
  public static final String CPU = "cpu";
  public static final String EXECUTABLE = "executable";
  public static final String TIMEOUT = "timeout";
  public static final String START_TIMEOUT = "start-timeout";
  public static final String EXIT = "exit";
  public static final String VECTOR_CATCH = "vector-catch";
  static final Set<String> KEYS =
      Set.of(MACHINE, CPU, EXECUTABLE, TIMEOUT, START_TIMEOUT, EXIT, VECTOR_CATCH);

  private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

  public QemuOptions {
    if (!machine.matches(NAME)) {
      throw new IllegalArgumentException("machine '" + machine + "' is not a QEMU machine name");
    }
    cpu.ifPresent(
        c -> {
          if (!c.matches(NAME)) {
            throw new IllegalArgumentException("cpu '" + c + "' is not a QEMU cpu name");
          }
        });
    if (executable.isBlank()) {
      throw new IllegalArgumentException("executable must not be empty");
    }
  }

  /**
   * Reads a profile's options.
   *
   * @throws TargetException naming the profile and the bad key or value
   */
  public static QemuOptions parse(String profile, Map<String, String> options) {
    for (String key : options.keySet()) {
      if (!KEYS.contains(key)) {
        throw new TargetException(
            String.format(
                "profile %s: unknown qemu option '%s' (known: %s)",
                profile, key, String.join(", ", new TreeSet<>(KEYS))));
      }
    }
    String machine = options.get(MACHINE);
    if (machine == null) {
      throw new TargetException(
          "profile "
              + profile
              + ": driver-options needs 'machine' (QEMU's -M, for example"
              + " mps2-an385)");
    }
    String exit = options.getOrDefault(EXIT, "catch");
    if (!exit.equals("catch") && !exit.equals("quit")) {
      throw new TargetException(
          "profile " + profile + ": exit must be 'catch' or 'quit', not '" + exit + "'");
    }
    String vectorCatch = options.getOrDefault(VECTOR_CATCH, "hardfault");
    if (!vectorCatch.equals("hardfault") && !vectorCatch.equals("none")) {
      throw new TargetException(
          "profile "
              + profile
              + ": vector-catch must be 'hardfault' or 'none', not '"
              + vectorCatch
              + "'");
    }
    try {
      return new QemuOptions(
          machine,
          Optional.ofNullable(options.get(CPU)),
          options.getOrDefault(EXECUTABLE, "qemu-system-arm"),
          GdbOptions.duration(profile, TIMEOUT, options.getOrDefault(TIMEOUT, "5s")),
          GdbOptions.duration(profile, START_TIMEOUT, options.getOrDefault(START_TIMEOUT, "10s")),
          exit.equals("catch"),
          vectorCatch.equals("hardfault"));
    } catch (IllegalArgumentException e) {
      throw new TargetException("profile " + profile + ": " + e.getMessage(), e);
    }
  }
}
