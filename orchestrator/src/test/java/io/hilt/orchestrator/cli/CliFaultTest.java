package io.hilt.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hilt.orchestrator.testfirmware.FaultDemo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Faults through {@code hilt exec} and {@code hilt run}, on a gcc-built firmware that faults. */
class CliFaultTest {
  @TempDir static Path dir;
  private static Path elf;
  private static Path profiles;

  @BeforeAll
  static void build() {
    elf = FaultDemo.build(dir.resolve("firmware"));
    profiles = FaultDemo.profiles(dir.resolve("profiles"));
  }

  @Test
  void execPrintsTheDecodedFaultAndExits125() {
    Cli.Result result = Cli.run("exec", elf.toString(), "--", "unmapped");

    assertThat(result.exitCode()).isEqualTo(125);
    assertThat(result.out()).isEqualTo("fault-demo: unmapped\n");
    assertThat(result.err())
        .startsWith(
            "hilt: HardFault at 0x"
                + result.err().substring(21, 29)
                + " (bus error: read of unmapped address 0xf0000000")
        .contains("\n  HardFault on cortex-m0plus\n")
        .contains("    pc:        0x")
        .contains(" read_unmapped+0x4 at ")
        .contains("fault-demo.c:40\n")
        .contains("called from main+0x");
  }

  @Test
  void execFindsAHandlerThatSpinsAtTheTimeoutAndExits125() {
    Cli.Result result =
        Cli.run(
            "exec",
            "--profile",
            FaultDemo.NOT_CATCHING,
            "--profiles-dir",
            profiles.toString(),
            "--timeout",
            "300ms",
            elf.toString(),
            "--",
            "unmapped",
            "1");

    assertThat(result.exitCode()).isEqualTo(125);
    assertThat(result.err())
        .startsWith("hilt: timeout: after 300 ms the core was in a fault handler (HardFault)\n")
        .contains("read_unmapped+0x4");
  }

  @Test
  void execKeepsTheExitCodeOfAFirmwareThatExitsFromItsHandlerAndShowsTheFault() {
    Cli.Result result =
        Cli.run(
            "exec",
            "--profile",
            FaultDemo.NOT_CATCHING,
            "--profiles-dir",
            profiles.toString(),
            elf.toString(),
            "--",
            "unmapped",
            "0");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out()).endsWith("caught HardFault\n");
    assertThat(result.err())
        .startsWith("hilt: firmware exited with 3 from inside its fault handler\n")
        .contains("  HardFault on cortex-m0plus\n");
  }

  @Test
  void runPutsTheFaultIntoTheJUnitXml() throws Exception {
    Path plans = Files.createDirectories(dir.resolve("test-plans"));
    Path plan =
        Files.writeString(
            plans.resolve("faults.yaml"),
            """
            firmware: ../firmware/fault-demo.elf
            tests:
              - name: udf is not expected
                args: udf
                steps: [flash, reset, { expect-exit: 0 }]
              - name: unmapped is expected
                args: unmapped
                steps: [flash, reset, { expect-fault: { function: read_unmapped } }]
            """);
    Path xml = dir.resolve("junit.xml");

    Cli.Result result =
        Cli.run(
            "run",
            plan.toString(),
            "--plans-root",
            dir.toString(),
            "--profiles-dir",
            profiles.toString(),
            "--junit",
            xml.toString(),
            "--no-color");

    assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(1);
    assertThat(result.out()).contains("unexpected HardFault").contains("undefined_instruction");
    Document doc = parse(xml);
    Map<String, String> properties = properties(doc);
    assertThat(properties)
        .containsEntry("udf is not expected › fault.exception", "HardFault")
        .containsEntry("udf is not expected › fault.function", "undefined_instruction")
        .containsEntry("udf is not expected › fault.detected-by", "vector-catch")
        .containsEntry("unmapped is expected › fault.function", "read_unmapped");
    assertThat(properties.get("udf is not expected › fault.pc")).matches("0x[0-9a-f]{8}");
    NodeList failures = doc.getElementsByTagName("failure");
    assertThat(failures.getLength()).isEqualTo(1);
    assertThat(((Element) failures.item(0)).getAttribute("message"))
        .contains("unexpected HardFault");
    assertThat(failures.item(0).getTextContent()).contains("HardFault on cortex-m0plus");
  }

  @Test
  void execWithJsonFormatEndsStderrWithTheStopAndTheDecodedFault() throws Exception {
    Cli.Result result = Cli.run("exec", "--format", "json", elf.toString(), "--", "unmapped");

    assertThat(result.exitCode()).isEqualTo(125);
    assertThat(result.out()).isEqualTo("fault-demo: unmapped\n");
    List<String> lines = result.err().lines().toList();
    assertThat(lines).hasSize(1);
    JsonNode json = new ObjectMapper().readTree(lines.get(0));
    assertThat(json.get("stop").asText()).isEqualTo("fault");
    assertThat(json.get("exitCode").asInt()).isEqualTo(125);
    assertThat(json.get("message").asText()).contains("read of unmapped address 0xf0000000");
    JsonNode fault = json.get("fault");
    assertThat(fault.get("detectedBy").asText()).isEqualTo("vector-catch");
    JsonNode report = fault.get("report");
    assertThat(report.get("arch").asText()).isEqualTo("cortex-m0plus");
    assertThat(report.get("exception").asText()).isEqualTo("HardFault");
    assertThat(report.get("exceptionNumber").asInt()).isEqualTo(3);
    assertThat(report.get("flags").isEmpty()).isTrue();
    assertThat(report.get("pc").get("function").asText()).isEqualTo("read_unmapped");
    assertThat(report.get("pc").get("offset").asInt()).isEqualTo(4);
    assertThat(report.get("pc").get("line").asInt()).isEqualTo(40);
    assertThat(report.get("lr").get("function").asText()).isEqualTo("main");
    assertThat(report.get("frame").get("r3").asLong()).isEqualTo(0xf000_0000L);
  }

  @Test
  void execWithJsonFormatReportsACleanExitWithoutAFault() throws Exception {
    Cli.Result result = Cli.run("exec", "--format", "json", elf.toString(), "--", "ok");

    assertThat(result.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(result.err());
    assertThat(json.get("stop").asText()).isEqualTo("exited");
    assertThat(json.get("firmwareExitCode").asInt()).isZero();
    assertThat(json.has("fault")).isFalse();
    assertThat(json.has("message")).isFalse();
  }

  @Test
  void execRejectsAnUnknownFormat() {
    Cli.Result result = Cli.run("exec", "--format", "xml", elf.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--format must be text or json, not 'xml'");
  }

  private static Document parse(Path xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(xml.toFile());
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
}
