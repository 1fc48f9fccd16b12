package io.hilt.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.orchestrator.config.PlanLoader;
import io.hilt.orchestrator.config.TestPlan;
import io.hilt.probe.target.Arch;
import io.hilt.probe.testsupport.ProjectPaths;
import io.hilt.probe.testsupport.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code hilt run} and {@code hilt exec} end to end on the simulator and the committed firmware.
 */
class CliEndToEndTest {
  private static final String FIRMWARE = "firmware/build/cortex-m0plus/";

  @Test
  void runOfTheRepositoryPlansPassesAndWritesValidJUnitXml(@TempDir Path dir) throws Exception {
    Path xml = dir.resolve("out/junit.xml");

    Cli.Result result = Cli.run("run", "test-plans", "--junit", xml.toString(), "--no-color");

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    validate(xml);
    Document doc = parse(xml);
    Element root = doc.getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("testsuites");
    List<TestPlan> plans = repositoryPlans();
    // the plans' tests, plus the cases firmware reported through `results:` (classname plan.test)
    List<String> classNames = attributes(doc, "testcase", "classname");
    assertThat(root.getAttribute("tests")).isEqualTo(Integer.toString(classNames.size()));
    assertThat(classNames.stream().filter(c -> plans.stream().anyMatch(p -> p.name().equals(c))))
        .hasSize(plans.stream().mapToInt(p -> p.tests().size()).sum());
    assertThat(classNames).filteredOn(c -> c.startsWith("unity-results.")).hasSize(5);
    assertThat(root.getAttribute("failures")).isEqualTo("0");
    assertThat(root.getAttribute("errors")).isEqualTo("0");
    assertThat(attributes(doc, "testsuite", "name"))
        .containsExactlyElementsOf(plans.stream().map(TestPlan::name).toList())
        .contains("mpu-faults", "smoke", "stack-usage", "defmt-logs");
    // plans requiring other cores (mpu-faults: cortex-m3/m4) are skipped on the default profile
    assertThat(attributes(doc, "testsuite", "skipped"))
        .containsExactlyElementsOf(
            plans.stream()
                .map(
                    p ->
                        !p.appliesTo(Arch.CORTEX_M0PLUS)
                            ? "" + p.tests().size()
                            // unity-demo ignores one of its tests on purpose
                            : p.name().equals("unity-results") ? "1" : "0")
                .toList());
    assertThat(attributes(doc, "testcase", "time")).allMatch(t -> t.matches("\\d+\\.\\d+"));

    Map<String, String> properties = properties(doc);
    assertThat(properties)
        .containsEntry("profile", "sim-cortex-m0plus")
        .containsKey("hilt.version")
        .containsEntry("shallow recursion stays under 2 KiB › stack.used-bytes", "1208")
        .containsEntry(
            "deep recursion stays under 60 percent of the stack › stack.used-bytes", "4664");
    assertThat(properties.get("firmware.sha256")).matches("[0-9a-f]{64}");
    assertThat(properties.keySet())
        .noneMatch(k -> k.startsWith("java.") || k.startsWith("user.") || k.startsWith("os."));
    assertThat(text(doc, "system-out"))
        .contains("hilt smoke firmware")
        .contains("Hello from UART0");
  }

  @Test
  void runWithFailingTestsExitsOneAndReportsFailures(@TempDir Path dir) throws Exception {
    Path xml = dir.resolve("junit.xml");

    Cli.Result result =
        Cli.run(
            "run",
            "orchestrator/src/test/resources/plans/outcomes.yaml",
            "--junit",
            xml.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).contains("2 failed");
    validate(xml);
    Document doc = parse(xml);
    assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(2);
    assertThat(doc.getElementsByTagName("error").getLength()).isZero();
  }

  @Test
  void runOnABoardWhoseDriverIsMissingExitsThreeWithErrors(@TempDir Path dir) throws Exception {
    Path profiles = Files.createDirectories(dir.resolve("profiles"));
    String sim =
        Files.readString(ProjectPaths.root().resolve("device-profiles/sim-cortex-m0plus.yaml"));
    Files.writeString(
        profiles.resolve("bench.yaml"),
        sim.replace("name: sim-cortex-m0plus", "name: bench")
            .replace("driver: sim", "driver: gone"));
    Path xml = dir.resolve("junit.xml");

    Cli.Result result =
        Cli.run(
            "run",
            "test-plans/smoke.yaml",
            "--profile",
            "bench",
            "--profiles-dir",
            profiles.toString(),
            "--junit",
            xml.toString());

    assertThat(result.exitCode()).isEqualTo(3);
    validate(xml);
    assertThat(parse(xml).getElementsByTagName("error").getLength()).isEqualTo(3);
  }

  @Test
  void execWritesTheTargetOutputByteForByteAndExitsWithItsCode() throws IOException {
    Cli.Result result = Cli.run("exec", FIRMWARE + "smoke.elf");

    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(new String(result.outBytes(), StandardCharsets.UTF_8))
        .startsWith("hilt smoke firmware\n")
        .endsWith("smoke: done\n");
  }

  @Test
  void execPassesArgumentsAndTheFirmwaresExitCode() {
    Cli.Result failing = Cli.run("exec", FIRMWARE + "selftest.elf", "--", "inject-failure");
    Cli.Result badDepth = Cli.run("exec", FIRMWARE + "stack.elf", "--", "99");

    assertThat(failing.exitCode()).isEqualTo(1);
    assertThat(failing.out()).contains("FAIL: injected").contains("selftest: 11 passed, 1 failed");
    assertThat(badDepth.exitCode()).isEqualTo(2);
    assertThat(badDepth.out()).contains("depth must be 1..48");
    assertThat(badDepth.err()).doesNotContain("hilt:");
  }

  @Test
  void execTimeoutExits124WithAOneLineReason() {
    Cli.Result result =
        Cli.run("exec", "--timeout", "200ms", FIRMWARE + "crc-bench.elf", "--", "100000000");

    assertThat(result.exitCode()).isEqualTo(124);
    assertThat(result.err().lines())
        .containsExactly("hilt: timeout: the firmware was still running after 200 ms");
  }

  @Test
  void execFaultExits125WithTheFaultAndItsDecodedReport(@TempDir Path dir) throws Exception {
    Path gcc = Tools.require("arm-none-eabi-gcc", "gcc-arm-none-eabi");
    Path source =
        Files.writeString(
            dir.resolve("fault.s"),
            String.join(
                "\n",
                "    .syntax unified",
                "    .cpu cortex-m0plus",
                "    .thumb",
                "    .text",
                "    .global reset",
                "    .word 0x20001000", // initial SP
                "    .word reset + 1", // Reset
                "    .word 0", // NMI
                "    .word 0", // HardFault: no handler
                "    .thumb_func",
                "reset:",
                "    ldr r0, =0xF0000000", // nothing is mapped there on mps2-an385
                "    ldr r1, [r0]",
                "    b .",
                ""));
    Path elf = dir.resolve("fault.elf");
    Process build =
        new ProcessBuilder(
                gcc.toString(),
                "-mcpu=cortex-m0plus",
                "-mthumb",
                "-nostdlib",
                "-nostartfiles",
                "-Wl,-Ttext=0",
                "-Wl,-e,reset",
                "-o",
                elf.toString(),
                source.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(build.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(build.exitValue())
        .as(new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();

    Cli.Result result = Cli.run("exec", "--timeout", "5s", elf.toString());

    assertThat(result.exitCode()).isEqualTo(125);
    List<String> lines = result.err().lines().toList();
    assertThat(lines.get(0)).startsWith("hilt: HardFault at 0x00000012").contains("0xf0000000");
    assertThat(lines.get(1)).isEqualTo("  HardFault on cortex-m0plus");
    assertThat(result.err())
        .contains("    pc:        0x00000012\n")
        .contains("EXC_RETURN 0xfffffff9");
  }

  private static void validate(Path xml) throws Exception {
    Path xsd = ProjectPaths.sharedVectors().resolve("jenkins-xunit-junit-10.xsd");
    SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
        .newSchema(xsd.toFile())
        .newValidator()
        .validate(new StreamSource(xml.toFile()));
  }

  private static Document parse(Path xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(xml.toFile());
  }

  private static List<String> attributes(Document doc, String tag, String attribute) {
    NodeList nodes = doc.getElementsByTagName(tag);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      values.add(((Element) nodes.item(i)).getAttribute(attribute));
    }
    return values;
  }

  private static Map<String, String> properties(Document doc) {
    NodeList nodes = doc.getElementsByTagName("property");
    Map<String, String> properties = new LinkedHashMap<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      Element e = (Element) nodes.item(i);
      properties.putIfAbsent(e.getAttribute("name"), e.getAttribute("value"));
    }
    return properties;
  }

  private static String text(Document doc, String tag) {
    NodeList nodes = doc.getElementsByTagName(tag);
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < nodes.getLength(); i++) {
      all.append(nodes.item(i).getTextContent());
    }
    return all.toString();
  }

  /** The plans under test-plans/, in file-name order (the order the run reports them). */
  private static List<TestPlan> repositoryPlans() throws java.io.IOException {
    PlanLoader loader = new PlanLoader(ProjectPaths.root());
    try (java.util.stream.Stream<Path> files =
        java.nio.file.Files.list(ProjectPaths.root().resolve("test-plans"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().map(loader::load).toList();
    }
  }
}
