package io.hilt.orchestrator.steps;

import io.hilt.orchestrator.config.ConfigException;
import io.hilt.orchestrator.config.DeviceProfile;
import io.hilt.orchestrator.config.Step;
import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.StopReason;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
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

  private final DeviceProfile profile;
  private final DebugTarget target;
  private final FirmwareImages.Firmware firmware;
  private final OutputRecorder output;
  private final Map<String, String> properties;
  private final StackPainter painter;
  private final BooleanSupplier cancelled;

  private boolean running;
  private Optional<StopReason> ended = Optional.empty();
  private Optional<PaintedStack> painted = Optional.empty();

  StepExecutor(
      DeviceProfile profile,
      DebugTarget target,
      FirmwareImages.Firmware firmware,
      OutputRecorder output,
      Map<String, String> properties,
      BooleanSupplier cancelled) {
    this.profile = profile;
    this.target = target;
    this.firmware = firmware;
    this.output = output;
    this.properties = properties;
    this.painter = new StackPainter(target);
    this.cancelled = cancelled;
  }

  void execute(Step step) {
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
    } else {
      throw new IllegalStateException("no executor for step " + step.keyword());
    }
  }

  private void flash() {
    target.load(firmware.image());
    running = false;
    ended = Optional.empty();
  }

  private void reset(ResetMode mode) {
    target.reset(mode);
    running = mode == ResetMode.RUN;
    ended = Optional.empty();
  }

  private void runUntil(Step.RunUntil step) {
    BooleanSupplier done = () -> step.output().map(output::matches).orElse(false);
    Optional<StopReason> stop = runWhileNot(done, step.timeout());
    if (done.getAsBoolean()) {
      return;
    }
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
    String why =
        stop.map(r -> "; " + StopReasons.describe(r)).orElse(" within " + human(step.timeout()));
    throw failure(step, "no output matching /" + step.pattern() + "/" + why);
  }

  private void expectExit(Step.ExpectExit step) {
    Optional<StopReason> stop = runWhileNot(() -> false, step.timeout());
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
    target.reset(ResetMode.HALT);
    running = false;
    ended = Optional.empty();
    long stackPointer = painter.stackPointer();
    StackRegion region = StackRegions.resolve(profile, this::elf, stackPointer);
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

  /**
   * Lets the core run (resuming it when halted) until {@code done}, a stop, or the timeout.
   *
   * @return how the core stopped, if it did (also when it had already exited or faulted)
   */
  private Optional<StopReason> runWhileNot(BooleanSupplier done, Duration timeout) {
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
      if (!StopReasons.stillRunning(reason)) {
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
