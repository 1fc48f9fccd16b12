package io.hilt.orchestrator.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Test Anything Protocol, versions 13 and 14 (testanything.org, tap-version-13 and
 * tap-version-14 specifications): an optional {@code TAP version 13|14}, a plan {@code 1..N} first
 * or last ({@code 1..0 # SKIP reason} skips everything), test points {@code ok|not ok [number] [-]
 * [description] [# SKIP|TODO [reason]]} with {@code \#} escaping a hash, YAML diagnostics between
 * an indented {@code ---} (right after a test point) and {@code ...} (kept as the test's output, a
 * {@code message:} line becomes the failure message), {@code # comments} and {@code Bail out!
 * reason}. Indented lines other than diagnostics (TAP 14 subtests) belong to the next test point,
 * which summarises them.
 *
 * <p>{@code not ok ... # TODO} is skipped (a known failure), {@code ok ... # TODO} passes. A plan
 * not reached, tests numbered out of order, a bail-out, a missing plan or a second plan are errors.
 */
final class TapParser implements ResultParser {
  private static final Pattern VERSION = Pattern.compile("^TAP version (\\d+)\\s*$");
  private static final Pattern PLAN =
      Pattern.compile("^1\\.\\.(\\d{1,9})\\s*(?:#\\s*(?<reason>.*))?$");
  private static final Pattern POINT =
      Pattern.compile("^(?<ok>ok|not ok)\\b(?:\\s+(?<num>\\d{1,9}))?(?:\\s*-)?\\s*(?<rest>.*)$");
  private static final Pattern DIRECTIVE =
      // "skip" as a stem ("skipped", "skip:"); "todo" as a word
      Pattern.compile("(?i)^\\s*(?:(?<kind>skip)\\S*|(?<todo>todo)(?=\\s|$))\\s*(?<reason>.*)$");
  private static final Pattern BAIL = Pattern.compile("^Bail out!\\s*(.*)$");
  private static final Pattern YAML_START = Pattern.compile("^(\\s+)---\\s*$");
  private static final Pattern YAML_MESSAGE =
      Pattern.compile("^\\s+message:\\s*['\"]?(.*?)['\"]?\\s*$");

  private final CaseLog log = new CaseLog();
  private final List<ResultCase> errors = new ArrayList<>();
  private Optional<Integer> planned = Optional.empty();
  private Optional<String> skipAll = Optional.empty();
  private int lastNumber;
  private Optional<String> bailOut = Optional.empty();
  private Optional<String> yamlIndent = Optional.empty();
  private int yamlLines;
  private Optional<String> yamlMessage = Optional.empty();
  private boolean afterPoint;

  @Override
  public void line(String line) {
    if (bailOut.isPresent()) {
      log.output(line);
      return;
    }
    if (yamlIndent.isPresent()) {
      yaml(line);
      return;
    }
    boolean pointBefore = afterPoint;
    afterPoint = false;
    Matcher m;
    if ((m = YAML_START.matcher(line)).matches() && pointBefore) {
      yamlIndent = Optional.of(m.group(1));
      yamlLines = 0;
      yamlMessage = Optional.empty();
      log.output(line);
    } else if ((m = POINT.matcher(line)).matches()) {
      point(m);
      afterPoint = true;
    } else if ((m = PLAN.matcher(line)).matches()) {
      plan(Integer.parseInt(m.group(1)), Optional.ofNullable(m.group("reason")), line);
    } else if ((m = BAIL.matcher(line)).matches()) {
      bailOut = Optional.of(m.group(1).strip());
      log.output(line);
    } else if (VERSION.matcher(line).matches()) {
      // nothing to check: 13 and 14 read the same way here
    } else {
      log.output(line);
    }
  }

  private void yaml(String line) {
    String indent = yamlIndent.orElseThrow();
    if (line.strip().equals("...") || !line.startsWith(indent) || ++yamlLines > 1000) {
      yamlIndent = Optional.empty();
      attachDiagnostics(line);
      return;
    }
    Matcher msg = YAML_MESSAGE.matcher(line);
    if (yamlMessage.isEmpty() && msg.matches() && line.startsWith(indent + "message:")) {
      yamlMessage = Optional.of(msg.group(1));
    }
    log.output(line);
  }

  /** The diagnostics block belongs to the test point before it: its output and message. */
  private void attachDiagnostics(String closing) {
    log.output(closing);
    List<String> diagnostics = log.takeOutput();
    List<ResultCase> cases = log.cases();
    ResultCase last = cases.get(cases.size() - 1);
    List<String> output = new ArrayList<>(last.output());
    output.addAll(diagnostics);
    String message =
        last.status() == ResultCase.Status.FAILED && yamlMessage.isPresent()
            ? last.message() + ": " + yamlMessage.get()
            : last.message();
    cases.set(
        cases.size() - 1,
        new ResultCase(last.name(), last.status(), message, last.location(), output));
  }

  private void plan(int count, Optional<String> reason, String line) {
    log.output(line);
    if (planned.isPresent()) {
      errors.add(ResultCase.error("(plan)", "a second plan '" + line.strip() + "'"));
      return;
    }
    planned = Optional.of(count);
    if (count == 0) {
      skipAll = Optional.of(reason.map(String::strip).orElse("1..0"));
    }
  }

  private void point(Matcher m) {
    boolean ok = m.group("ok").equals("ok");
    int number = m.group("num") == null ? lastNumber + 1 : Integer.parseInt(m.group("num"));
    if (number != lastNumber + 1) {
      errors.add(
          ResultCase.error(
              "(sequence)",
              "test point "
                  + number
                  + " came after "
                  + lastNumber
                  + " (TAP numbers count up by 1)"));
    }
    lastNumber = number;
    String rest = m.group("rest");
    String description = rest;
    Optional<String> directive = Optional.empty();
    int hash = unescapedHash(rest);
    if (hash >= 0) {
      description = rest.substring(0, hash);
      directive = Optional.of(rest.substring(hash + 1));
    }
    description = description.strip().replace("\\#", "#").replace("\\\\", "\\");
    String name = description.isEmpty() ? "test " + number : description;
    ResultCase.Status status = ok ? ResultCase.Status.PASSED : ResultCase.Status.FAILED;
    String message =
        ok ? "" : "not ok " + number + (description.isEmpty() ? "" : " - " + description);
    if (directive.isPresent()) {
      Matcher d = DIRECTIVE.matcher(directive.get());
      if (d.matches()) {
        String reason = d.group("reason").strip();
        boolean skip = d.group("kind") != null;
        if (skip) {
          status = ResultCase.Status.SKIPPED;
          message = "SKIP" + (reason.isEmpty() ? "" : ": " + reason);
        } else if (!ok) {
          status = ResultCase.Status.SKIPPED;
          message = "TODO (not ok, a known failure)" + (reason.isEmpty() ? "" : ": " + reason);
        }
      }
    }
    // the point's own line ends its output
    log.output(m.group(0));
    log.add(name, status, message, Optional.empty());
  }

  private static int unescapedHash(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\\') {
        i++;
      } else if (ch == '#') {
        return i;
      }
    }
    return -1;
  }

  @Override
  public List<ResultCase> finish() {
    if (yamlIndent.isPresent()) {
      yamlIndent = Optional.empty();
      attachDiagnostics("[hilt] the YAML diagnostics block was not closed with '...'");
    }
    List<ResultCase> out = new ArrayList<>(errors);
    long seen = log.total();
    if (bailOut.isPresent()) {
      out.add(
          new ResultCase(
              "(bail out)",
              ResultCase.Status.ERROR,
              "Bail out!"
                  + (bailOut.get().isEmpty() ? "" : " " + bailOut.get())
                  + planned
                      .filter(p -> p > seen)
                      .map(p -> "; tests " + (seen + 1) + " to " + p + " of the plan never ran")
                      .orElse(""),
              Optional.empty(),
              log.takeOutput()));
    } else if (planned.isEmpty()) {
      out.add(
          new ResultCase(
              "(plan)",
              ResultCase.Status.ERROR,
              "no TAP plan (1..N) in the output"
                  + (seen == 0 ? " and no test point" : " after " + seen + " test points")
                  + ": the run ended before it finished",
              Optional.empty(),
              log.takeOutput()));
    } else if (skipAll.isPresent() && seen == 0) {
      out.add(
          new ResultCase(
              "(all)",
              ResultCase.Status.SKIPPED,
              "1..0: " + skipAll.get(),
              Optional.empty(),
              List.of()));
    } else if (planned.get() != seen) {
      int p = planned.get();
      out.add(
          new ResultCase(
              "(plan)",
              ResultCase.Status.ERROR,
              seen < p
                  ? "the plan 1.."
                      + p
                      + " announced "
                      + p
                      + " tests but "
                      + (p - seen == 1
                          ? "test " + p + " was"
                          : "tests " + (seen + 1) + " to " + p + " were")
                      + " never reported: the firmware crashed, hung or the output ended"
                  : "the plan 1.." + p + " announced " + p + " tests but " + seen + " reported",
              Optional.empty(),
              log.takeOutput()));
    }
    return log.result(out);
  }
}
