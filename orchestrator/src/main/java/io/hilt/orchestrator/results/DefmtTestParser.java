package io.hilt.orchestrator.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * defmt-test output (knurling-rs/defmt, firmware/defmt-test/macros/src/lib.rs): before each test
 * {@code (i/n) running `name`...} or {@code (i/n) ignoring `name`...}, after the last {@code all
 * tests passed!}. A test passes when the next one starts or the run ends with that line; a failing
 * test panics ({@code panicked at ...}), which ends the run. The lines may carry a log prefix (a
 * timestamp, a level, hilt's {@code [ 0.000001 INFO ]}) and a location suffix: they are searched,
 * not anchored.
 *
 * <p>A test running when the output ends without a panic, tests {@code i+1..n} that never started,
 * and an {@code all tests passed!} before test n are errors.
 */
final class DefmtTestParser implements ResultParser {
  private static final Pattern PROGRESS =
      Pattern.compile("\\((\\d{1,9})/(\\d{1,9})\\) (running|ignoring) `([^`]+)`\\.\\.\\.");
  private static final Pattern ALL_PASSED = Pattern.compile("\\ball tests passed!");
  private static final Pattern PANIC = Pattern.compile("panicked at (.*)$");
  private static final Pattern RUST_LOCATION = Pattern.compile("([\\w./\\\\-]+\\.rs:\\d+)");

  private final CaseLog log = new CaseLog();
  private final List<ResultCase> errors = new ArrayList<>();
  private Optional<String> running = Optional.empty();
  private int lastIndex;
  private int count;
  private boolean allPassed;
  private Optional<String> panic = Optional.empty();

  @Override
  public void line(String line) {
    Matcher m = PROGRESS.matcher(line);
    if (m.find()) {
      passRunning();
      int index = Integer.parseInt(m.group(1));
      int total = Integer.parseInt(m.group(2));
      if (index != lastIndex + 1 || (count != 0 && total != count)) {
        errors.add(
            ResultCase.error(
                "(sequence)",
                "defmt-test reported ("
                    + index
                    + "/"
                    + total
                    + ") after ("
                    + lastIndex
                    + "/"
                    + count
                    + "): the firmware restarted or its output was cut"));
      }
      lastIndex = index;
      count = total;
      log.output(line);
      if (m.group(3).equals("ignoring")) {
        log.add(m.group(4), ResultCase.Status.SKIPPED, "ignored (#[ignore])", Optional.empty());
      } else {
        running = Optional.of(m.group(4));
      }
      return;
    }
    if (ALL_PASSED.matcher(line).find()) {
      passRunning();
      allPassed = true;
      log.output(line);
      return;
    }
    Matcher p = PANIC.matcher(line);
    if (p.find() && panic.isEmpty()) {
      log.output(line);
      panic = Optional.of(p.group(1).strip());
      Optional<String> at = Optional.empty();
      Matcher l = RUST_LOCATION.matcher(p.group(1));
      if (l.find()) {
        at = Optional.of(l.group(1));
      }
      if (running.isPresent()) {
        log.add(running.get(), ResultCase.Status.FAILED, "panicked at " + panic.get(), at);
        running = Optional.empty();
      } else {
        errors.add(
            ResultCase.error(
                "(panic)", "the firmware panicked outside a test: panicked at " + panic.get()));
      }
      return;
    }
    log.output(line);
  }

  private void passRunning() {
    running.ifPresent(name -> log.add(name, ResultCase.Status.PASSED, "", Optional.empty()));
    running = Optional.empty();
  }

  @Override
  public List<ResultCase> finish() {
    running.ifPresent(
        name ->
            log.add(
                name,
                ResultCase.Status.ERROR,
                "started ("
                    + lastIndex
                    + "/"
                    + count
                    + ") running `"
                    + name
                    + "`... but never finished: no next test, no 'all tests passed!' and no"
                    + " panic; the firmware crashed, hung or the output ended",
                Optional.empty()));
    running = Optional.empty();
    List<ResultCase> out = new ArrayList<>(errors);
    if (lastIndex < count) {
      out.add(
          ResultCase.error(
              "(not run)",
              (count - lastIndex == 1
                      ? "test " + count + " of " + count + " never ran"
                      : "tests " + (lastIndex + 1) + " to " + count + " of " + count + " never ran")
                  + (panic.isPresent() ? " (the run ended at a panic)" : "")));
      if (allPassed) {
        out.add(
            ResultCase.error(
                "(summary)", "'all tests passed!' came after test " + lastIndex + " of " + count));
      }
    } else if (!allPassed && panic.isEmpty()) {
      out.add(
          ResultCase.error(
              "(unfinished)",
              count == 0
                  ? "no defmt-test output: no '(1/n) running `name`...' line and no 'all tests"
                      + " passed!'"
                  : "the run ended without 'all tests passed!'"));
    } else if (allPassed && panic.isPresent()) {
      out.add(ResultCase.error("(summary)", "'all tests passed!' after a panic"));
    }
    return log.result(out);
  }
}
