package io.hilt.fakeprobers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One probe-rs command line as clap would split it: the subcommand, {@code --flag}s, {@code
 * --option value}s and positional arguments. Only the options the stand-in knows for the selected
 * release are accepted; anything else is a usage error (exit 2), like clap's.
 */
record CommandLine(
    String subcommand,
    Set<String> flags,
    Map<String, List<String>> options,
    List<String> positionals) {

  /** A usage error: clap prints it on stderr and exits 2. */
  static final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
      super(message);
    }
  }

  static final Set<String> PROBE_FLAGS =
      Set.of("--non-interactive", "--connect-under-reset", "--dry-run", "--allow-erase-all");
  static final Set<String> PROBE_OPTIONS =
      Set.of("--chip", "--probe", "--protocol", "--speed", "--chip-description-path", "--core");

  static CommandLine parse(String[] args, Version version) {
    if (args.length == 0) {
      throw new UsageError("'probe-rs' requires a subcommand but one was not provided");
    }
    String sub = args[0];
    Set<String> flags = new java.util.HashSet<>();
    Map<String, List<String>> options = new HashMap<>();
    List<String> positionals = new ArrayList<>();
    Set<String> knownFlags = new java.util.HashSet<>();
    Set<String> knownOptions = new java.util.HashSet<>();
    switch (sub) {
      case "list", "--version", "-V" -> {}
      case "download" -> {
        knownFlags.addAll(PROBE_FLAGS);
        knownOptions.addAll(PROBE_OPTIONS);
        knownFlags.addAll(
            Set.of("--disable-progressbars", "--verify", "--preverify", "--chip-erase"));
        knownOptions.add("--binary-format");
        knownOptions.add("--base-address");
        if (version.atLeast(0, 32)) {
          knownFlags.add("--reset");
        }
      }
      case "reset", "read", "write" -> {
        knownFlags.addAll(PROBE_FLAGS);
        knownOptions.addAll(PROBE_OPTIONS);
        if (sub.equals("read")) {
          knownOptions.add("--output");
          knownOptions.add("--format");
        }
      }
      case "attach", "run" -> {
        knownFlags.addAll(PROBE_FLAGS);
        knownOptions.addAll(PROBE_OPTIONS);
        knownFlags.addAll(
            Set.of("--no-timestamps", "--no-location", "--disable-progressbars", "--verify"));
        knownOptions.addAll(Set.of("--log-format", "--binary-format"));
        if (version.atLeast(0, 32)) {
          knownOptions.add("--scan-region");
        } else {
          knownFlags.add("--rtt-scan-memory");
        }
        if (sub.equals("run")) {
          // cmd/run.rs NormalRunOptions and TestOptions (libtest's options; --nocapture and
          // --show-output are accepted and ignored for IDEs).
          knownFlags.addAll(
              Set.of(
                  "--catch-reset",
                  "--catch-hardfault",
                  "--no-catch-reset",
                  "--no-catch-hardfault",
                  "--list",
                  "--exact",
                  "--ignored",
                  "--include-ignored",
                  "--nocapture",
                  "--show-output"));
          if (version.atLeast(0, 32)) {
            knownFlags.addAll(Set.of("--no-catch-svc", "--no-catch-hlt"));
          }
          knownOptions.addAll(Set.of("--format", "--skip-test"));
        }
      }
      default -> throw new UsageError("unrecognized subcommand '" + sub + "'");
    }
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("--")) {
        String name = a;
        String value = null;
        int eq = a.indexOf('=');
        if (eq > 0) {
          name = a.substring(0, eq);
          value = a.substring(eq + 1);
        }
        if (knownFlags.contains(name) && value == null) {
          flags.add(name);
        } else if (knownOptions.contains(name)) {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new UsageError(
                  "a value is required for '"
                      + name
                      + " <"
                      + name.substring(2).toUpperCase()
                      + ">' but none was supplied");
            }
            value = args[++i];
          }
          options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        } else {
          throw new UsageError("unexpected argument '" + a + "' found");
        }
      } else {
        positionals.add(a);
      }
    }
    Map<String, List<String>> frozen = new HashMap<>();
    options.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    return new CommandLine(sub, Set.copyOf(flags), Map.copyOf(frozen), List.copyOf(positionals));
  }

  /** The option's value (the last one, when given several times, as clap keeps it). */
  Optional<String> option(String name) {
    List<String> values = options.getOrDefault(name, List.of());
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
  }

  /** Every value of an option that may be repeated. */
  List<String> values(String name) {
    return options.getOrDefault(name, List.of());
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  String positional(int index, String what) {
    if (index >= positionals.size()) {
      throw new UsageError("the following required arguments were not provided:\n  <" + what + ">");
    }
    return positionals.get(index);
  }
}
