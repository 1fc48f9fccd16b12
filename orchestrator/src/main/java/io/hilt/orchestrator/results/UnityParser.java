package io.hilt.orchestrator.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Unity's default output (ThrowTheSwitch/Unity, src/unity.c): a line per test, {@code
 * file:line:name:PASS} (optionally {@code " (N ms)"}), {@code file:line:name:FAIL[: message]} or
 * {@code file:line:name:IGNORE[: message]}, then after a line of dashes {@code N Tests M Failures K
 * Ignored} and {@code OK} or {@code FAIL}. Unity announces nothing before a test runs, so a run cut
 * short shows as a missing summary, named after the last test reported.
 */
final class UnityParser implements ResultParser {
  // lazy file and name: a Windows path has a colon, a parameterized name has ", "
  private static final Pattern RESULT =
      Pattern.compile(
          "^\\s*(?<file>.+?):(?<line>\\d+):(?<name>.+?):(?<status>PASS|FAIL|IGNORE)(?<rest>.*)$");
  private static final Pattern PASS_REST = Pattern.compile("^\\s*(\\(\\d+ ms\\))?\\s*$");
  private static final Pattern SUMMARY =
      Pattern.compile("^\\s*(\\d{1,9}) Tests (\\d{1,9}) Failures (\\d{1,9}) Ignored\\s*$");
  private static final Pattern FINAL = Pattern.compile("^\\s*(OK|FAIL(ED)?)\\s*$");

  private final CaseLog log = new CaseLog();
  private Optional<int[]> summary = Optional.empty();
  private Optional<Boolean> finalOk = Optional.empty();

  @Override
  public void line(String line) {
    if (summary.isPresent() && finalOk.isEmpty()) {
      Matcher f = FINAL.matcher(line);
      if (f.matches()) {
        finalOk = Optional.of(f.group(1).equals("OK"));
        return;
      }
    }
    Matcher m = RESULT.matcher(line);
    if (m.matches() && result(m)) {
      return;
    }
    Matcher s = SUMMARY.matcher(line);
    if (s.matches() && summary.isEmpty()) {
      summary =
          Optional.of(
              new int[] {
                Integer.parseInt(s.group(1)),
                Integer.parseInt(s.group(2)),
                Integer.parseInt(s.group(3))
              });
      return;
    }
    log.output(line);
  }

  private boolean result(Matcher m) {
    String rest = m.group("rest");
    Optional<String> location = Optional.of(m.group("file") + ":" + m.group("line"));
    String name = m.group("name").strip();
    if (name.isEmpty()) {
      return false;
    }
    switch (m.group("status")) {
      case "PASS" -> {
        if (!PASS_REST.matcher(rest).matches()) {
          return false;
        }
        log.add(name, ResultCase.Status.PASSED, "", location);
      }
      case "FAIL" -> {
        if (!rest.isEmpty() && !rest.startsWith(":") && !rest.startsWith(".")) {
          return false;
        }
        String message = rest.isEmpty() ? "" : rest.substring(1).strip();
        log.add(
            name,
            ResultCase.Status.FAILED,
            location.get() + ": " + (message.isEmpty() ? "FAIL" : message),
            location);
      }
      default -> {
        if (!rest.isEmpty() && !rest.startsWith(":")) {
          return false;
        }
        String message = rest.isEmpty() ? "" : rest.substring(1).strip();
        log.add(
            name,
            ResultCase.Status.SKIPPED,
            "IGNORE" + (message.isEmpty() ? "" : ": " + message) + " (" + location.get() + ")",
            location);
      }
    }
    return true;
  }

  @Override
  public List<ResultCase> finish() {
    List<ResultCase> errors = new ArrayList<>();
    long failed = log.count(ResultCase.Status.FAILED);
    long ignored = log.count(ResultCase.Status.SKIPPED);
    if (summary.isEmpty()) {
      errors.add(
          new ResultCase(
              "(unfinished)",
              ResultCase.Status.ERROR,
              "the Unity run ended without its summary line ('N Tests M Failures K Ignored'): "
                  + log.last()
                      .map(
                          c ->
                              "the firmware stopped after test "
                                  + c.name()
                                  + c.location().map(l -> " (" + l + ")").orElse("")
                                  + ", the "
                                  + ordinal(log.total())
                                  + " reported; the tests after it never reported")
                      .orElse("no test reported a result"),
              Optional.empty(),
              log.takeOutput()));
    } else {
      int[] s = summary.get();
      if (s[0] != log.total() || s[1] != failed || s[2] != ignored) {
        errors.add(
            ResultCase.error(
                "(summary)",
                "Unity's summary says "
                    + s[0]
                    + " Tests "
                    + s[1]
                    + " Failures "
                    + s[2]
                    + " Ignored, but the output reported "
                    + log.total()
                    + " tests, "
                    + failed
                    + " failures, "
                    + ignored
                    + " ignored"));
      } else if (finalOk.isEmpty()) {
        errors.add(
            ResultCase.error(
                "(summary)", "Unity's summary line is not followed by its OK or FAIL line"));
      } else if (finalOk.get() != (s[1] == 0)) {
        errors.add(
            ResultCase.error(
                "(summary)",
                "Unity's final line says "
                    + (finalOk.get() ? "OK" : "FAIL")
                    + " but its summary counts "
                    + s[1]
                    + " failures"));
      }
    }
    return log.result(errors);
  }

  static String ordinal(long n) {
    long mod100 = n % 100;
    String suffix =
        mod100 >= 11 && mod100 <= 13
            ? "th"
            : switch ((int) (n % 10)) {
              case 1 -> "st";
              case 2 -> "nd";
              case 3 -> "rd";
              default -> "th";
            };
    return n + suffix;
  }
}
