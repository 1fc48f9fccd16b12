package io.hilt.orchestrator.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes the legacy JUnit XML report, one file for the whole run with a {@code <testsuites>} root
 * and one {@code <testsuite>} per plan, valid against the Jenkins xUnit schema
 * (jenkins-xunit-junit-10.xsd) that Jenkins, GitLab and GitHub reporters accept.
 *
 * <p>What it holds: per test, a {@code <failure>} (an {@link AssertionError}), an {@code <error>}
 * (any other exception, or a test the run never finished) or a {@code <skipped>}, and the target's
 * output in {@code <system-out>}/{@code <system-err>} (see {@link ReportKeys}), each capped at
 * {@link #DEFAULT_MAX_OUTPUT_CHARS} characters with a note where output was left out. Per plan, the
 * properties given to the constructor (hilt version, profile...) and those the engine published
 * (firmware, firmware.sha256...). Nothing from the environment or the system properties.
 *
 * <p>When: the file is written when the run starts (every test "not run"), after each plan, when
 * the run ends, and on {@link #flush()}, each time whole and atomically (a temporary file moved
 * over the report), so a run that is interrupted or crashes leaves a valid file showing what
 * finished; tests that had not finished are errors there ("not finished: run interrupted"). Call
 * {@link #flush()} from a shutdown hook to record the state at Ctrl-C.
 *
 * <p>Times use seconds with a '.' decimal separator whatever the default locale; timestamps are
 * UTC, {@code yyyy-MM-ddTHH:mm:ss}.
 */
public final class JUnitXmlReport implements TestExecutionListener {
  public static final int DEFAULT_MAX_OUTPUT_CHARS = 1 << 20;

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Path file;
  private final Map<String, String> runProperties;
  private final RunRecord record;
  private final int maxOutputChars;
  private final Object lock = new Object();
  private Optional<ReportException> writeFailure = Optional.empty();

  public JUnitXmlReport(Path file, Map<String, String> runProperties) {
    this(file, runProperties, Clock.systemUTC(), DEFAULT_MAX_OUTPUT_CHARS);
  }

  /**
   * @param maxOutputChars the most characters kept of one test's system-out (and of its system-err)
   */
  public JUnitXmlReport(
      Path file, Map<String, String> runProperties, Clock clock, int maxOutputChars) {
    this.file = file.toAbsolutePath();
    this.runProperties = Map.copyOf(runProperties);
    this.record = new RunRecord(clock, maxOutputChars);
    this.maxOutputChars = maxOutputChars;
  }

  public Path file() {
    return file;
  }

  public Map<String, String> runProperties() {
    return runProperties;
  }

  /**
   * Writes the report as it stands now, unfinished tests as errors.
   *
   * @throws ReportException naming the file when it cannot be written
   */
  public void flush() {
    synchronized (lock) {
      write();
    }
  }

  /**
   * The last failure to write the report from a listener callback (the launcher only logs what
   * listeners throw), cleared by the next successful write.
   */
  public Optional<ReportException> writeFailure() {
    synchronized (lock) {
      return writeFailure;
    }
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    synchronized (lock) {
      record.runStarted(testPlan);
      writeFromListener();
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    synchronized (lock) {
      record.runFinished();
      writeFromListener();
    }
  }

  @Override
  public void executionStarted(TestIdentifier id) {
    synchronized (lock) {
      record.started(id);
    }
  }

  @Override
  public void executionSkipped(TestIdentifier id, String reason) {
    synchronized (lock) {
      record.skipped(id, reason);
      if (record.isTopLevel(id)) {
        writeFromListener();
      }
    }
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    synchronized (lock) {
      record.finished(id, result);
      if (record.isTopLevel(id)) {
        writeFromListener();
      }
    }
  }

  @Override
  public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
    synchronized (lock) {
      record.entry(id, entry);
    }
  }

  private void writeFromListener() {
    try {
      write();
    } catch (ReportException e) {
      writeFailure = Optional.of(e);
    }
  }

  private void write() {
    String xml = render();
    Path dir = file.getParent();
    Path temp = null;
    try {
      Files.createDirectories(dir);
      // Not Files.createTempFile: that makes the file 0600, and CI readers may run as another user.
      temp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
      Files.writeString(
          temp,
          xml,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
      writeFailure = Optional.empty();
    } catch (IOException | UncheckedIOException e) {
      throw new ReportException("cannot write the JUnit XML report " + file + ": " + e, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          // the report failure is already being thrown; a stray temp file is secondary
        }
      }
    }
  }

  String render() {
    var suites = record.suites(new TreeMap<>(runProperties));
    long tests = suites.stream().mapToLong(s -> s.cases().size()).sum();
    long failures = suites.stream().mapToLong(s -> s.count(Outcome.Status.FAILED)).sum();
    long errors = suites.stream().mapToLong(s -> s.count(Outcome.Status.ERROR)).sum();
    StringBuilder xml = new StringBuilder(4096);
    xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.append("<testsuites name=\"hilt\"")
        .append(attr("tests", Long.toString(tests)))
        .append(attr("failures", Long.toString(failures)))
        .append(attr("errors", Long.toString(errors)))
        .append(attr("time", seconds(record.runTime())))
        .append(">\n");
    for (RunRecord.Suite suite : suites) {
      xml.append("  <testsuite")
          .append(attr("name", suite.name()))
          .append(attr("tests", Integer.toString(suite.cases().size())))
          .append(attr("failures", Long.toString(suite.count(Outcome.Status.FAILED))))
          .append(attr("errors", Long.toString(suite.count(Outcome.Status.ERROR))))
          .append(attr("skipped", Long.toString(suite.count(Outcome.Status.SKIPPED))))
          .append(attr("time", seconds(suite.time())))
          .append(attr("timestamp", TIMESTAMP.format(suite.timestamp())))
          .append(">\n");
      if (!suite.properties().isEmpty()) {
        xml.append("    <properties>\n");
        suite
            .properties()
            .forEach(
                (k, v) ->
                    xml.append("      <property")
                        .append(attr("name", k))
                        .append(attr("value", v))
                        .append("/>\n"));
        xml.append("    </properties>\n");
      }
      for (RunRecord.Case c : suite.cases()) {
        xml.append("    <testcase")
            .append(attr("name", c.name()))
            .append(attr("classname", c.className()))
            .append(attr("time", seconds(c.time())))
            .append(">\n");
        Outcome o = c.outcome();
        switch (o.status()) {
          case PASSED -> {}
          case FAILED -> element(xml, "failure", o);
          case ERROR -> element(xml, "error", o);
          case SKIPPED ->
              xml.append("      <skipped").append(attr("message", o.message())).append("/>\n");
        }
        textElement(xml, "      ", "system-out", c.out());
        textElement(xml, "      ", "system-err", c.err());
        xml.append("    </testcase>\n");
      }
      textElement(xml, "    ", "system-out", suite.out());
      textElement(xml, "    ", "system-err", suite.err());
      xml.append("  </testsuite>\n");
    }
    xml.append("</testsuites>\n");
    return xml.toString();
  }

  private void element(StringBuilder xml, String name, Outcome o) {
    xml.append("      <").append(name).append(attr("message", capped(o.message())));
    if (!o.type().isEmpty()) {
      xml.append(attr("type", o.type()));
    }
    xml.append(">")
        .append(XmlText.text(capped(o.detail())))
        .append("</")
        .append(name)
        .append(">\n");
  }

  private static void textElement(StringBuilder xml, String indent, String name, String text) {
    if (!text.isEmpty()) {
      xml.append(indent)
          .append('<')
          .append(name)
          .append('>')
          .append(XmlText.text(text))
          .append("</")
          .append(name)
          .append(">\n");
    }
  }

  /** Messages and stack traces are capped like output (an engine may put a log in a message). */
  private String capped(String text) {
    if (text.length() <= maxOutputChars) {
      return text;
    }
    CappedText capped = new CappedText(maxOutputChars);
    capped.append(text);
    return capped.toString();
  }

  private static String attr(String name, String value) {
    return " " + name + "=\"" + XmlText.attribute(value) + "\"";
  }

  /** Seconds with three decimals and a '.', whatever the default locale. */
  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.3f", Math.max(0, d.toNanos()) / 1e9);
  }
}
