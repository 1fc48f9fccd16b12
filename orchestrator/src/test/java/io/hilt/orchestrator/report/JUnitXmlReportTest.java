package io.hilt.orchestrator.report;

import static io.hilt.orchestrator.report.ScriptedEngine.PlanScript;
import static io.hilt.orchestrator.report.ScriptedEngine.TestScript;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.testsupport.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class JUnitXmlReportTest {
  static final String NOISY_OUTPUT =
      "nul\u0000 esc\u001b[31mred\u001b[0m <tag> & \"quoted\" lone\ud800 pair\ud83d\ude00 cr\r\n";

  @TempDir Path dir;
  Locale savedLocale;

  @BeforeEach
  void germanLocale() {
    savedLocale = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY); // decimal comma: times must still use '.'
  }

  @AfterEach
  void restoreLocale() {
    Locale.setDefault(savedLocale);
  }

  /** The run both report tests use: every kind of outcome. */
  static List<PlanScript> mixedRun() {
    return List.of(
        PlanScript.of(
            "smoke",
            Map.of(
                ReportKeys.PROPERTY_PREFIX + "firmware",
                "firmware/build/smoke.elf",
                ReportKeys.PROPERTY_PREFIX + "firmware.sha256",
                "ab".repeat(32),
                ReportKeys.SYSTEM_OUT,
                "flashing 1234 bytes\n"),
            TestScript.passing(
                "boots",
                Map.of(
                    ReportKeys.SYSTEM_OUT,
                    "hello from the target\n",
                    ReportKeys.PROPERTY_PREFIX + "profile",
                    "sim-cortex-m0plus",
                    ReportKeys.PROPERTY_PREFIX + "stack.used-bytes",
                    "412")),
            TestScript.failing("prints the answer", "expected output /42/ within 1s\nbut saw 41"),
            TestScript.throwing("talks to the probe", new IOException("probe vanished")),
            TestScript.aborted("needs a uart", "no UART on this profile"),
            TestScript.skipped("later", "disabled in the plan"),
            TestScript.passing(
                "noisy",
                Map.of(
                    ReportKeys.SYSTEM_OUT, NOISY_OUTPUT, ReportKeys.SYSTEM_ERR, "warn\u0007\n"))),
        new PlanScript(
            "riscv-only",
            Map.of(),
            Optional.of("requires arch riscv32imac"),
            Optional.empty(),
            Optional.empty(),
            List.of(TestScript.passing("a", Map.of()), TestScript.passing("b", Map.of()))),
        new PlanScript(
            "broken",
            Map.of(),
            Optional.empty(),
            Optional.of(new IllegalStateException("firmware missing")),
            Optional.empty(),
            List.of(TestScript.passing("x", Map.of()), TestScript.passing("y", Map.of()))),
        new PlanScript(
            "teardown",
            Map.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(new IllegalStateException("board did not release")),
            List.of(TestScript.passing("only", Map.of()))));
  }

  @Test
  void writesValidReportWithEveryKindOfOutcome() throws Exception {
    Path out = dir.resolve("reports/junit/hilt.xml");
    JUnitXmlReport report =
        new JUnitXmlReport(
            out,
            Map.of("hilt.version", "0.1.0", "profile", "sim-cortex-m0plus"),
            Runs.steppingClock(),
            JUnitXmlReport.DEFAULT_MAX_OUTPUT_CHARS);
    Runs.run(mixedRun(), report);

    assertThat(report.writeFailure()).isEmpty();
    validate(out);
    Element root = parse(out).getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("testsuites");
    assertThat(root.getAttribute("tests")).isEqualTo("12");
    assertThat(root.getAttribute("failures")).isEqualTo("1");
    assertThat(root.getAttribute("errors")).isEqualTo("4");
    assertThat(root.getAttribute("time")).matches("\\d+\\.\\d{3}");

    List<Element> suites = children(root, "testsuite");
    assertThat(suites)
        .extracting(s -> s.getAttribute("name"))
        .containsExactly("smoke", "riscv-only", "broken", "teardown");
    assertThat(counts(suites.get(0))).isEqualTo("6 1 1 2");
    assertThat(counts(suites.get(1))).isEqualTo("2 0 0 2");
    assertThat(counts(suites.get(2))).isEqualTo("2 0 2 0");
    assertThat(counts(suites.get(3))).isEqualTo("2 0 1 0");
    for (Element suite : suites) {
      assertThat(suite.getAttribute("time")).matches("\\d+\\.\\d{3}");
      assertThat(suite.getAttribute("timestamp"))
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
    }

    Element smoke = suites.get(0);
    // run properties first (sorted), then what the engine published (one entry's order is its
    // map's)
    assertThat(properties(smoke).subList(0, 2))
        .containsExactly("hilt.version=0.1.0", "profile=sim-cortex-m0plus");
    assertThat(properties(smoke))
        .containsExactlyInAnyOrder(
            "hilt.version=0.1.0",
            "profile=sim-cortex-m0plus",
            "firmware=firmware/build/smoke.elf",
            "firmware.sha256=" + "ab".repeat(32),
            "boots › stack.used-bytes=412");
    assertThat(text(smoke, "system-out")).isEqualTo("flashing 1234 bytes\n");

    List<Element> cases = children(smoke, "testcase");
    assertThat(cases)
        .extracting(c -> c.getAttribute("name"))
        .containsExactly(
            "boots", "prints the answer", "talks to the probe", "needs a uart", "later", "noisy");
    assertThat(cases).allSatisfy(c -> assertThat(c.getAttribute("classname")).isEqualTo("smoke"));
    assertThat(cases).allSatisfy(c -> assertThat(c.getAttribute("time")).matches("\\d+\\.\\d{3}"));

    Element boots = cases.get(0);
    assertThat(children(boots, "failure")).isEmpty();
    assertThat(text(boots, "system-out")).isEqualTo("hello from the target\n");

    Element failure = children(cases.get(1), "failure").get(0);
    assertThat(failure.getAttribute("message"))
        .isEqualTo("expected output /42/ within 1s\nbut saw 41");
    assertThat(failure.getAttribute("type")).isEqualTo("org.opentest4j.AssertionFailedError");
    assertThat(failure.getTextContent()).contains("at io.hilt.orchestrator.report.ScriptedEngine");
    assertThat(text(cases.get(1), "system-out")).isEqualTo("checking prints the answer\n");

    Element error = children(cases.get(2), "error").get(0);
    assertThat(error.getAttribute("message")).isEqualTo("probe vanished");
    assertThat(error.getAttribute("type")).isEqualTo("java.io.IOException");

    assertThat(children(cases.get(3), "skipped").get(0).getAttribute("message"))
        .isEqualTo("no UART on this profile");
    assertThat(children(cases.get(4), "skipped").get(0).getAttribute("message"))
        .isEqualTo("disabled in the plan");

    // illegal XML characters are made visible, markup escaped, valid pairs and CR kept
    assertThat(text(cases.get(5), "system-out"))
        .isEqualTo(
            "nul\\x00 esc\\x1b[31mred\\x1b[0m <tag> & \"quoted\" lone\ufffd pair\ud83d\ude00 cr\r\n");
    assertThat(text(cases.get(5), "system-err")).isEqualTo("warn\\x07\n");

    for (Element skipped : children(suites.get(1), "testcase")) {
      assertThat(children(skipped, "skipped").get(0).getAttribute("message"))
          .isEqualTo("requires arch riscv32imac");
    }
    for (Element broken : children(suites.get(2), "testcase")) {
      Element e = children(broken, "error").get(0);
      assertThat(e.getAttribute("message")).isEqualTo("broken failed: firmware missing");
      assertThat(e.getAttribute("type")).isEqualTo("java.lang.IllegalStateException");
    }
    List<Element> teardown = children(suites.get(3), "testcase");
    assertThat(teardown).extracting(c -> c.getAttribute("name")).containsExactly("only", "(plan)");
    assertThat(children(teardown.get(1), "error").get(0).getAttribute("message"))
        .isEqualTo("board did not release");

    String xml = Files.readString(out);
    assertThat(xml).doesNotContain(System.getProperty("java.home"));
    assertThat(xml).doesNotContain("user.name").doesNotContain("java.version");
    try (Stream<Path> files = Files.list(out.getParent())) {
      assertThat(files).containsExactly(out); // no temporary file left behind
    }
  }

  @Test
  void interruptedRunStillLeavesAValidReportShowingWhatFinished() throws Exception {
    Path out = dir.resolve("junit.xml");
    JUnitXmlReport report =
        new JUnitXmlReport(
            out, Map.of(), Runs.steppingClock(), JUnitXmlReport.DEFAULT_MAX_OUTPUT_CHARS);
    CountDownLatch hanging = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TestScript hangs =
        new TestScript(
            "hangs",
            List.of(Map.of(ReportKeys.SYSTEM_OUT, "partial output")),
            Optional.empty(),
            () -> {
              hanging.countDown();
              if (!release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
              }
            });
    List<PlanScript> plans =
        List.of(
            PlanScript.of(
                "long",
                Map.of(),
                TestScript.passing("first", Map.of()),
                hangs,
                TestScript.passing("after", Map.of())),
            PlanScript.of("next", Map.of(), TestScript.passing("z", Map.of())));
    List<Throwable> runFailure = new ArrayList<>();
    Thread runner =
        new Thread(
            () -> {
              try {
                Runs.run(plans, report);
              } catch (Throwable t) {
                runFailure.add(t);
              }
            });
    runner.start();
    try {
      assertThat(hanging.await(60, TimeUnit.SECONDS)).isTrue();
      report.flush(); // what a shutdown hook does on Ctrl-C

      validate(out);
      Element root = parse(out).getDocumentElement();
      assertThat(root.getAttribute("tests")).isEqualTo("4");
      assertThat(root.getAttribute("errors")).isEqualTo("3");
      List<Element> cases = children(children(root, "testsuite").get(0), "testcase");
      assertThat(children(cases.get(0), "error")).isEmpty();
      assertThat(children(cases.get(1), "error").get(0).getAttribute("message"))
          .isEqualTo("not finished: run interrupted");
      assertThat(text(cases.get(1), "system-out")).isEqualTo("partial output");
      assertThat(children(cases.get(2), "error").get(0).getAttribute("message"))
          .isEqualTo("not run: run interrupted");
      Element z = children(children(root, "testsuite").get(1), "testcase").get(0);
      assertThat(children(z, "error").get(0).getAttribute("message"))
          .isEqualTo("not run: run interrupted");
    } finally {
      release.countDown();
      runner.join(60_000);
    }
    assertThat(runFailure).isEmpty();
    validate(out);
    Element root = parse(out).getDocumentElement();
    assertThat(root.getAttribute("tests")).isEqualTo("4");
    assertThat(root.getAttribute("errors")).isEqualTo("0");
  }

  @Test
  void capsOutputPerTestKeepingStartAndEnd() throws Exception {
    Path out = dir.resolve("junit.xml");
    JUnitXmlReport report = new JUnitXmlReport(out, Map.of(), Runs.steppingClock(), 100);
    String chunk = "0123456789".repeat(10);
    List<Map<String, String>> entries = new ArrayList<>();
    entries.add(Map.of(ReportKeys.SYSTEM_OUT, "START" + chunk));
    for (int i = 0; i < 50; i++) {
      entries.add(Map.of(ReportKeys.SYSTEM_OUT, chunk));
    }
    entries.add(Map.of(ReportKeys.SYSTEM_OUT, chunk + "END"));
    Runs.run(
        List.of(
            PlanScript.of(
                "chatty", Map.of(), new TestScript("floods", entries, Optional.empty(), () -> {}))),
        report);

    validate(out);
    String text =
        text(
            children(children(parse(out).getDocumentElement(), "testsuite").get(0), "testcase")
                .get(0),
            "system-out");
    int total = 5 + 52 * 100 + 3;
    assertThat(text)
        .startsWith("START" + chunk.substring(0, 45))
        .endsWith(chunk.substring(53) + "END")
        .contains("[hilt: " + (total - 100) + " characters of output left out here");
    assertThat(text.length()).isLessThan(300);
  }

  @Test
  void capsHugeFailureMessages() throws Exception {
    Path out = dir.resolve("junit.xml");
    JUnitXmlReport report = new JUnitXmlReport(out, Map.of(), Runs.steppingClock(), 100);
    String message = "A".repeat(500) + "Z".repeat(500);
    Runs.run(List.of(PlanScript.of("p", Map.of(), TestScript.failing("t", message))), report);
    validate(out);
    Element failure =
        children(
                children(children(parse(out).getDocumentElement(), "testsuite").get(0), "testcase")
                    .get(0),
                "failure")
            .get(0);
    assertThat(failure.getAttribute("message"))
        .startsWith("A".repeat(50))
        .endsWith("Z".repeat(50))
        .contains("[hilt: 900 characters of output left out here")
        .hasSizeLessThan(250);
  }

  @Test
  void reportsWhenTheFileCannotBeWritten() throws Exception {
    Path blocker = Files.writeString(dir.resolve("not-a-dir"), "");
    Path out = blocker.resolve("junit.xml");
    JUnitXmlReport report = new JUnitXmlReport(out, Map.of());
    Runs.run(List.of(PlanScript.of("p", Map.of(), TestScript.passing("t", Map.of()))), report);
    assertThat(report.writeFailure())
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .startsWith("cannot write the JUnit XML report " + out);
    assertThatThrownBy(report::flush)
        .isInstanceOf(ReportException.class)
        .hasMessageContaining(out.toString());
  }

  @Test
  void emptyRunIsAValidReport() throws Exception {
    Path out = dir.resolve("junit.xml");
    JUnitXmlReport report = new JUnitXmlReport(out, Map.of("hilt.version", "0.1.0"));
    Runs.run(List.of(), report);
    validate(out);
    assertThat(parse(out).getDocumentElement().getAttribute("tests")).isEqualTo("0");
  }

  static void validate(Path xml) throws Exception {
    Path xsd = ProjectPaths.sharedVectors().resolve("jenkins-xunit-junit-10.xsd");
    SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
        .newSchema(xsd.toFile())
        .newValidator()
        .validate(new StreamSource(xml.toFile()));
  }

  static Document parse(Path xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    return f.newDocumentBuilder().parse(xml.toFile());
  }

  static List<Element> children(Element parent, String tag) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node n = nodes.item(i);
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        out.add(e);
      }
    }
    return out;
  }

  static String text(Element parent, String tag) {
    List<Element> found = children(parent, tag);
    assertThat(found).as(tag + " of " + parent.getAttribute("name")).hasSize(1);
    return found.get(0).getTextContent();
  }

  static String counts(Element suite) {
    return String.join(
        " ",
        suite.getAttribute("tests"),
        suite.getAttribute("failures"),
        suite.getAttribute("errors"),
        suite.getAttribute("skipped"));
  }

  static List<String> properties(Element suite) {
    List<Element> props = children(children(suite, "properties").get(0), "property");
    return props.stream().map(p -> p.getAttribute("name") + "=" + p.getAttribute("value")).toList();
  }
}
