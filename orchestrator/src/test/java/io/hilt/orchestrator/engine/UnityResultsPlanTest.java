package io.hilt.orchestrator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.hilt.orchestrator.report.JUnitXmlReport;
import io.hilt.probe.testsupport.ProjectPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * test-plans/unity-results.yaml and the unity-demo firmware's fail and crash variants, run through
 * hilt's engine on the simulator into JUnit XML: one testcase per Unity test, named as Unity names
 * it, with classname "plan.test".
 */
class UnityResultsPlanTest {
  private static final String DEMO_TEST = "the Unity demo reports each test as a case";

  /** One testcase element, flattened. */
  record XmlCase(String name, String className, String outcome, String message, String out) {}

  static List<XmlCase> run(Path plan, String profile, Path xml) throws Exception {
    Launcher launcher =
        LauncherFactory.create(
            LauncherConfig.builder()
                .enableTestEngineAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestEngines(new HiltTestEngine())
                .build());
    JUnitXmlReport report = new JUnitXmlReport(xml, Map.of());
    launcher.execute(
        LauncherDiscoveryRequestBuilder.request()
            .selectors(DiscoverySelectors.selectFile(plan.toFile()))
            .configurationParameter(EngineSettings.PROFILE, profile)
            .configurationParameter(
                EngineSettings.PROFILES_DIR,
                ProjectPaths.root().resolve("device-profiles").toString())
            .configurationParameter(EngineSettings.PLANS_ROOT, ProjectPaths.root().toString())
            .build(),
        report);
    SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
        .newSchema(ProjectPaths.sharedVectors().resolve("jenkins-xunit-junit-10.xsd").toFile())
        .newValidator()
        .validate(new javax.xml.transform.stream.StreamSource(xml.toFile()));
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    NodeList nodes = doc.getElementsByTagName("testcase");
    List<XmlCase> cases = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      Element e = (Element) nodes.item(i);
      String outcome = "passed";
      String message = "";
      for (String kind : List.of("failure", "error", "skipped")) {
        NodeList found = e.getElementsByTagName(kind);
        if (found.getLength() > 0) {
          outcome = kind;
          message = ((Element) found.item(0)).getAttribute("message");
        }
      }
      NodeList out = e.getElementsByTagName("system-out");
      cases.add(
          new XmlCase(
              e.getAttribute("name"),
              e.getAttribute("classname"),
              outcome,
              message,
              out.getLength() > 0 ? out.item(0).getTextContent() : ""));
    }
    return cases;
  }

  @ParameterizedTest
  @ValueSource(strings = {"sim-cortex-m0plus", "sim-cortex-m3", "sim-cortex-m4"})
  void theRepositoryPlanGivesOneCasePerUnityTest(String profile, @TempDir Path dir)
      throws Exception {
    List<XmlCase> cases =
        run(
            ProjectPaths.root().resolve("test-plans/unity-results.yaml"),
            profile,
            dir.resolve("junit.xml"));

    assertThat(cases)
        .extracting(XmlCase::name, XmlCase::className, XmlCase::outcome)
        .containsExactly(
            tuple(DEMO_TEST, "unity-results", "passed"),
            tuple("test_crc8_of_check_string", "unity-results." + DEMO_TEST, "passed"),
            tuple("test_sum_of_squares", "unity-results." + DEMO_TEST, "passed"),
            tuple("test_string_reverse", "unity-results." + DEMO_TEST, "passed"),
            tuple("test_flash_erase", "unity-results." + DEMO_TEST, "skipped"),
            tuple("test_uart_transmitter_is_idle", "unity-results." + DEMO_TEST, "passed"),
            tuple("the shell answers commands sent on its console", "unity-results", "passed"));
    assertThat(cases.get(4).message())
        .matches("IGNORE: no flash controller on this board \\(src/unity-demo.c:\\d+\\)");
    assertThat(cases.get(6).out())
        .containsPattern("\\[\\+\\d+\\.\\d{3}s\\] shell> help\r\n")
        .containsPattern("\\[\\+\\d+\\.\\d{3}s\\] sum = 42\r\n");
  }

  @Test
  void aFailingUnityTestIsAFailureWithItsFileAndLine(@TempDir Path dir) throws Exception {
    Path plan =
        Files.writeString(
            dir.resolve("fail.yaml"),
            """
            name: unity-fail
            firmware: %s
            tests:
              - name: failing run
                args: fail
                results: unity
                steps:
                  - flash
                  - reset
                  - expect-exit: 1
            """
                .formatted(elf("unity-demo")));

    List<XmlCase> cases = run(plan, "sim-cortex-m0plus", dir.resolve("junit.xml"));

    assertThat(cases).hasSize(7);
    XmlCase failed =
        cases.stream()
            .filter(c -> c.name().equals("test_counter_wraps_past_255"))
            .findFirst()
            .orElseThrow();
    assertThat(failed.className()).isEqualTo("unity-fail.failing run");
    assertThat(failed.outcome()).isEqualTo("failure");
    assertThat(failed.message()).matches("src/unity-demo.c:\\d+: Expected 256 Was 0");
    assertThat(cases.get(0).outcome()).isEqualTo("passed");
  }

  @Test
  void aCrashMidSuiteLeavesAnErrorCaseForTheUnfinishedTests(@TempDir Path dir) throws Exception {
    Path plan =
        Files.writeString(
            dir.resolve("crash.yaml"),
            """
            name: unity-crash
            firmware: %s
            tests:
              - name: crashing run
                args: crash
                results: unity
                steps:
                  - flash
                  - reset
                  - expect-fault: HardFault
            """
                .formatted(elf("unity-demo")));

    List<XmlCase> cases = run(plan, "sim-cortex-m0plus", dir.resolve("junit.xml"));

    assertThat(cases)
        .extracting(XmlCase::name, XmlCase::outcome)
        .containsExactly(
            tuple("crashing run", "passed"),
            tuple("test_crc8_of_check_string", "passed"),
            tuple("test_sum_of_squares", "passed"),
            tuple("test_string_reverse", "passed"),
            tuple("(unfinished)", "error"));
    assertThat(cases.get(4).message())
        .contains("without its summary line")
        .containsPattern("after test test_string_reverse \\(src/unity-demo.c:\\d+\\), the 3rd");
  }

  private static Path elf(String name) {
    return ProjectPaths.firmwareBuild("cortex-m0plus").resolve(name + ".elf");
  }
}
