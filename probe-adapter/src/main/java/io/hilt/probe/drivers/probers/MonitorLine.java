package io.hilt.probe.drivers.probers;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of what {@code probe-rs run} or {@code probe-rs attach} prints on standard output, read
 * by {@link #parse}.
 *
 * <p>Texts from probe-rs-tools {@code util/cli.rs} {@code monitor()} (0.30 to 0.32): {@code
 * Firmware exited successfully}, {@code Exited by user request} (also after Ctrl-C and SIGTERM,
 * exit status 0), {@code Firmware exited unexpectedly: REASON} (REASON is the core's {@code
 * HaltReason} in Rust debug form, {@code Exception} for a vector catch of HardFault), {@code
 * Firmware exited with: REASON[ (Aborted)| (Unknown exit code N)]} (semihosting exit with an
 * error); then the backtrace of {@code display_stack_trace}: {@code Core N} and {@code Frame I:
 * FUNCTION @ 0xADDR [inline]} with an indented source location on the next line. Semihosting and
 * text RTT output are printed unchanged; defmt frames are printed with the {@code --log-format}
 * hilt passes ({@link #LOG_FORMAT}).
 */
public sealed interface MonitorLine {
  /**
   * The defmt log format hilt gives probe-rs ({@code --log-format}): level, file, line and message
   * behind a marker no firmware prints, so decoded defmt lines can be told from plain output.
   */
  String LOG_FORMAT = "<hilt-defmt>{L}|{F}|{l}|{s}";

  /** What every line printed with {@link #LOG_FORMAT} starts with. */
  String LOG_MARKER = "<hilt-defmt>";

  /** Firmware output to pass on (semihosting or text RTT), without the line end. */
  record Text(String text) implements MonitorLine {
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  /** A defmt log frame probe-rs decoded. */
  record Log(String level, String file, OptionalInt line, String message) implements MonitorLine {
    public Log {
      Objects.requireNonNull(level, "level");
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(line, "line");
      Objects.requireNonNull(message, "message");
    }

    /** {@code LEVEL message (file:line)}, the form hilt passes on. */
    public String display() {
      String where =
          file.isEmpty()
              ? ""
              : " (" + file + line.stream().mapToObj(l -> ":" + l).findFirst().orElse("") + ")";
      return (level.isEmpty() ? "" : level.toUpperCase(java.util.Locale.ROOT) + " ")
          + message
          + where;
    }
  }

  /** The firmware ended with semihosting {@code SYS_EXIT} success. */
  record ExitedSuccessfully() implements MonitorLine {}

  /** The monitor was stopped (Ctrl-C, SIGTERM): never the firmware's doing. */
  record ExitedByUser() implements MonitorLine {}

  /** The core halted for a reason other than semihosting (vector catch, breakpoint, lockup). */
  record ExitedUnexpectedly(String reason) implements MonitorLine {
    public ExitedUnexpectedly {
      Objects.requireNonNull(reason, "reason");
    }

    /** probe-rs's HaltReason::Exception: a vector catch, on Cortex-M of HardFault. */
    public boolean exception() {
      return reason.equals("Exception");
    }

    public boolean breakpoint() {
      return reason.startsWith("Breakpoint");
    }
  }

  /**
   * Semihosting exit with an error.
   *
   * @param code the exit status for an application exit ({@code (Unknown exit code N)}, 134 for
   *     {@code (Aborted)}), empty for other reasons
   */
  record ExitedWith(String reason, OptionalInt code) implements MonitorLine {
    public ExitedWith {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(code, "code");
    }
  }

  /** {@code Core N}, the start of a backtrace. */
  record CoreHeader(int core) implements MonitorLine {}

  /** One backtrace frame. */
  record Frame(int index, String function, long pc) implements MonitorLine {
    public Frame {
      Objects.requireNonNull(function, "function");
    }
  }

  Pattern FRAME =
      Pattern.compile("^\\s*Frame (\\d{1,5}): (.*?) @ (0x[0-9a-fA-F]{1,16})(?: inline)?\\s*$");
  Pattern CORE = Pattern.compile("^Core (\\d{1,3})$");
  Pattern EXIT_CODE = Pattern.compile("^(.*?) \\(Unknown exit code (-?\\d{1,10})\\)$");

  /**
   * Classifies one line (without its line end). {@code inBacktrace} tells whether a {@code Core N}
   * line was seen after the firmware ended, so frames are only taken from probe-rs's backtrace.
   */
  static MonitorLine parse(String raw, boolean ended) {
    String line = ProbeRsFailure.stripAnsi(raw);
    if (line.startsWith(LOG_MARKER)) {
      String[] parts = line.substring(LOG_MARKER.length()).split("\\|", 4);
      if (parts.length == 4) {
        OptionalInt number = OptionalInt.empty();
        try {
          number = OptionalInt.of(Integer.parseInt(parts[2].strip()));
        } catch (NumberFormatException e) {
          // defmt prints nothing usable for a frame without location: keep the file only.
        }
        return new Log(parts[0].strip(), parts[1].strip(), number, parts[3]);
      }
      return new Text(line);
    }
    switch (line) {
      case "Firmware exited successfully":
        return new ExitedSuccessfully();
      case "Exited by user request":
        return new ExitedByUser();
      default:
        break;
    }
    if (line.startsWith("Firmware exited unexpectedly: ")) {
      return new ExitedUnexpectedly(line.substring("Firmware exited unexpectedly: ".length()));
    }
    if (line.startsWith("Firmware exited with: ")) {
      String rest = line.substring("Firmware exited with: ".length());
      if (rest.endsWith(" (Aborted)")) {
        return new ExitedWith(rest.substring(0, rest.length() - 10), OptionalInt.of(134));
      }
      Matcher m = EXIT_CODE.matcher(rest);
      if (m.matches()) {
        try {
          return new ExitedWith(m.group(1), OptionalInt.of(Integer.parseInt(m.group(2))));
        } catch (NumberFormatException e) {
          return new ExitedWith(rest, OptionalInt.empty());
        }
      }
      return new ExitedWith(rest, OptionalInt.empty());
    }
    if (ended) {
      Matcher core = CORE.matcher(line);
      if (core.matches()) {
        return new CoreHeader(Integer.parseInt(core.group(1)));
      }
      Matcher frame = FRAME.matcher(line);
      if (frame.matches()) {
        return new Frame(
            Integer.parseInt(frame.group(1)),
            frame.group(2),
            Long.parseUnsignedLong(frame.group(3).substring(2), 16));
      }
    }
    return new Text(raw);
  }
}
