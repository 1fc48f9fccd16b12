package io.hilt.orchestrator.steps;

import io.hilt.orchestrator.config.ConfigException;
import io.hilt.orchestrator.config.DeviceProfile;
import io.hilt.orchestrator.config.Step;
import io.hilt.orchestrator.results.ResultCase;
import io.hilt.probe.drivers.probers.EmbeddedTestRun;
import io.hilt.probe.drivers.probers.EmbeddedTestSelection;
import io.hilt.probe.drivers.probers.ProbeRsTarget;
import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.fault.FaultAddress;
import io.hilt.probe.fault.FaultReport;
import io.hilt.probe.target.Arch;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.OutputChunk;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.StopReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Runs the steps of one test on one open target and keeps what they share: whether the core runs,
 * how it stopped, the painted stack. Every wait is bounded by the step's timeout.
 */
final class StepExecutor {
  /** Waits are cut into slices so output patterns are checked while the core runs. */
  private static final Duration SLICE = Duration.ofMillis(20);

  private static final int TAIL_LINES = 10;

  /** How long a send may wait for the link to take its bytes. */
  static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);

  /** An {@code expect-not} without a window: checked until the test ends. */
  private record Watch(Step.ExpectNot step, Console console, long from) {}

  private final DeviceProfile profile;
  private final DebugTarget target;
  private final FirmwareImages.Firmware firmware;
  private final OutputRecorder output;
  private final Map<String, String> properties;
  private final StackPainter painter;
  private final BooleanSupplier cancelled;
  private final FaultDetector faults;
  private final TestLogs logs;
  private final Map<String, Console> consoles;
  private final List<Watch> watches = new ArrayList<>();
  private final Consumer<ResultCase> reported;
  private Step current;

  private boolean running;
  private Optional<StopReason> ended = Optional.empty();
  private Optional<PaintedStack> painted = Optional.empty();

  /** The fault the last passed expect-fault accepted: seeing it again is not a new fault. */
  private Optional<DetectedFault> accepted = Optional.empty();

  StepExecutor(
      DeviceProfile profile,
      DebugTarget target,
      FirmwareImages.Firmware firmware,
      OutputRecorder output,
      Map<String, String> properties,
      TestLogs logs,
      Map<String, Console> consoles,
      BooleanSupplier cancelled,
      Consumer<ResultCase> reported) {
    this.reported = reported;
    this.logs = logs;
    this.consoles = Map.copyOf(consoles);
    this.profile = profile;
    this.target = target;
    this.firmware = firmware;
    this.output = output;
    this.properties = properties;
    this.painter = new StackPainter(target);
    this.cancelled = cancelled;
    this.faults = new FaultDetector(target, profile.arch(), firmware.elf());
  }

  void execute(Step step) {
    current = step;
    try {
      dispatch(step);
    } catch (BoundedText.PatternTooSlowException e) {
      throw new ConfigException(
          step.location(),
          "the output pattern took more than "
              + human(OutputRecorder.MATCH_BUDGET)
              + " to match "
              + output.systemOut().length()
              + " characters of output; simplify it (a repeated group that can match the same text"
              + " in many ways, such as (.*a){20}, backtracks exponentially)",
          e);
    }
  }

  private void dispatch(Step step) {
    // Java 17 has no pattern switch; the final throw catches a Step added without a case here
    if (step instanceof Step.Flash) {
      flash();
    } else if (step instanceof Step.Reset reset) {
      reset(reset.mode());
    } else if (step instanceof Step.RunUntil runUntil) {
      runUntil(runUntil);
    } else if (step instanceof Step.ExpectOutput expectOutput) {
      expectOutput(expectOutput);
    } else if (step instanceof Step.ExpectExit expectExit) {
      expectExit(expectExit);
    } else if (step instanceof Step.PaintStack paintStack) {
      paintStack(paintStack);
    } else if (step instanceof Step.StackUsage stackUsage) {
      stackUsage(stackUsage);
    } else if (step instanceof Step.ExpectFault expectFault) {
      expectFault(expectFault);
    } else if (step instanceof Step.ExpectNoFault expectNoFault) {
      expectNoFault(expectNoFault);
    } else if (step instanceof Step.ExpectLog expectLog) {
      expectLog(expectLog);
    } else if (step instanceof Step.FailOnLog failOnLog) {
      logs.failOn(failOnLog);
    } else if (step instanceof Step.Send send) {
      console(send, send.link()).send(send.data(), SEND_TIMEOUT);
    } else if (step instanceof Step.Expect expect) {
      expect(expect);
    } else if (step instanceof Step.ExpectNot expectNot) {
      expectNot(expectNot);
    } else if (step instanceof Step.RunEmbeddedTests embeddedTests) {
      runEmbeddedTests(embeddedTests);
    } else if (step instanceof Step.WaitForPrompt waitForPrompt) {
      waitForPrompt(waitForPrompt);
    } else {
      throw new IllegalStateException("no executor for step " + step.keyword());
    }
  }

  /** After the last step: the logs still in the buffers count (and may fail the test). */
  void finish() {
    if (current != null) {
      logs.drain(current);
    }
    checkWatches();
  }

  private Console console(Step step, String link) {
    Console console = consoles.get(link);
    if (console == null) {
      throw new ConfigException(
          step.location(),
          "'"
              + step.keyword()
              + "' uses link '"
              + link
              + "', which profile "
              + profile.name()
              + " does not have: its driver '"
              + profile.driver()
              + "' gives the target no console UART"
              + (consoles.isEmpty() ? "" : "; links: " + String.join(", ", consoles.keySet())));
    }
    return console;
  }

  private void expect(Step.Expect step) {
    Console console = console(step, step.link());
    boolean[] hit = {false};
    BooleanSupplier done = () -> hit[0] || (hit[0] = console.expect(step.pattern()).isPresent());
    Optional<StopReason> stop = runWhileNot(done, step.timeout());
    if (done.getAsBoolean()) {
      return;
    }
    failOnFault(step, stop);
    throw failure(
        step, notOnConsole(console, "matching /" + step.pattern() + "/", stop, step.timeout()));
  }

  private void waitForPrompt(Step.WaitForPrompt step) {
    Console console = console(step, step.link());
    boolean[] hit = {false};
    BooleanSupplier done = () -> hit[0] || (hit[0] = console.expectLiteral(step.prompt()));
    Optional<StopReason> stop = runWhileNot(done, step.timeout());
    if (done.getAsBoolean()) {
      return;
    }
    failOnFault(step, stop);
    throw failure(
        step,
        notOnConsole(
            console,
            "showing the prompt '" + step.prompt().replace("\r", "\\r").replace("\n", "\\n") + "'",
            stop,
            step.timeout()));
  }

  private static String notOnConsole(
      Console console, String what, Optional<StopReason> stop, Duration timeout) {
    return "no console output on "
        + console.describe()
        + " "
        + what
        + stop.map(r -> "; " + StopReasons.describe(r)).orElse(" within " + human(timeout))
        + "\nconsole since the last match:\n"
        + console.pending(TAIL_LINES).indent(2).stripTrailing();
  }

  private void expectNot(Step.ExpectNot step) {
    Console console = console(step, step.link());
    long from = console.cursor();
    if (step.window().isEmpty()) {
      watches.add(new Watch(step, console, from));
      checkWatches();
      return;
    }
    List<String> seen = new ArrayList<>(1);
    BooleanSupplier done =
        () -> {
          if (seen.isEmpty()) {
            console.seenSince(from, step.pattern()).ifPresent(seen::add);
          }
          return !seen.isEmpty();
        };
    Optional<StopReason> stop = runWhileNot(done, step.window().get());
    if (!seen.isEmpty()) {
      throw failure(
          step,
          unwanted(console, step.pattern(), seen.get(0))
              + " within the "
              + human(step.window().get())
              + " window");
    }
    failOnFault(step, stop);
  }

  /**
   * Fails the test when an {@code expect-not} that lasts to the end of the test sees its pattern.
   */
  private void checkWatches() {
    for (Watch w : watches) {
      Optional<String> seen = w.console().seenSince(w.from(), w.step().pattern());
      if (seen.isPresent()) {
        throw failure(
            w.step(),
            unwanted(w.console(), w.step().pattern(), seen.get())
                + (current != null && current != w.step()
                    ? " (while running " + current.keyword() + " at " + current.location() + ")"
                    : ""));
      }
    }
  }

  private static String unwanted(Console console, Pattern pattern, String matched) {
    String shown = matched.length() > 200 ? matched.substring(0, 200) + "..." : matched;
    return "console "
        + console.describe()
        + " showed /"
        + pattern
        + "/: '"
        + shown.replace("\r", "\\r").replace("\n", "\\n")
        + "'";
  }

  private void expectLog(Step.ExpectLog step) {
    BooleanSupplier done = () -> logs.seen(step.level(), step.pattern());
    Optional<StopReason> stop = runWhileNot(done, step.timeout());
    if (done.getAsBoolean()) {
      return;
    }
    failOnFault(step, stop);
    String why =
        stop.map(r -> "; " + StopReasons.describe(r)).orElse(" within " + human(step.timeout()));
    throw failure(
        step,
        "no log line"
            + step.level().map(l -> " at level " + l.lowerCase()).orElse("")
            + " matching /"
            + step.pattern()
            + "/"
            + why
            + " ("
            + logs.count()
            + " log lines seen)");
  }

  /**
   * Hands the firmware to {@code probe-rs run}, which flashes it and runs its embedded-test suite;
   * every test becomes a case under this test, and the step fails when one failed or never ran.
   */
  private void runEmbeddedTests(Step.RunEmbeddedTests step) {
    DebugTarget device = target instanceof ArgumentsBlockTarget a ? a.wrapped() : target;
    if (!(device instanceof ProbeRsTarget probeRs)) {
      throw new ConfigException(
          step.location(),
          "run-embedded-tests runs the tests through probe-rs; profile "
              + profile.name()
              + " uses driver "
              + profile.driver()
              + " (use a driver: probe-rs profile)");
    }
    logs.detach(step);
    EmbeddedTestRun run =
        probeRs.runEmbeddedTests(
            firmware.path(),
            new EmbeddedTestSelection(step.filter(), false, List.of(), false),
            step.timeout(),
            line ->
                output.onOutput(
                    new OutputChunk(
                        OutputChannel.RTT,
                        (line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    running = false;
    ended = Optional.empty();
    accepted = Optional.empty();
    int failed = 0;
    int notRun = 0;
    for (EmbeddedTestRun.Outcome o : run.outcomes()) {
      ResultCase.Status status =
          switch (o.status()) {
            case PASSED -> ResultCase.Status.PASSED;
            case FAILED -> ResultCase.Status.FAILED;
            case IGNORED -> ResultCase.Status.SKIPPED;
            case NOT_RUN -> ResultCase.Status.ERROR;
          };
      failed += status == ResultCase.Status.FAILED ? 1 : 0;
      notRun += status == ResultCase.Status.ERROR ? 1 : 0;
      reported.accept(
          new ResultCase(o.name(), status, o.message().orElse(""), Optional.empty(), o.output()));
    }
    properties.put("embedded-tests", Integer.toString(run.outcomes().size()));
    run.abort().ifPresent(a -> output.note("embedded-test run aborted: " + a.message()));
    if (failed > 0 || notRun > 0) {
      throw failure(
          step,
          String.format(
              "%d of %d embedded tests failed, %d never ran%s",
              failed,
              run.outcomes().size(),
              notRun,
              run.abort().map(a -> " (" + a.message() + ")").orElse("")));
    }
  }

  private void flash() {
    logs.detach(current);
    target.load(firmware.image());
    running = false;
    ended = Optional.empty();
    accepted = Optional.empty();
  }

  private void reset(ResetMode mode) {
    logs.detach(current);
    target.reset(mode);
    running = mode == ResetMode.RUN;
    ended = Optional.empty();
    accepted = Optional.empty();
  }

  private void runUntil(Step.RunUntil step) {
    BooleanSupplier done = () -> step.output().map(output::matches).orElse(false);
    Optional<StopReason> stop = runWhileNot(done, step.timeout());
    if (done.getAsBoolean()) {
      return;
    }
    failOnFault(step, stop);
    if (stop.isPresent()) {
      StopReason reason = stop.get();
      if (step.untilExit() && StopReasons.exitCode(reason).isPresent()) {
        return;
      }
      throw failure(
          step,
          StopReasons.describe(reason)
              + step.output().map(p -> " before output matched /" + p + "/").orElse(""));
    }
    if (step.timeoutOk()) {
      return;
    }
    throw failure(step, missed(step));
  }

  private static String missed(Step.RunUntil step) {
    String within = " within " + human(step.timeout());
    Optional<String> pattern = step.output().map(p -> "output matching /" + p + "/");
    if (pattern.isPresent() && step.untilExit()) {
      return "neither " + pattern.get() + " nor an exit" + within;
    }
    if (pattern.isPresent()) {
      return "no " + pattern.get() + within;
    }
    return step.untilExit()
        ? "the firmware did not exit" + within
        : "timed out after " + human(step.timeout());
  }

  private void expectOutput(Step.ExpectOutput step) {
    BooleanSupplier done = () -> output.matches(step.pattern());
    Optional<StopReason> stop = runWhileNot(done, step.timeout());
    if (done.getAsBoolean()) {
      return;
    }
    failOnFault(step, stop);
    String why =
        stop.map(r -> "; " + StopReasons.describe(r)).orElse(" within " + human(step.timeout()));
    throw failure(step, "no output matching /" + step.pattern() + "/" + why);
  }

  private void expectExit(Step.ExpectExit step) {
    Optional<StopReason> stop = runWhileNot(() -> false, step.timeout());
    failOnFault(step, stop);
    OptionalInt code = stop.map(StopReasons::exitCode).orElse(OptionalInt.empty());
    if (code.isPresent() && code.getAsInt() == step.code()) {
      return;
    }
    String actual =
        stop.map(StopReasons::describe)
            .orElse("the firmware did not exit within " + human(step.timeout()));
    throw new AssertionFailedError(
        message(step, "expected exit code " + step.code() + " but " + actual),
        step.code(),
        code.isPresent() ? code.getAsInt() : actual);
  }

  private void paintStack(Step.PaintStack step) {
    logs.detach(step);
    target.reset(ResetMode.HALT);
    running = false;
    ended = Optional.empty();
    accepted = Optional.empty();
    long resetStackPointer = painter.stackPointer();
    StackRegion region = StackRegions.resolve(profile, this::elf, resetStackPointer);
    // RISC-V loads no stack pointer at reset (the startup code sets sp), so nothing is live yet
    long stackPointer = profile.arch() == Arch.RISCV32IMAC ? region.top() : resetStackPointer;
    int pattern = (int) step.pattern().orElse(StackPainter.DEFAULT_PATTERN);
    PaintedStack done = painter.paint(region, stackPointer, pattern);
    painted = Optional.of(done);
    output.note("painted stack " + done.describe());
  }

  private void stackUsage(Step.StackUsage step) {
    PaintedStack stack =
        painted.orElseThrow(
            () ->
                new ConfigException(
                    step.location(), "stack-usage needs a paint-stack step before it"));
    StackMeasurement measured = painter.measure(stack);
    properties.put("stack.used-bytes", Long.toString(measured.usedBytes()));
    properties.put("stack.used-percent", measured.percentText());
    properties.put("stack.size-bytes", Integer.toString(measured.region().sizeBytes()));
    output.note(measured.describe());
    if (measured.overflowed()) {
      throw new AssertionFailedError(message(step, measured.describe()));
    }
    if (step.maxBytes().isPresent() && measured.usedBytes() > step.maxBytes().getAsInt()) {
      throw new AssertionFailedError(
          message(
              step,
              "stack used "
                  + measured.usedBytes()
                  + " bytes, more than max-bytes "
                  + step.maxBytes().getAsInt()),
          step.maxBytes().getAsInt(),
          measured.usedBytes());
    }
    if (step.maxPercent().isPresent() && measured.percent() > step.maxPercent().getAsDouble()) {
      throw new AssertionFailedError(
          message(
              step,
              "stack used "
                  + measured.percentText()
                  + "% of its region, more than max-percent "
                  + step.maxPercent().getAsDouble()),
          step.maxPercent().getAsDouble(),
          measured.percent());
    }
  }

  private void expectFault(Step.ExpectFault step) {
    Optional<StopReason> stop = runWhileNot(() -> false, step.timeout());
    Optional<DetectedFault> seen = faultAfter(stop);
    String expected = expectedText(step);
    if (seen.isEmpty()) {
      String actual =
          stop.map(StopReasons::describe)
              .orElse("no fault happened within " + human(step.timeout()));
      throw new AssertionFailedError(
          message(step, "expected a fault (" + expected + ") but " + actual), expected, actual);
    }
    DetectedFault fault = seen.get();
    record(fault);
    List<String> mismatches = mismatches(step, fault);
    if (!mismatches.isEmpty()) {
      throw new AssertionFailedError(
          message(
              step,
              "expected a fault ("
                  + expected
                  + ") but got "
                  + fault.headline()
                  + ":\n"
                  + String.join("\n", mismatches).indent(2)
                  + "decoded fault ("
                  + fault.how().description()
                  + "):\n"
                  + fault.text().indent(2).stripTrailing()),
          expected,
          actualText(fault));
    }
    output.note("expected fault seen: " + fault.headline());
    accepted = Optional.of(fault);
    if (stop.isPresent() && stop.get() instanceof StopReason.Fault) {
      // a vector catch stops at the handler's entry: later steps may let the handler run
      ended = Optional.empty();
    }
  }

  private static String expectedText(Step.ExpectFault step) {
    if (step.anyFault()) {
      return "any fault";
    }
    List<String> parts = new ArrayList<>();
    step.exception().ifPresent(e -> parts.add("exception " + e));
    if (!step.flags().isEmpty()) {
      parts.add("flags " + String.join(", ", step.flags()));
    }
    step.address().ifPresent(a -> parts.add("address " + StackRegion.hex(a)));
    step.function().ifPresent(f -> parts.add("function " + f));
    return String.join("; ", parts);
  }

  private static String actualText(DetectedFault fault) {
    if (fault.report().isEmpty()) {
      return fault.summary();
    }
    FaultReport r = fault.report().get();
    List<String> parts = new ArrayList<>();
    parts.add("exception " + r.exception());
    parts.add("flags " + (r.flags().isEmpty() ? "(none)" : String.join(", ", r.flagNames())));
    parts.add(
        "address " + r.address().map(a -> StackRegion.hex(a.address())).orElse("(not valid)"));
    parts.add("function " + r.function().orElse("(unknown)"));
    return String.join("; ", parts);
  }

  /** What differs between the expectation and the decoded fault, one line each. */
  private static List<String> mismatches(Step.ExpectFault step, DetectedFault fault) {
    List<String> out = new ArrayList<>();
    if (step.anyFault()) {
      return out;
    }
    if (fault.report().isEmpty()) {
      out.add("the fault could not be decoded: " + fault.analysisProblem().orElseThrow());
      return out;
    }
    FaultReport r = fault.report().get();
    step.exception()
        .filter(e -> !e.equals(r.exception()))
        .ifPresent(
            e ->
                out.add(
                    "exception: expected "
                        + e
                        + ", got "
                        + r.exception()
                        + r.cause().map(c -> " (escalated from " + c + ")").orElse("")));
    List<String> missing = step.flags().stream().filter(f -> !r.hasFlag(f)).toList();
    if (!missing.isEmpty()) {
      out.add(
          "flags: expected "
              + String.join(", ", step.flags())
              + " set; not set: "
              + String.join(", ", missing)
              + "; set: "
              + (r.flags().isEmpty()
                  ? "none"
                      + (r.details().statusRecorded() ? "" : " (not recorded on " + r.arch() + ")")
                  : String.join(", ", r.flagNames())));
    }
    if (step.address().isPresent()) {
      long want = step.address().getAsLong();
      Optional<FaultAddress> got = r.address();
      if (got.isEmpty()) {
        out.add(
            "address: expected "
                + StackRegion.hex(want)
                + ", but the fault has no valid address (no MMARVALID or BFARVALID)");
      } else if (got.get().address() != want) {
        out.add("address: expected " + StackRegion.hex(want) + ", got " + got.get());
      }
    }
    step.function()
        .filter(f -> !Optional.of(f).equals(r.function()))
        .ifPresent(
            f ->
                out.add(
                    "function: expected "
                        + f
                        + ", got "
                        + r.pc()
                            .map(
                                pc ->
                                    pc.function()
                                        .map(name -> pc.describe())
                                        .orElse(
                                            StackRegion.hex(pc.address())
                                                + " (no symbol there in the ELF)"))
                            .orElse("an unknown place (the faulting PC was not read)")));
    return out;
  }

  private void expectNoFault(Step.ExpectNoFault step) {
    Optional<StopReason> stop = runWhileNot(() -> false, step.timeout());
    Optional<DetectedFault> fault = faultAfter(stop);
    if (fault.isPresent()) {
      record(fault.get());
      throw failure(step, "expected no fault but " + faultMessage(fault.get()));
    }
  }

  /** Fails the step when how its wait ended shows a fault no expect-fault accepted. */
  private void failOnFault(Step step, Optional<StopReason> stop) {
    Optional<DetectedFault> fault = faultAfter(stop);
    if (fault.isPresent()) {
      record(fault.get());
      throw failure(step, "unexpected " + faultMessage(fault.get()));
    }
  }

  private static String faultMessage(DetectedFault fault) {
    return fault.headline()
        + ": "
        + fault.summary()
        + "; "
        + fault.how().description()
        + "\n"
        + fault.text().indent(2).stripTrailing();
  }

  /**
   * The fault a wait's end shows, other than the one already accepted. A wait that timed out halts
   * the core to see whether it is spinning in a fault handler, and resumes it when not.
   */
  private Optional<DetectedFault> faultAfter(Optional<StopReason> stop) {
    Optional<DetectedFault> fault =
        stop.isPresent() ? faults.afterStop(stop.get(), accepted) : handlerAtTimeout();
    return fault.filter(f -> accepted.map(a -> !f.sameFaultAs(a)).orElse(true));
  }

  private Optional<DetectedFault> handlerAtTimeout() {
    if (!running) {
      return Optional.empty();
    }
    target.halt();
    running = false;
    Optional<StopReason> now = target.stopReason();
    if (now.isPresent() && !(now.get() instanceof StopReason.Halted)) {
      // it stopped by itself just before the halt
      if (StopReasons.isFinal(now.get())) {
        ended = now;
      }
      return faults.afterStop(now.get());
    }
    if (faults.inFaultHandler()) {
      return Optional.of(
          faults.analyse(
              FaultDetection.HANDLER_AT_TIMEOUT,
              "core in a fault handler at pc "
                  + StackRegion.hex(target.readRegister("pc"))
                  + " when the timeout ran out"));
    }
    target.resume();
    running = true;
    return Optional.empty();
  }

  /** The fault goes to the test's properties and, decoded, to its standard output. */
  private void record(DetectedFault fault) {
    properties.put("fault.detected-by", fault.how().id());
    fault
        .report()
        .ifPresent(
            r -> {
              properties.put("fault.exception", r.exception());
              r.cause().ifPresent(c -> properties.put("fault.cause", c));
              r.pc().ifPresent(pc -> properties.put("fault.pc", StackRegion.hex(pc.address())));
              r.function().ifPresent(f -> properties.put("fault.function", f));
              r.pc()
                  .flatMap(pc -> pc.source())
                  .ifPresent(s -> properties.put("fault.source", s.toString()));
              r.address()
                  .ifPresent(a -> properties.put("fault.address", StackRegion.hex(a.address())));
              if (!r.flags().isEmpty()) {
                properties.put("fault.flags", String.join(",", r.flagNames()));
              }
            });
    output.note("fault detected: " + fault.how().description());
    fault.text().lines().forEach(line -> output.note("  " + line));
  }

  /**
   * Lets the core run (resuming it when halted) until {@code done}, a stop, or the timeout.
   *
   * @return how the core stopped, if it did (also when it had already exited or faulted)
   */
  private Optional<StopReason> runWhileNot(BooleanSupplier done, Duration timeout) {
    logs.poll(current);
    if (ended.isPresent()) {
      logs.drain(current);
    }
    if (done.getAsBoolean() || ended.isPresent()) {
      return ended;
    }
    if (!running) {
      target.resume();
      running = true;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (cancelled.getAsBoolean()) {
        throw new TestAbortedException("run cancelled while waiting");
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      StopReason reason = target.waitForStop(Duration.ofNanos(Math.min(left, SLICE.toNanos())));
      checkWatches();
      if (StopReasons.stillRunning(reason)) {
        logs.poll(current);
      } else {
        logs.drain(current);
        running = false;
        if (StopReasons.isFinal(reason)) {
          ended = Optional.of(reason);
        }
        return Optional.of(reason);
      }
    }
    return Optional.empty();
  }

  private ElfFile elf() {
    return firmware.elf();
  }

  private AssertionFailedError failure(Step step, String what) {
    return new AssertionFailedError(message(step, what));
  }

  private String message(Step step, String what) {
    return step.keyword()
        + " at "
        + step.location()
        + ": "
        + what
        + "\nlast output:\n"
        + output.tail(TAIL_LINES).indent(2).stripTrailing();
  }

  private static String human(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
  }
}
