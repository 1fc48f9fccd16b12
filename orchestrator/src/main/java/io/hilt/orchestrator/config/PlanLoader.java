package io.hilt.orchestrator.config;

import io.hilt.orchestrator.results.ResultsFormat;
import io.hilt.probe.defmt.Level;
import io.hilt.probe.fault.CortexMFaultFlag;
import io.hilt.probe.fault.RiscvFaultFlag;
import io.hilt.probe.target.Arch;
import io.hilt.probe.target.ResetMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads test plans; the format is in docs/plans.md. Paths in a plan (firmware) resolve against the
 * plan's folder and must stay inside {@code allowedRoot}, also through symbolic links.
 */
public final class PlanLoader {
  /** The timeout of waiting steps when the plan sets none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  static final List<String> KEYS =
      List.of(
          "name",
          "firmware",
          "args",
          "requires",
          "timeout",
          "fail-on-log",
          "rtt",
          "results",
          "tests");
  static final List<String> REQUIRES_KEYS = List.of("arch");
  static final List<String> TEST_KEYS = List.of("name", "firmware", "args", "results", "steps");
  static final List<String> STEPS =
      List.of(
          "flash",
          "reset",
          "run-until",
          "expect-output",
          "expect-exit",
          "paint-stack",
          "stack-usage",
          "expect-fault",
          "expect-no-fault",
          "expect-log",
          "fail-on-log",
          "send",
          "expect",
          "expect-not",
          "wait-for-prompt",
          "run-embedded-tests");
  static final Map<String, String> LATER_STEPS =
      Map.of("read-memory", "arrives with memory assertions");

  /**
   * The console links a step may name. {@code console} is the board's console UART: the target's
   * own (the simulator's UART0) today; a profile's serial link adds its name here.
   */
  static final List<String> LINKS = List.of(Step.DEFAULT_LINK);

  static final List<String> SEND_KEYS = List.of("text", "bytes", "line-ending", "link");
  static final List<String> EXPECT_KEYS = List.of("pattern", "timeout", "link");
  static final List<String> EXPECT_NOT_KEYS = List.of("pattern", "for", "link");
  static final List<String> WAIT_FOR_PROMPT_KEYS = List.of("prompt", "timeout", "link");
  static final Map<String, String> LINE_ENDINGS =
      Map.of("crlf", "\r\n", "lf", "\n", "cr", "\r", "none", "");
  static final List<String> LINE_ENDING_NAMES = List.of("crlf", "lf", "cr", "none");
  static final List<String> RESET_KEYS = List.of("halt");
  static final List<String> RUN_UNTIL_KEYS = List.of("output", "exit", "timeout", "on-timeout");
  static final List<String> EXPECT_OUTPUT_KEYS = List.of("pattern", "timeout");
  static final List<String> EXPECT_EXIT_KEYS = List.of("code", "timeout");
  static final List<String> PAINT_STACK_KEYS = List.of("pattern");
  static final List<String> STACK_USAGE_KEYS = List.of("max-bytes", "max-percent");
  static final List<String> EXPECT_FAULT_KEYS =
      List.of("exception", "flags", "address", "function", "timeout");
  static final List<String> EXPECT_NO_FAULT_KEYS = List.of("timeout");
  static final List<String> RUN_EMBEDDED_TESTS_KEYS = List.of("filter", "timeout");
  static final List<String> EXPECT_LOG_KEYS = List.of("level", "pattern", "timeout");
  static final List<String> FAIL_ON_LOG_KEYS = List.of("level");
  static final List<String> LEVELS = Arrays.stream(Level.values()).map(Level::lowerCase).toList();
  static final List<String> FAULT_FLAGS =
      java.util.stream.Stream.concat(
              Arrays.stream(CortexMFaultFlag.values()).map(Enum::name),
              Arrays.stream(RiscvFaultFlag.values()).map(Enum::name))
          .distinct()
          .toList();

  private final Path allowedRoot;
  private final YamlReader reader;

  public PlanLoader(Path allowedRoot) {
    this(allowedRoot, YamlLimits.DEFAULT);
  }

  public PlanLoader(Path allowedRoot, YamlLimits limits) {
    this.allowedRoot = Objects.requireNonNull(allowedRoot, "allowedRoot");
    this.reader = new YamlReader(limits);
  }

  /**
   * Loads and validates one plan file.
   *
   * @throws ConfigException naming file:line:col and what was expected, for every problem found
   */
  public TestPlan load(Path file) {
    Problems problems = new Problems();
    YamlNode root = reader.read(file, problems);
    Optional<TestPlan> plan = bind(file, root, new Binder(problems));
    problems.throwIfAny();
    return plan.orElseThrow();
  }

  Optional<TestPlan> bind(Path file, YamlNode root, Binder b) {
    Optional<YamlNode.MapNode> mapNode = b.map(root, "plan", KEYS);
    if (mapNode.isEmpty()) {
      return Optional.empty();
    }
    YamlNode.MapNode map = mapNode.get();
    Path planDir = file.toAbsolutePath().normalize().getParent();
    String name =
        b.optional(map, "name").flatMap(n -> b.string(n, "name")).orElseGet(() -> baseName(file));
    Set<Arch> archs = b.optional(map, "requires").map(n -> requires(n, b)).orElse(Set.of());
    Optional<Path> firmware =
        b.optional(map, "firmware").flatMap(n -> firmware(n, planDir, archs, b));
    Optional<String> args = b.optional(map, "args").flatMap(n -> b.text(n, "args"));
    Duration timeout =
        b.optional(map, "timeout")
            .flatMap(n -> b.duration(n, "timeout", false))
            .orElse(DEFAULT_TIMEOUT);
    Optional<Level> failOnLog =
        b.optional(map, "fail-on-log").flatMap(n -> failOnLevel(n, b)).orElse(Optional.empty());
    RttSettings rtt =
        b.optional(map, "rtt").flatMap(n -> RttSettings.bind(n, b)).orElse(RttSettings.DEFAULT);
    Optional<ResultsFormat> results = b.optional(map, "results").flatMap(n -> results(n, b));
    boolean planHasFirmware = map.get("firmware").isPresent();
    List<TestCase> tests =
        b.required(map, "tests", "plan", "a list of tests, each with a name and steps")
            .map(n -> tests(n, planDir, archs, planHasFirmware, timeout, b))
            .orElse(List.of());
    if (!b.problems().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new TestPlan(
            name, firmware, args, archs, timeout, tests, map.location(), failOnLog, rtt, results));
  }

  private static String baseName(Path file) {
    String n = file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }

  /**
   * Resolves and checks a firmware path. A path with {@code ${arch}} is checked once per
   * architecture the plan requires, and kept with the placeholder (normalised, absolute) for the
   * run to fill in ({@link FirmwarePaths#forArch}).
   */
  private Optional<Path> firmware(YamlNode node, Path planDir, Set<Arch> archs, Binder b) {
    Optional<String> text = b.string(node, "firmware");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String written = text.get();
    if (!FirmwarePaths.isTemplate(written)) {
      return firmware(node, written, planDir, b);
    }
    if (archs.isEmpty()) {
      b.problem(
          node.location(),
          "firmware path '"
              + written
              + "' names "
              + FirmwarePaths.ARCH
              + ", so the plan must list the architectures it has firmware for in"
              + " requires: { arch: [...] }");
      return Optional.empty();
    }
    boolean ok = true;
    for (Arch arch : new TreeSet<>(archs)) {
      ok &= firmware(node, written.replace(FirmwarePaths.ARCH, arch.id()), planDir, b).isPresent();
    }
    if (!ok) {
      return Optional.empty();
    }
    return Optional.of(planDir.resolve(written).normalize());
  }

  private Optional<Path> firmware(YamlNode node, String written, Path planDir, Binder b) {
    Path resolved;
    try {
      resolved = planDir.resolve(Path.of(written)).normalize();
    } catch (InvalidPathException e) {
      b.problem(node.location(), "'firmware': not a valid path: '" + written + "'");
      return Optional.empty();
    }
    Path root = realOrNormal(allowedRoot);
    if (!Files.exists(resolved)) {
      if (!resolved.startsWith(root)) {
        b.problem(node.location(), escapes(written, resolved, root));
      } else {
        b.problem(
            node.location(),
            "firmware file '"
                + written
                + "' not found (looked for "
                + resolved
                + ", relative to the plan's folder)");
      }
      return Optional.empty();
    }
    Path real;
    try {
      real = resolved.toRealPath();
    } catch (IOException e) {
      b.problem(node.location(), "firmware file '" + written + "' cannot be read: " + e);
      return Optional.empty();
    }
    if (!real.startsWith(root)) {
      b.problem(node.location(), escapes(written, real, root));
      return Optional.empty();
    }
    if (!Files.isRegularFile(real)) {
      b.problem(node.location(), "firmware '" + written + "' is not a file (" + real + ")");
      return Optional.empty();
    }
    return Optional.of(real);
  }

  private static String escapes(String written, Path resolved, Path root) {
    return "firmware path '"
        + written
        + "' resolves to "
        + resolved
        + ", outside the allowed folder "
        + root
        + "; plans may only name files inside it";
  }

  private static Path realOrNormal(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }

  private static Set<Arch> requires(YamlNode node, Binder b) {
    Optional<YamlNode.MapNode> map = b.map(node, "requires", REQUIRES_KEYS);
    if (map.isEmpty()) {
      return Set.of();
    }
    Optional<YamlNode> arch = b.optional(map.get(), "arch");
    if (arch.isEmpty()) {
      return Set.of();
    }
    Set<Arch> archs = new LinkedHashSet<>();
    if (arch.get() instanceof YamlNode.ListNode list) {
      if (list.items().isEmpty()) {
        b.problem(
            list.location(),
            "'arch': expected at least one of " + String.join(", ", Arch.allIds()));
      }
      for (YamlNode item : list.items()) {
        ProfileLoader.arch(item, b).ifPresent(archs::add);
      }
    } else {
      ProfileLoader.arch(arch.get(), b).ifPresent(archs::add);
    }
    return archs;
  }

  private List<TestCase> tests(
      YamlNode node,
      Path planDir,
      Set<Arch> archs,
      boolean planHasFirmware,
      Duration timeout,
      Binder b) {
    Optional<YamlNode.ListNode> list = b.list(node, "tests", "tests, each with a name and steps");
    if (list.isEmpty()) {
      return List.of();
    }
    if (list.get().items().isEmpty()) {
      b.problem(list.get().location(), "'tests': the plan has no tests");
    }
    List<TestCase> tests = new ArrayList<>();
    Map<String, SourceLocation> names = new HashMap<>();
    int index = 0;
    for (YamlNode item : list.get().items()) {
      index++;
      String what = "test #" + index;
      if (item instanceof YamlNode.MapNode m
          && m.get("name").map(YamlNode.Entry::value).orElse(null) instanceof YamlNode.Scalar s
          && !s.isNull()) {
        what = "test '" + s.text() + "'";
      }
      Optional<YamlNode.MapNode> map = b.map(item, what, TEST_KEYS);
      if (map.isEmpty()) {
        continue;
      }
      YamlNode.MapNode t = map.get();
      Optional<String> name =
          b.required(t, "name", what, "a name unique in the plan")
              .flatMap(n -> b.string(n, "name"));
      name.ifPresent(
          n -> {
            SourceLocation here = t.get("name").orElseThrow().value().location();
            SourceLocation first = names.putIfAbsent(n, here);
            if (first != null) {
              b.problem(
                  here,
                  "duplicate test name '"
                      + n
                      + "' (first at line "
                      + first.line()
                      + "); test names must be unique in a plan");
            }
          });
      Optional<Path> firmware =
          b.optional(t, "firmware").flatMap(n -> firmware(n, planDir, archs, b));
      Optional<String> args = b.optional(t, "args").flatMap(n -> b.text(n, "args"));
      Optional<ResultsFormat> results = b.optional(t, "results").flatMap(n -> results(n, b));
      boolean hasFirmware = planHasFirmware || t.get("firmware").isPresent();
      String label = what;
      List<Step> steps =
          b.required(t, "steps", what, "a list of steps such as flash, reset, run-until")
              .map(n -> steps(n, label, hasFirmware, timeout, b))
              .orElse(List.of());
      name.ifPresent(n -> tests.add(new TestCase(n, firmware, args, steps, t.location(), results)));
    }
    return tests;
  }

  private static List<Step> steps(
      YamlNode node, String what, boolean hasFirmware, Duration timeout, Binder b) {
    Optional<YamlNode.ListNode> list = b.list(node, "steps", "steps such as flash, reset");
    if (list.isEmpty()) {
      return List.of();
    }
    if (list.get().items().isEmpty()) {
      b.problem(list.get().location(), "'steps': " + what + " has no steps");
    }
    List<Step> steps = new ArrayList<>();
    boolean painted = false;
    for (YamlNode item : list.get().items()) {
      Optional<Step> step = step(item, timeout, b);
      if (step.isEmpty()) {
        continue;
      }
      Step s = step.get();
      if (s instanceof Step.Flash && !hasFirmware) {
        b.problem(
            s.location(), "'flash' needs a firmware: set 'firmware' in the plan or in " + what);
      } else if (s instanceof Step.PaintStack) {
        painted = true;
      } else if (s instanceof Step.StackUsage && !painted) {
        b.problem(
            s.location(),
            "'stack-usage' needs an earlier 'paint-stack' in the same test to measure against");
      }
      steps.add(s);
    }
    return steps;
  }

  /** A step: a bare name ({@code - flash}) or a map with exactly one step key. */
  static Optional<Step> step(YamlNode node, Duration timeout, Binder b) {
    String keyword;
    SourceLocation location;
    Optional<YamlNode> value;
    if (node instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
      keyword = scalar.text();
      location = scalar.location();
      value = Optional.empty();
    } else if (node instanceof YamlNode.MapNode map && map.entries().size() == 1) {
      YamlNode.Entry entry = map.entries().values().iterator().next();
      keyword = entry.key();
      location = entry.keyLocation();
      value = Optional.of(entry.value());
      if (entry.value() instanceof YamlNode.Scalar s && s.isNull()) {
        value = Optional.empty();
      }
    } else if (node instanceof YamlNode.MapNode map) {
      b.problem(
          map.location(),
          "a step is a name (like '- reset') or a map with one step name as its key; this map has "
              + (map.entries().isEmpty()
                  ? "none"
                  : map.entries().size() + ": " + String.join(", ", map.entries().keySet()))
              + (map.entries().size() > 1
                  ? " (is a '-' missing, or an option not indented?)"
                  : ""));
      return Optional.empty();
    } else {
      b.problem(
          node.location(),
          "a step is a name (like '- reset') or a map with one step name as its key; got "
              + node.describe());
      return Optional.empty();
    }
    if (LATER_STEPS.containsKey(keyword)) {
      b.problem(
          location,
          "step '"
              + keyword
              + "' is not supported yet ("
              + LATER_STEPS.get(keyword)
              + "); steps: "
              + String.join(", ", STEPS));
      return Optional.empty();
    }
    if (!STEPS.contains(keyword)) {
      b.problem(location, "unknown step '" + keyword + "'" + Suggest.hint(keyword, STEPS, "steps"));
      return Optional.empty();
    }
    return switch (keyword) {
      case "flash" -> flash(value, location, b);
      case "reset" -> reset(value, location, b);
      case "run-until" -> runUntil(value, location, timeout, b);
      case "expect-output" -> expectOutput(value, location, timeout, b);
      case "expect-exit" -> expectExit(value, location, timeout, b);
      case "paint-stack" -> paintStack(value, location, b);
      case "stack-usage" -> stackUsage(value, location, b);
      case "expect-fault" -> expectFault(value, location, timeout, b);
      case "expect-no-fault" -> expectNoFault(value, location, timeout, b);
      case "expect-log" -> expectLog(value, location, timeout, b);
      case "fail-on-log" -> failOnLog(value, location, b);
      case "send" -> send(value, location, b);
      case "expect" -> expect(value, location, timeout, b);
      case "expect-not" -> expectNot(value, location, b);
      case "wait-for-prompt" -> waitForPrompt(value, location, timeout, b);
      case "run-embedded-tests" -> runEmbeddedTests(value, location, timeout, b);
      default -> throw new IllegalStateException("step without a reader: " + keyword);
    };
  }

  private static Optional<Step> flash(Optional<YamlNode> value, SourceLocation at, Binder b) {
    if (value.isPresent()) {
      b.problem(value.get().location(), "'flash' takes no options; write '- flash'");
      return Optional.empty();
    }
    return Optional.of(new Step.Flash(at));
  }

  private static Optional<Step> reset(Optional<YamlNode> value, SourceLocation at, Binder b) {
    if (value.isEmpty()) {
      return Optional.of(new Step.Reset(ResetMode.RUN, at));
    }
    return b.map(value.get(), "reset", RESET_KEYS)
        .map(
            m -> {
              boolean halt = b.optional(m, "halt").flatMap(n -> b.bool(n, "halt")).orElse(false);
              return new Step.Reset(halt ? ResetMode.HALT : ResetMode.RUN, at);
            });
  }

  private static Optional<Step> runUntil(
      Optional<YamlNode> value, SourceLocation at, Duration timeout, Binder b) {
    if (value.isEmpty()) {
      b.problem(
          at,
          "'run-until' needs options: { output: REGEX, exit: true, timeout: 5s, on-timeout:"
              + " pass|fail }");
      return Optional.empty();
    }
    Optional<YamlNode.MapNode> map = b.map(value.get(), "run-until", RUN_UNTIL_KEYS);
    if (map.isEmpty()) {
      return Optional.empty();
    }
    YamlNode.MapNode m = map.get();
    int before = b.problems().count();
    Optional<Pattern> output = b.optional(m, "output").flatMap(n -> b.regex(n, "output"));
    boolean exit = b.optional(m, "exit").flatMap(n -> b.bool(n, "exit")).orElse(false);
    Duration t =
        b.optional(m, "timeout").flatMap(n -> b.duration(n, "timeout", false)).orElse(timeout);
    boolean timeoutOk =
        b.optional(m, "on-timeout")
            .flatMap(
                n ->
                    b.scalar(
                        n,
                        "on-timeout",
                        "pass or fail",
                        s ->
                            switch (s) {
                              case "pass" -> true;
                              case "fail" -> false;
                              default ->
                                  throw new IllegalArgumentException(
                                      "expected pass or fail, got '" + s + "'");
                            }))
            .orElse(false);
    if (b.problems().count() != before) {
      return Optional.empty();
    }
    if (m.get("output").isEmpty() && !exit && !timeoutOk) {
      b.problem(
          m.location(),
          "'run-until' waits for nothing: give 'output: REGEX', 'exit: true', or 'on-timeout: pass'"
              + " to run for the timeout");
      return Optional.empty();
    }
    return Optional.of(new Step.RunUntil(output, exit, t, timeoutOk, at));
  }

  private static Optional<Step> expectOutput(
      Optional<YamlNode> value, SourceLocation at, Duration timeout, Binder b) {
    if (value.isEmpty()) {
      b.problem(
          at, "'expect-output' needs a pattern: 'expect-output: REGEX' or { pattern, timeout }");
      return Optional.empty();
    }
    if (value.get() instanceof YamlNode.Scalar) {
      return b.regex(value.get(), "expect-output").map(p -> new Step.ExpectOutput(p, timeout, at));
    }
    return b.map(value.get(), "expect-output", EXPECT_OUTPUT_KEYS)
        .flatMap(
            m -> {
              Optional<Pattern> p =
                  b.required(m, "pattern", "expect-output", "a regular expression")
                      .flatMap(n -> b.regex(n, "pattern"));
              Optional<Duration> t =
                  m.get("timeout").isPresent()
                      ? b.optional(m, "timeout").flatMap(n -> b.duration(n, "timeout", true))
                      : Optional.of(timeout);
              return p.isPresent() && t.isPresent()
                  ? Optional.of(new Step.ExpectOutput(p.get(), t.get(), at))
                  : Optional.empty();
            });
  }

  private static Optional<Step> expectExit(
      Optional<YamlNode> value, SourceLocation at, Duration timeout, Binder b) {
    if (value.isEmpty()) {
      b.problem(at, "'expect-exit' needs a code: 'expect-exit: 0' or { code, timeout }");
      return Optional.empty();
    }
    if (value.get() instanceof YamlNode.Scalar) {
      return b.int32(value.get(), "expect-exit").map(c -> new Step.ExpectExit(c, timeout, at));
    }
    return b.map(value.get(), "expect-exit", EXPECT_EXIT_KEYS)
        .flatMap(
            m -> {
              Optional<Integer> c =
                  b.required(m, "code", "expect-exit", "the exit code, like 0")
                      .flatMap(n -> b.int32(n, "code"));
              Optional<Duration> t =
                  m.get("timeout").isPresent()
                      ? b.optional(m, "timeout").flatMap(n -> b.duration(n, "timeout", false))
                      : Optional.of(timeout);
              return c.isPresent() && t.isPresent()
                  ? Optional.of(new Step.ExpectExit(c.get(), t.get(), at))
                  : Optional.empty();
            });
  }

  private static Optional<Step> paintStack(Optional<YamlNode> value, SourceLocation at, Binder b) {
    if (value.isEmpty()) {
      return Optional.of(new Step.PaintStack(OptionalLong.empty(), at));
    }
    return b.map(value.get(), "paint-stack", PAINT_STACK_KEYS)
        .flatMap(
            m -> {
              Optional<YamlNode> p = b.optional(m, "pattern");
              if (p.isEmpty()) {
                return Optional.of(new Step.PaintStack(OptionalLong.empty(), at));
              }
              return b.word32(p.get(), "pattern")
                  .map(v -> new Step.PaintStack(OptionalLong.of(v), at));
            });
  }

  private static Optional<Step> stackUsage(Optional<YamlNode> value, SourceLocation at, Binder b) {
    if (value.isEmpty()) {
      return Optional.of(new Step.StackUsage(OptionalInt.empty(), OptionalDouble.empty(), at));
    }
    return b.map(value.get(), "stack-usage", STACK_USAGE_KEYS)
        .flatMap(
            m -> {
              int before = b.problems().count();
              Optional<Long> bytes =
                  b.optional(m, "max-bytes").flatMap(n -> b.size(n, "max-bytes"));
              bytes
                  .filter(v -> v > Integer.MAX_VALUE)
                  .ifPresent(
                      v ->
                          b.problem(
                              m.get("max-bytes").orElseThrow().value().location(),
                              "'max-bytes': expected at most 2GiB"));
              Optional<Double> percent =
                  b.optional(m, "max-percent").flatMap(n -> b.percent(n, "max-percent"));
              if (b.problems().count() != before) {
                return Optional.empty();
              }
              return Optional.of(
                  new Step.StackUsage(
                      bytes.map(v -> OptionalInt.of(v.intValue())).orElse(OptionalInt.empty()),
                      percent.map(OptionalDouble::of).orElse(OptionalDouble.empty()),
                      at));
            });
  }

  private static Optional<Step> expectFault(
      Optional<YamlNode> value, SourceLocation at, Duration timeout, Binder b) {
    if (value.isEmpty()) {
      return Optional.of(
          new Step.ExpectFault(
              Optional.empty(), List.of(), OptionalLong.empty(), Optional.empty(), timeout, at));
    }
    if (value.get() instanceof YamlNode.Scalar) {
      return exception(value.get(), "expect-fault", b)
          .map(
              e ->
                  new Step.ExpectFault(
                      Optional.of(e),
                      List.of(),
                      OptionalLong.empty(),
                      Optional.empty(),
                      timeout,
                      at));
    }
    Optional<YamlNode.MapNode> map = b.map(value.get(), "expect-fault", EXPECT_FAULT_KEYS);
    if (map.isEmpty()) {
      return Optional.empty();
    }
    YamlNode.MapNode m = map.get();
    int before = b.problems().count();
    if (m.entries().isEmpty()) {
      b.problem(
          m.location(),
          "'expect-fault' with an empty map: give exception, flags, address or function, or write"
              + " '- expect-fault' for any fault");
      return Optional.empty();
    }
    Optional<String> exception =
        b.optional(m, "exception").flatMap(n -> exception(n, "exception", b));
    List<String> flags = b.optional(m, "flags").map(n -> flags(n, b)).orElse(List.of());
    Optional<Long> address = b.optional(m, "address").flatMap(n -> b.address(n, "address"));
    Optional<String> function = b.optional(m, "function").flatMap(n -> function(n, b));
    Duration t =
        b.optional(m, "timeout").flatMap(n -> b.duration(n, "timeout", false)).orElse(timeout);
    if (b.problems().count() != before) {
      return Optional.empty();
    }
    return Optional.of(
        new Step.ExpectFault(
            exception,
            flags,
            address.map(OptionalLong::of).orElse(OptionalLong.empty()),
            function,
            t,
            at));
  }

  private static Optional<String> exception(YamlNode node, String key, Binder b) {
    return b.scalar(
        node,
        key,
        "an exception: " + String.join(", ", Step.ExpectFault.EXCEPTIONS),
        s -> {
          if (!Step.ExpectFault.EXCEPTIONS.contains(s)) {
            throw new IllegalArgumentException(
                "unknown exception '"
                    + s
                    + "'"
                    + Suggest.hintAndList(s, Step.ExpectFault.EXCEPTIONS, "exceptions"));
          }
          return s;
        });
  }

  private static List<String> flags(YamlNode node, Binder b) {
    List<YamlNode> items = node instanceof YamlNode.ListNode list ? list.items() : List.of(node);
    if (items.isEmpty()) {
      b.problem(
          node.location(),
          "'flags': expected at least one fault status flag, like [DACCVIOL, MMARVALID]");
    }
    Set<String> flags = new LinkedHashSet<>();
    for (YamlNode item : items) {
      b.scalar(
              item,
              "flags",
              "a fault status flag like DACCVIOL",
              s -> {
                if (!FAULT_FLAGS.contains(s)) {
                  throw new IllegalArgumentException(
                      "unknown fault flag '" + s + "'" + Suggest.hint(s, FAULT_FLAGS, "flags"));
                }
                return s;
              })
          .ifPresent(
              f -> {
                if (!flags.add(f)) {
                  b.problem(item.location(), "'flags': " + f + " is listed twice");
                }
              });
    }
    return List.copyOf(flags);
  }

  private static Optional<String> function(YamlNode node, Binder b) {
    return b.scalar(
        node,
        "function",
        "a function name like ro_write",
        s -> {
          if (s.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException(
                "expected a function name as the ELF symbol table spells it (no spaces), got '"
                    + s
                    + "'");
          }
          return s;
        });
  }

  private static Optional<Step> expectNoFault(
      Optional<YamlNode> value, SourceLocation at, Duration timeout, Binder b) {
    if (value.isEmpty()) {
      return Optional.of(new Step.ExpectNoFault(timeout, at));
    }
    return b.map(value.get(), "expect-no-fault", EXPECT_NO_FAULT_KEYS)
        .flatMap(
            m ->
                m.get("timeout").isPresent()
                    ? b.optional(m, "timeout").flatMap(n -> b.duration(n, "timeout", false))
                    : Optional.of(timeout))
        .map(t -> new Step.ExpectNoFault(t, at));
  }

  private static Optional<Step> runEmbeddedTests(
      Optional<YamlNode> value, SourceLocation at, Duration timeout, Binder b) {
    if (value.isEmpty()) {
      return Optional.of(new Step.RunEmbeddedTests(Optional.empty(), timeout, at));
    }
    Optional<YamlNode.MapNode> map =
        b.map(value.get(), "run-embedded-tests", RUN_EMBEDDED_TESTS_KEYS);
    if (map.isEmpty()) {
      return Optional.empty();
    }
    int before = b.problems().count();
    Optional<String> filter = b.optional(map.get(), "filter").flatMap(n -> b.string(n, "filter"));
    Duration limit =
        b.optional(map.get(), "timeout")
            .flatMap(n -> b.duration(n, "timeout", false))
            .orElse(timeout);
    if (b.problems().count() != before) {
      return Optional.empty();
    }
    return Optional.of(new Step.RunEmbeddedTests(filter, limit, at));
  }

  private static Optional<Step> expectLog(
      Optional<YamlNode> value, SourceLocation at, Duration timeout, Binder b) {
    if (value.isEmpty()) {
      b.problem(
          at, "'expect-log' needs a pattern: 'expect-log: REGEX' or { level, pattern, timeout }");
      return Optional.empty();
    }
    if (value.get() instanceof YamlNode.Scalar) {
      return b.regex(value.get(), "expect-log")
          .map(p -> new Step.ExpectLog(Optional.empty(), p, timeout, at));
    }
    return b.map(value.get(), "expect-log", EXPECT_LOG_KEYS)
        .flatMap(
            m -> {
              int before = b.problems().count();
              Optional<Level> level = b.optional(m, "level").flatMap(n -> level(n, "level", b));
              Optional<Pattern> p =
                  b.required(m, "pattern", "expect-log", "a regular expression")
                      .flatMap(n -> b.regex(n, "pattern"));
              Duration t =
                  b.optional(m, "timeout")
                      .flatMap(n -> b.duration(n, "timeout", true))
                      .orElse(timeout);
              return b.problems().count() == before && p.isPresent()
                  ? Optional.of(new Step.ExpectLog(level, p.get(), t, at))
                  : Optional.empty();
            });
  }

  private static Optional<Step> failOnLog(Optional<YamlNode> value, SourceLocation at, Binder b) {
    if (value.isEmpty()) {
      b.problem(
          at,
          "'fail-on-log' needs a level: 'fail-on-log: error', { level: warn }, or 'off'; levels: "
              + String.join(", ", LEVELS));
      return Optional.empty();
    }
    return failOnLevel(value.get(), b).map(level -> new Step.FailOnLog(level, at));
  }

  /** {@code error}, {@code { level: warn }} or {@code off} (empty). */
  private static Optional<Optional<Level>> failOnLevel(YamlNode node, Binder b) {
    YamlNode levelNode = node;
    if (node instanceof YamlNode.MapNode) {
      Optional<YamlNode.MapNode> map = b.map(node, "fail-on-log", FAIL_ON_LOG_KEYS);
      if (map.isEmpty()) {
        return Optional.empty();
      }
      Optional<YamlNode> l =
          b.required(map.get(), "level", "fail-on-log", "a level: " + String.join(", ", LEVELS));
      if (l.isEmpty()) {
        return Optional.empty();
      }
      levelNode = l.get();
    }
    if (levelNode instanceof YamlNode.Scalar s && !s.isNull() && s.text().equals("off")) {
      return Optional.of(Optional.empty());
    }
    return level(levelNode, "fail-on-log", b).map(Optional::of);
  }

  private static Optional<Level> level(YamlNode node, String key, Binder b) {
    return b.scalar(
        node,
        key,
        "a log level: " + String.join(", ", LEVELS),
        s -> {
          if (!LEVELS.contains(s)) {
            throw new IllegalArgumentException(
                "unknown log level '" + s + "'" + Suggest.hintAndList(s, LEVELS, "levels"));
          }
          return Level.parse(s).orElseThrow();
        });
  }

  private static Optional<ResultsFormat> results(YamlNode node, Binder b) {
    return b.scalar(
        node,
        "results",
        "a test-result protocol: " + String.join(", ", ResultsFormat.ids()),
        s ->
            ResultsFormat.byId(s)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "unknown test-result protocol '"
                                + s
                                + "'"
                                + Suggest.hintAndList(s, ResultsFormat.ids(), "protocols"))));
  }

  private static Optional<String> link(YamlNode.MapNode m, Binder b) {
    Optional<YamlNode> node = b.optional(m, "link");
    if (node.isEmpty()) {
      return Optional.of(Step.DEFAULT_LINK);
    }
    return b.scalar(
        node.get(),
        "link",
        "a link name: " + String.join(", ", LINKS),
        s -> {
          if (!LINKS.contains(s)) {
            throw new IllegalArgumentException(
                "unknown link '" + s + "'" + Suggest.hintAndList(s, LINKS, "links"));
          }
          return s;
        });
  }

  private static Optional<Step> send(Optional<YamlNode> value, SourceLocation at, Binder b) {
    if (value.isEmpty()) {
      b.problem(
          at,
          "'send' needs something to send: 'send: \"help\\n\"' or { text, bytes, line-ending,"
              + " link }");
      return Optional.empty();
    }
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    String link = Step.DEFAULT_LINK;
    if (value.get() instanceof YamlNode.Scalar) {
      Optional<String> text = b.text(value.get(), "send");
      if (text.isEmpty()) {
        return Optional.empty();
      }
      data.writeBytes(text.get().getBytes(StandardCharsets.UTF_8));
    } else {
      Optional<YamlNode.MapNode> map = b.map(value.get(), "send", SEND_KEYS);
      if (map.isEmpty()) {
        return Optional.empty();
      }
      YamlNode.MapNode m = map.get();
      int before = b.problems().count();
      if (m.get("text").isEmpty() && m.get("bytes").isEmpty()) {
        b.problem(m.location(), "'send' needs 'text', 'bytes' or both");
        return Optional.empty();
      }
      b.optional(m, "text")
          .flatMap(n -> b.text(n, "text"))
          .ifPresent(t -> data.writeBytes(t.getBytes(StandardCharsets.UTF_8)));
      b.optional(m, "bytes").ifPresent(n -> bytes(n, data, b));
      b.optional(m, "line-ending")
          .flatMap(n -> lineEnding(n, b))
          .ifPresent(e -> data.writeBytes(e.getBytes(StandardCharsets.US_ASCII)));
      Optional<String> l = link(m, b);
      if (b.problems().count() != before || l.isEmpty()) {
        return Optional.empty();
      }
      link = l.get();
    }
    if (data.size() == 0) {
      b.problem(
          value.get().location(),
          "'send': nothing to send (empty text and no bytes); give a line-ending to send only"
              + " that");
      return Optional.empty();
    }
    if (data.size() > Step.Send.MAX_BYTES) {
      b.problem(
          value.get().location(),
          "'send': "
              + data.size()
              + " bytes, more than the "
              + Step.Send.MAX_BYTES
              + " one step sends");
      return Optional.empty();
    }
    return Optional.of(new Step.Send(data.toByteArray(), link, at));
  }

  private static void bytes(YamlNode node, ByteArrayOutputStream data, Binder b) {
    List<YamlNode> items = node instanceof YamlNode.ListNode list ? list.items() : List.of(node);
    if (items.isEmpty()) {
      b.problem(node.location(), "'bytes': expected at least one byte, like [0x03]");
    }
    for (YamlNode item : items) {
      b.scalar(
              item,
              "bytes",
              "a byte like 0x03 or 13",
              s -> {
                int v = Units.int32(s);
                if (v < 0 || v > 0xFF) {
                  throw new IllegalArgumentException(
                      "expected a byte from 0 to 255 (0x00 to 0xFF), got '" + s + "'");
                }
                return v;
              })
          .ifPresent(data::write);
    }
  }

  private static Optional<String> lineEnding(YamlNode node, Binder b) {
    return b.scalar(
        node,
        "line-ending",
        "one of " + String.join(", ", LINE_ENDING_NAMES),
        s -> {
          String ending = LINE_ENDINGS.get(s);
          if (ending == null) {
            throw new IllegalArgumentException(
                "unknown line ending '"
                    + s
                    + "'"
                    + Suggest.hintAndList(s, LINE_ENDING_NAMES, "line endings"));
          }
          return ending;
        });
  }

  private static Optional<Step> expect(
      Optional<YamlNode> value, SourceLocation at, Duration timeout, Binder b) {
    if (value.isEmpty()) {
      b.problem(at, "'expect' needs a pattern: 'expect: REGEX' or { pattern, timeout, link }");
      return Optional.empty();
    }
    if (value.get() instanceof YamlNode.Scalar) {
      return b.regex(value.get(), "expect")
          .map(p -> new Step.Expect(p, timeout, Step.DEFAULT_LINK, at));
    }
    return b.map(value.get(), "expect", EXPECT_KEYS)
        .flatMap(
            m -> {
              int before = b.problems().count();
              Optional<Pattern> p =
                  b.required(m, "pattern", "expect", "a regular expression")
                      .flatMap(n -> b.regex(n, "pattern"));
              Duration t =
                  b.optional(m, "timeout")
                      .flatMap(n -> b.duration(n, "timeout", true))
                      .orElse(timeout);
              Optional<String> link = link(m, b);
              return b.problems().count() == before && p.isPresent() && link.isPresent()
                  ? Optional.of(new Step.Expect(p.get(), t, link.get(), at))
                  : Optional.empty();
            });
  }

  private static Optional<Step> expectNot(Optional<YamlNode> value, SourceLocation at, Binder b) {
    if (value.isEmpty()) {
      b.problem(at, "'expect-not' needs a pattern: 'expect-not: REGEX' or { pattern, for, link }");
      return Optional.empty();
    }
    if (value.get() instanceof YamlNode.Scalar) {
      return b.regex(value.get(), "expect-not")
          .map(p -> new Step.ExpectNot(p, Optional.empty(), Step.DEFAULT_LINK, at));
    }
    return b.map(value.get(), "expect-not", EXPECT_NOT_KEYS)
        .flatMap(
            m -> {
              int before = b.problems().count();
              Optional<Pattern> p =
                  b.required(m, "pattern", "expect-not", "a regular expression")
                      .flatMap(n -> b.regex(n, "pattern"));
              Optional<Duration> window =
                  b.optional(m, "for").flatMap(n -> b.duration(n, "for", false));
              Optional<String> link = link(m, b);
              return b.problems().count() == before && p.isPresent() && link.isPresent()
                  ? Optional.of(new Step.ExpectNot(p.get(), window, link.get(), at))
                  : Optional.empty();
            });
  }

  private static Optional<Step> waitForPrompt(
      Optional<YamlNode> value, SourceLocation at, Duration timeout, Binder b) {
    if (value.isEmpty()) {
      b.problem(
          at,
          "'wait-for-prompt' needs the prompt: 'wait-for-prompt: \"> \"' or { prompt, timeout,"
              + " link }");
      return Optional.empty();
    }
    if (value.get() instanceof YamlNode.Scalar) {
      return prompt(value.get(), "wait-for-prompt", b)
          .map(p -> new Step.WaitForPrompt(p, timeout, Step.DEFAULT_LINK, at));
    }
    return b.map(value.get(), "wait-for-prompt", WAIT_FOR_PROMPT_KEYS)
        .flatMap(
            m -> {
              int before = b.problems().count();
              Optional<String> p =
                  b.required(m, "prompt", "wait-for-prompt", "the prompt text, like '> '")
                      .flatMap(n -> prompt(n, "prompt", b));
              Duration t =
                  b.optional(m, "timeout")
                      .flatMap(n -> b.duration(n, "timeout", true))
                      .orElse(timeout);
              Optional<String> link = link(m, b);
              return b.problems().count() == before && p.isPresent() && link.isPresent()
                  ? Optional.of(new Step.WaitForPrompt(p.get(), t, link.get(), at))
                  : Optional.empty();
            });
  }

  /** A prompt is literal text; spaces count, so it may not be blank but may end in one. */
  private static Optional<String> prompt(YamlNode node, String key, Binder b) {
    Optional<String> text = b.text(node, key);
    if (text.isPresent() && text.get().isEmpty()) {
      b.problem(node.location(), "'" + key + "': the prompt is empty");
      return Optional.empty();
    }
    return text;
  }
}
