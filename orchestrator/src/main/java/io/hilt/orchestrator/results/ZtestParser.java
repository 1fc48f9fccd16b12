package io.hilt.orchestrator.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Zephyr ztest output (zephyrproject-rtos/zephyr, subsys/testsuite/include/zephyr/tc_util.h and
 * subsys/testsuite/ztest/src/ztest.c), older and newer:
 *
 * <ul>
 *   <li>{@code Running TESTSUITE s} (older: {@code Running test suite s}), then {@code TESTSUITE s
 *       succeeded} or {@code failed.} (older: {@code Test suite s ...});
 *   <li>{@code START - test_x}, then {@code " PASS - test_x in 0.001 seconds"} ({@code FAIL},
 *       {@code SKIP}; older without the duration), with {@code Assertion failed at file:line: ...}
 *       between them for a failure;
 *   <li>the summary of newer versions: {@code SUITE PASS - 100.00% [s]: pass = 3, fail = 0, skip =
 *       1, total = 4 duration = 0.020 seconds} and, verbose, {@code " - PASS - [s.test_x] duration
 *       = 0.001 seconds"} per test (the only per-test lines when CONFIG_ZTEST_VERBOSE_OUTPUT is
 *       off);
 *   <li>{@code PROJECT EXECUTION SUCCESSFUL} or {@code FAILED} at the very end.
 * </ul>
 *
 * Cases are named {@code suite.test}. A START without a result, a missing PROJECT EXECUTION line
 * and summary counts that disagree with the cases are errors.
 */
final class ZtestParser implements ResultParser {
  private static final Pattern RUNNING =
      Pattern.compile("^\\s*Running (?:TESTSUITE|test suite) (\\S+)\\s*$");
  private static final Pattern SUITE_END =
      Pattern.compile("^\\s*(?:TESTSUITE|Test suite) (\\S+) (?:succeeded|failed)\\.?\\s*$");
  private static final Pattern START = Pattern.compile("^\\s*START - (\\S+)\\s*$");
  private static final Pattern END =
      Pattern.compile("^\\s*(PASS|FAIL|SKIP) - (\\S+?)(?: in (\\d+\\.\\d+) seconds)?\\s*$");
  private static final Pattern SUITE_SUMMARY =
      Pattern.compile(
          "^\\s*SUITE (PASS|FAIL|SKIP) - +[\\d.]+% \\[(\\S+)\\]: pass = (\\d{1,9}), fail ="
              + " (\\d{1,9}), skip = (\\d{1,9}), total = (\\d{1,9}).*$");
  private static final Pattern VERBOSE =
      Pattern.compile("^\\s*- (PASS|FAIL|SKIP|FLAKY) - \\[(\\S+)\\](.*)$");
  private static final Pattern PROJECT =
      Pattern.compile("^\\s*PROJECT EXECUTION (SUCCESSFUL|FAILED)\\s*$");
  private static final Pattern ASSERTION =
      Pattern.compile("Assertion failed at (?<file>\\S+?):(?<line>\\d+): (?<what>.*)$");

  private record SuiteSummary(String suite, int pass, int fail, int skip, int total) {}

  private final CaseLog log = new CaseLog();
  private final Map<String, Integer> indexByName = new LinkedHashMap<>();
  private final List<SuiteSummary> summaries = new ArrayList<>();
  private final List<ResultCase> errors = new ArrayList<>();
  private Optional<String> suite = Optional.empty();
  private Optional<String> running = Optional.empty();
  private Optional<String> assertion = Optional.empty();
  private Optional<String> assertionAt = Optional.empty();
  private Optional<Boolean> projectOk = Optional.empty();

  @Override
  public void line(String line) {
    Matcher m;
    if ((m = START.matcher(line)).matches()) {
      running.ifPresent(this::unfinished);
      running = Optional.of(qualified(m.group(1)));
      assertion = Optional.empty();
      assertionAt = Optional.empty();
      log.output(line);
    } else if ((m = END.matcher(line)).matches()) {
      end(m.group(1), qualified(m.group(2)), line);
    } else if ((m = RUNNING.matcher(line)).matches()) {
      suite = Optional.of(m.group(1));
      log.output(line);
    } else if ((m = SUITE_END.matcher(line)).matches()) {
      running.ifPresent(this::unfinished);
      running = Optional.empty();
      suite = Optional.empty();
      log.output(line);
    } else if ((m = SUITE_SUMMARY.matcher(line)).matches()) {
      summaries.add(
          new SuiteSummary(
              m.group(2),
              Integer.parseInt(m.group(3)),
              Integer.parseInt(m.group(4)),
              Integer.parseInt(m.group(5)),
              Integer.parseInt(m.group(6))));
    } else if ((m = VERBOSE.matcher(line)).matches()) {
      verbose(m.group(1), m.group(2), m.group(3));
    } else if ((m = PROJECT.matcher(line)).matches()) {
      projectOk = Optional.of(m.group(1).equals("SUCCESSFUL"));
    } else {
      if (running.isPresent() && assertion.isEmpty()) {
        Matcher a = ASSERTION.matcher(line);
        if (a.find()) {
          assertion = Optional.of(a.group("what").strip());
          assertionAt = Optional.of(a.group("file") + ":" + a.group("line"));
        }
      }
      log.output(line);
    }
  }

  private String qualified(String test) {
    return suite.map(s -> test.startsWith(s + ".") ? test : s + "." + test).orElse(test);
  }

  private void end(String status, String name, String line) {
    if (running.isPresent() && !running.get().equals(name)) {
      unfinished(running.get());
    }
    log.output(line);
    ResultCase.Status s = status(status);
    String message =
        switch (s) {
          case FAILED ->
              assertion
                  .map(a -> assertionAt.map(at -> at + ": ").orElse("") + a)
                  .orElse("FAIL - " + name);
          case SKIPPED -> "SKIP - " + name;
          default -> "";
        };
    indexByName.put(name, log.cases().size());
    log.add(name, s, message, assertionAt.filter(a -> s == ResultCase.Status.FAILED));
    running = Optional.empty();
    assertion = Optional.empty();
    assertionAt = Optional.empty();
  }

  private void verbose(String status, String name, String rest) {
    Integer index = indexByName.get(name);
    ResultCase.Status s = status.equals("FLAKY") ? ResultCase.Status.FAILED : status(status);
    if (index == null) {
      indexByName.put(name, log.cases().size());
      log.add(
          new ResultCase(
              name,
              s,
              switch (s) {
                case PASSED -> "";
                case SKIPPED -> "SKIP - " + name;
                default -> status + " - " + name + rest;
              },
              Optional.empty(),
              List.of()));
    } else if (index < log.cases().size() && log.cases().get(index).status() != s) {
      errors.add(
          ResultCase.error(
              "(summary " + name + ")",
              "the ztest summary says "
                  + status
                  + " - ["
                  + name
                  + "], but the test reported "
                  + log.cases().get(index).status()));
    }
  }

  private static ResultCase.Status status(String word) {
    return switch (word) {
      case "PASS" -> ResultCase.Status.PASSED;
      case "SKIP" -> ResultCase.Status.SKIPPED;
      default -> ResultCase.Status.FAILED;
    };
  }

  private void unfinished(String name) {
    log.add(
        new ResultCase(
            name,
            ResultCase.Status.ERROR,
            "started (START - "
                + name
                + ") but never reported PASS, FAIL or SKIP: the firmware crashed, hung or the"
                + " output ended"
                + assertion.map(a -> "; last assertion: " + a).orElse(""),
            assertionAt,
            log.takeOutput()));
  }

  @Override
  public List<ResultCase> finish() {
    running.ifPresent(this::unfinished);
    running = Optional.empty();
    List<ResultCase> out = new ArrayList<>(errors);
    for (SuiteSummary s : summaries) {
      List<ResultCase> of =
          log.cases().stream().filter(c -> c.name().startsWith(s.suite() + ".")).toList();
      long pass = of.stream().filter(c -> c.status() == ResultCase.Status.PASSED).count();
      long fail =
          of.stream()
              .filter(
                  c ->
                      c.status() == ResultCase.Status.FAILED
                          || c.status() == ResultCase.Status.ERROR)
              .count();
      long skip = of.stream().filter(c -> c.status() == ResultCase.Status.SKIPPED).count();
      if (pass != s.pass() || fail != s.fail() || skip != s.skip() || of.size() != s.total()) {
        out.add(
            ResultCase.error(
                "(summary " + s.suite() + ")",
                "the ztest summary of suite "
                    + s.suite()
                    + " says pass = "
                    + s.pass()
                    + ", fail = "
                    + s.fail()
                    + ", skip = "
                    + s.skip()
                    + ", total = "
                    + s.total()
                    + ", but the output reported pass = "
                    + pass
                    + ", fail = "
                    + fail
                    + ", skip = "
                    + skip
                    + ", total = "
                    + of.size()));
      }
    }
    long failed = log.count(ResultCase.Status.FAILED) + log.count(ResultCase.Status.ERROR);
    if (projectOk.isEmpty()) {
      out.add(
          new ResultCase(
              "(unfinished)",
              ResultCase.Status.ERROR,
              "the ztest run ended without 'PROJECT EXECUTION SUCCESSFUL' or 'FAILED'"
                  + log.last().map(c -> "; the last test reported was " + c.name()).orElse("")
                  + "; suites or tests after it never ran or never reported",
              Optional.empty(),
              log.takeOutput()));
    } else if (projectOk.get() && failed > 0) {
      out.add(
          ResultCase.error(
              "(project)",
              "ztest says PROJECT EXECUTION SUCCESSFUL but " + failed + " tests did not pass"));
    } else if (!projectOk.get() && failed == 0) {
      out.add(
          ResultCase.error(
              "(project)",
              "ztest says PROJECT EXECUTION FAILED but no test in the output failed (a failure"
                  + " outside the tests: a setup or teardown, a suite that did not run)"));
    }
    return log.result(out);
  }
}
