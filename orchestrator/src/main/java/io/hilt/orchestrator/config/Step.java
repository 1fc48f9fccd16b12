package io.hilt.orchestrator.config;

import io.hilt.probe.defmt.Level;
import io.hilt.probe.fault.RiscvTrapCause;
import io.hilt.probe.target.ResetMode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** One step of a test. Each record is one YAML step key; see docs/plans.md. */
public sealed interface Step {
  SourceLocation location();

  /** The YAML key of this step, for messages. */
  String keyword();

  /** {@code flash}: write the firmware (skipped when the board holds the same image hash). */
  record Flash(SourceLocation location) implements Step {
    public String keyword() {
      return "flash";
    }
  }

  /** {@code reset} or {@code reset: { halt: true }}. */
  record Reset(ResetMode mode, SourceLocation location) implements Step {
    public Reset {
      Objects.requireNonNull(mode, "mode");
    }

    public String keyword() {
      return "reset";
    }
  }

  /**
   * {@code run-until: { output: REGEX, exit: true, timeout: 5s }}: resume and wait until the output
   * matches, or the firmware exits (when {@code exit} is true), or the timeout. Reaching the
   * timeout fails the test unless {@code timeoutOk} ({@code on-timeout: pass}).
   */
  record RunUntil(
      Optional<Pattern> output,
      boolean untilExit,
      Duration timeout,
      boolean timeoutOk,
      SourceLocation location)
      implements Step {
    public RunUntil {
      Objects.requireNonNull(output, "output");
      Objects.requireNonNull(timeout, "timeout");
    }

    public String keyword() {
      return "run-until";
    }
  }

  /** {@code expect-output: { pattern: REGEX, timeout: 2s }}: output seen so far or within time. */
  record ExpectOutput(Pattern pattern, Duration timeout, SourceLocation location) implements Step {
    public ExpectOutput {
      Objects.requireNonNull(pattern, "pattern");
      Objects.requireNonNull(timeout, "timeout");
    }

    public String keyword() {
      return "expect-output";
    }
  }

  /** {@code expect-exit: 0}: the firmware exits with this code (waiting up to the timeout). */
  record ExpectExit(int code, Duration timeout, SourceLocation location) implements Step {
    public ExpectExit {
      Objects.requireNonNull(timeout, "timeout");
    }

    public String keyword() {
      return "expect-exit";
    }
  }

  /**
   * {@code paint-stack} or {@code paint-stack: { pattern: 0xCCCCCCCC }}: after a reset-halt, fill
   * the stack region with the pattern.
   */
  record PaintStack(OptionalLong pattern, SourceLocation location) implements Step {
    public PaintStack {
      Objects.requireNonNull(pattern, "pattern");
    }

    public String keyword() {
      return "paint-stack";
    }
  }

  /** {@code stack-usage: { max-bytes: 2048, max-percent: 50 }}: measure the high-water mark. */
  record StackUsage(OptionalInt maxBytes, OptionalDouble maxPercent, SourceLocation location)
      implements Step {
    public StackUsage {
      Objects.requireNonNull(maxBytes, "maxBytes");
      Objects.requireNonNull(maxPercent, "maxPercent");
    }

    public String keyword() {
      return "stack-usage";
    }
  }

  /**
   * {@code expect-fault}, {@code expect-fault: MemManage} or {@code expect-fault: { exception,
   * flags, address, function, timeout }}: the core faults within the timeout, and the decoded fault
   * matches every criterion given (none given: any fault). See docs/faults.md.
   *
   * @param exception the active exception ({@link #EXCEPTIONS})
   * @param flags fault status flags that must all be set (names of {@code CortexMFaultFlag})
   * @param address the fault address the hardware marked valid (MMFAR or BFAR)
   * @param function the function the faulting instruction is in, as the ELF names it
   */
  record ExpectFault(
      Optional<String> exception,
      List<String> flags,
      OptionalLong address,
      Optional<String> function,
      Duration timeout,
      SourceLocation location)
      implements Step {
    /** The Cortex-M exceptions a plan may expect. */
    public static final List<String> CORTEX_M_EXCEPTIONS =
        List.of("HardFault", "MemManage", "BusFault", "UsageFault", "NMI", "SecureFault");

    /** Every exception a plan may expect: Cortex-M's, then RISC-V's trap causes. */
    public static final List<String> EXCEPTIONS =
        java.util.stream.Stream.concat(
                CORTEX_M_EXCEPTIONS.stream(), RiscvTrapCause.exceptionNames().stream())
            .toList();

    public ExpectFault {
      Objects.requireNonNull(exception, "exception");
      exception.ifPresent(
          e -> {
            if (!EXCEPTIONS.contains(e)) {
              throw new IllegalArgumentException("not an exception a plan can expect: " + e);
            }
          });
      flags = List.copyOf(flags);
      Objects.requireNonNull(address, "address");
      address.ifPresent(
          a -> {
            if (a < 0 || a > 0xFFFF_FFFFL) {
              throw new IllegalArgumentException("fault address is not 32-bit: " + a);
            }
          });
      Objects.requireNonNull(function, "function");
      Objects.requireNonNull(timeout, "timeout");
    }

    /** True when no criterion is given: any fault passes. */
    public boolean anyFault() {
      return exception.isEmpty() && flags.isEmpty() && address.isEmpty() && function.isEmpty();
    }

    public String keyword() {
      return "expect-fault";
    }
  }

  /**
   * {@code expect-no-fault} or {@code expect-no-fault: { timeout: 5s }}: run until the firmware
   * exits or the timeout, and fail if the core faults meanwhile.
   */
  record ExpectNoFault(Duration timeout, SourceLocation location) implements Step {
    public ExpectNoFault {
      Objects.requireNonNull(timeout, "timeout");
    }

    public String keyword() {
      return "expect-no-fault";
    }
  }

  /**
   * {@code run-embedded-tests} or {@code run-embedded-tests: { filter: NAME, timeout: 2m }}: run an
   * embedded-test firmware's tests through {@code probe-rs run} (driver probe-rs only), each a
   * JUnit case under the test; the step fails when one failed or never ran. docs/probe-rs.md.
   *
   * @param filter only tests whose name contains this text (probe-rs's FILTER argument)
   * @param timeout the whole run, flashing included
   */
  record RunEmbeddedTests(Optional<String> filter, Duration timeout, SourceLocation location)
      implements Step {
    public RunEmbeddedTests {
      Objects.requireNonNull(filter, "filter");
      Objects.requireNonNull(timeout, "timeout");
    }

    public String keyword() {
      return "run-embedded-tests";
    }
  }

  /**
   * {@code expect-log: REGEX} or {@code expect-log: { level: info, pattern: REGEX, timeout: 2s }}:
   * a log line seen so far in the test, or within the timeout, matches the pattern; with a level,
   * at exactly that level (plain-text RTT lines have none and match only without one). See
   * docs/logs.md.
   */
  record ExpectLog(
      Optional<Level> level, Pattern pattern, Duration timeout, SourceLocation location)
      implements Step {
    public ExpectLog {
      Objects.requireNonNull(level, "level");
      Objects.requireNonNull(pattern, "pattern");
      Objects.requireNonNull(timeout, "timeout");
    }

    public String keyword() {
      return "expect-log";
    }
  }

  /**
   * {@code fail-on-log: error}, {@code fail-on-log: { level: warn }} or {@code fail-on-log: off}:
   * from this step on, a log line at or above the level fails the test (empty: none does).
   */
  record FailOnLog(Optional<Level> minimum, SourceLocation location) implements Step {
    public FailOnLog {
      Objects.requireNonNull(minimum, "minimum");
    }

    public String keyword() {
      return "fail-on-log";
    }
  }

  /** The link console steps use unless they name one: the board's console UART. */
  String DEFAULT_LINK = "console";

  /**
   * {@code send: "help\n"} or {@code send: { text, bytes, line-ending, link }}: write bytes to a
   * console link (the text as UTF-8, then the bytes, then the line ending). See docs/plans.md.
   *
   * @param data what is sent, at least one byte
   */
  record Send(byte[] data, String link, SourceLocation location) implements Step {
    /** The most one step sends. */
    public static final int MAX_BYTES = 64 * 1024;

    public Send {
      data = data.clone();
      if (data.length == 0 || data.length > MAX_BYTES) {
        throw new IllegalArgumentException(
            "send needs 1 to " + MAX_BYTES + " bytes: " + data.length);
      }
      Objects.requireNonNull(link, "link");
      Objects.requireNonNull(location, "location");
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    /** The data for messages: printable ASCII as is, everything else escaped. */
    public String printable() {
      StringBuilder sb = new StringBuilder();
      for (byte b : data) {
        int v = b & 0xFF;
        switch (v) {
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          case '\\' -> sb.append("\\\\");
          default -> {
            if (v >= 0x20 && v < 0x7F) {
              sb.append((char) v);
            } else {
              sb.append(String.format(java.util.Locale.ROOT, "\\x%02x", v));
            }
          }
        }
      }
      return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Send other
          && java.util.Arrays.equals(data, other.data)
          && link.equals(other.link)
          && location.equals(other.location);
    }

    @Override
    public int hashCode() {
      return Objects.hash(java.util.Arrays.hashCode(data), link, location);
    }

    @Override
    public String toString() {
      return "Send[data=" + printable() + ", link=" + link + ", location=" + location + "]";
    }

    public String keyword() {
      return "send";
    }
  }

  /**
   * {@code expect: REGEX} or {@code expect: { pattern, timeout, link }}: the console shows a match
   * within the timeout, searched from the end of the previous {@code expect} or {@code
   * wait-for-prompt} match on the same link; the match moves that point past it.
   */
  record Expect(Pattern pattern, Duration timeout, String link, SourceLocation location)
      implements Step {
    public Expect {
      Objects.requireNonNull(pattern, "pattern");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(link, "link");
    }

    public String keyword() {
      return "expect";
    }
  }

  /**
   * {@code expect-not: REGEX} or {@code expect-not: { pattern, for, link }}: the pattern does not
   * appear on the console after the previous match point: for {@code window} (the core runs
   * meanwhile) or, without one, until the end of the test.
   */
  record ExpectNot(Pattern pattern, Optional<Duration> window, String link, SourceLocation location)
      implements Step {
    public ExpectNot {
      Objects.requireNonNull(pattern, "pattern");
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(link, "link");
    }

    public String keyword() {
      return "expect-not";
    }
  }

  /**
   * {@code wait-for-prompt: "shell> "} or {@code wait-for-prompt: { prompt, timeout, link }}: like
   * {@code expect} with the prompt as literal text.
   */
  record WaitForPrompt(String prompt, Duration timeout, String link, SourceLocation location)
      implements Step {
    public WaitForPrompt {
      Objects.requireNonNull(prompt, "prompt");
      if (prompt.isEmpty()) {
        throw new IllegalArgumentException("prompt is empty");
      }
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(link, "link");
    }

    public String keyword() {
      return "wait-for-prompt";
    }
  }

  /** The console link a step uses, for steps that use one. */
  static Optional<String> linkOf(Step step) {
    if (step instanceof Send s) {
      return Optional.of(s.link());
    }
    if (step instanceof Expect e) {
      return Optional.of(e.link());
    }
    if (step instanceof ExpectNot n) {
      return Optional.of(n.link());
    }
    if (step instanceof WaitForPrompt w) {
      return Optional.of(w.link());
    }
    return Optional.empty();
  }
}
