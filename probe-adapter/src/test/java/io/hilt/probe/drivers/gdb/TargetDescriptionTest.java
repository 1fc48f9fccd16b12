package io.hilt.probe.drivers.gdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetDescriptionTest {
  // As QEMU 7.2 serves them for mps2-an385 (no xmlns:xi declaration, regnum gaps)
  private static final String TARGET =
      "<?xml version=\"1.0\"?><!DOCTYPE target SYSTEM \"gdb-target.dtd\"><target>"
          + "<architecture>arm</architecture><xi:include href=\"arm-m-profile.xml\"/>"
          + "<xi:include href=\"system-registers.xml\"/></target>";
  private static final String M_PROFILE =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE feature SYSTEM \"gdb-target.dtd\">\n"
          + "<feature name=\"org.gnu.gdb.arm.m-profile\">\n"
          + regs("r", 0, 13)
          + "<reg name=\"sp\" bitsize=\"32\" type=\"data_ptr\"/>\n"
          + "<reg name=\"lr\" bitsize=\"32\"/>\n"
          + "<reg name=\"pc\" bitsize=\"32\" type=\"code_ptr\"/>\n"
          + "<reg name=\"xpsr\" bitsize=\"32\" regnum=\"25\"/>\n</feature>\n";
  private static final String SYSTEM =
      "<?xml version=\"1.0\"?><feature name=\"org.gnu.gdb.arm.m-system\">"
          + "<reg name=\"MSP\" bitsize=\"32\" regnum=\"26\"/><reg name=\"psp\" bitsize=\"32\"/>"
          + "<reg name=\"primask\" bitsize=\"1\"/></feature>";

  private static String regs(String prefix, int from, int count) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i < from + count; i++) {
      out.append("<reg name=\"").append(prefix).append(i).append("\" bitsize=\"32\"/>\n");
    }
    return out.toString();
  }

  @Test
  void numbersRegistersInOrderAcrossIncludesHonouringRegnum() {
    List<String> fetched = new ArrayList<>();
    Map<String, String> files =
        Map.of(
            "target.xml", TARGET, "arm-m-profile.xml", M_PROFILE, "system-registers.xml", SYSTEM);
    TargetDescription d =
        TargetDescription.parse(
            annex -> {
              fetched.add(annex);
              return files.get(annex);
            });
    assertThat(fetched).containsExactly("target.xml", "arm-m-profile.xml", "system-registers.xml");
    assertThat(d.architecture()).contains("arm");
    assertThat(d.register("r0")).hasValueSatisfying(r -> assertThat(r.number()).isZero());
    assertThat(d.register("pc"))
        .hasValue(new GdbRegister("pc", 15, 32, "org.gnu.gdb.arm.m-profile"));
    assertThat(d.register("xpsr")).hasValueSatisfying(r -> assertThat(r.number()).isEqualTo(25));
    assertThat(d.register("msp"))
        .hasValue(new GdbRegister("msp", 26, 32, "org.gnu.gdb.arm.m-system"));
    assertThat(d.register("psp")).hasValueSatisfying(r -> assertThat(r.number()).isEqualTo(27));
    assertThat(d.register("primask")).hasValueSatisfying(r -> assertThat(r.bytes()).isEqualTo(1));
    assertThat(d.registers()).hasSize(20);
  }

  @Test
  void defaultLayoutIsGdbsArmOne() {
    TargetDescription d = TargetDescription.armMProfileDefault();
    assertThat(d.register("sp")).hasValueSatisfying(r -> assertThat(r.number()).isEqualTo(13));
    assertThat(d.register("xpsr")).hasValueSatisfying(r -> assertThat(r.number()).isEqualTo(25));
  }

  @Test
  void malformedXmlNamesTheFile() {
    assertThatThrownBy(
            () ->
                TargetDescription.parse(
                    a -> a.equals("target.xml") ? TARGET : "<feature><reg name=\"r0\""))
        .isInstanceOf(GdbDescriptionException.class)
        .hasMessageStartingWith("arm-m-profile.xml: malformed XML");
  }

  @Test
  void registerWithoutBitsizeIsAnError() {
    assertThatThrownBy(
            () ->
                TargetDescription.parse(
                    a -> "<target><feature name=\"f\"><reg name=\"r0\"/>" + "</feature></target>"))
        .hasMessage("target.xml: register r0 has no bitsize");
  }

  @Test
  void includeLoopIsCutOff() {
    assertThatThrownBy(
            () ->
                TargetDescription.parse(a -> "<target><xi:include href=\"target.xml\"/></target>"))
        .hasMessageContaining("includes more than " + TargetDescription.MAX_FILES + " files");
  }

  @Test
  void includeOutsideTheServerIsRefused() {
    assertThatThrownBy(
            () ->
                TargetDescription.parse(
                    a -> "<target><xi:include href=\"../../etc/passwd\"/></target>"))
        .hasMessageContaining("bad href");
  }

  @Test
  void externalEntitiesAreNotRead(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "leaked");
    String xml =
        "<?xml version=\"1.0\"?><!DOCTYPE target [<!ENTITY x SYSTEM \""
            + secret.toUri()
            + "\">]><target><feature name=\"f\"><reg name=\"&x;\" bitsize=\"32\"/></feature>"
            + "</target>";
    try {
      TargetDescription d = TargetDescription.parse(a -> xml);
      assertThat(d.registers()).noneMatch(r -> r.name().contains("leaked"));
    } catch (GdbDescriptionException refused) {
      assertThat(refused).hasMessageNotContaining("leaked");
    }
  }
}
