package io.hilt.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XmlTextTest {
  @Test
  void escapesMarkupInText() {
    assertThat(XmlText.text("a<b>&c\"d'e")).isEqualTo("a&lt;b&gt;&amp;c\"d'e");
  }

  @Test
  void keepsLineBreaksAndTabsInAttributesAsReferences() {
    assertThat(XmlText.attribute("line 1\nline\t2\r\"q\""))
        .isEqualTo("line 1&#10;line&#9;2&#13;&quot;q&quot;");
    assertThat(XmlText.text("a\tb\nc\r")).isEqualTo("a\tb\nc&#13;");
  }

  @Test
  void makesForbiddenControlCharactersVisible() {
    assertThat(XmlText.text("\u0000\u0001\u001f\u007f")).isEqualTo("\\x00\\x01\\x1f\u007f");
  }

  @Test
  void replacesLoneSurrogatesAndNonCharactersButKeepsPairs() {
    assertThat(XmlText.text("\ud83d\ude00")).isEqualTo("\ud83d\ude00");
    assertThat(XmlText.text("x\ud83d")).isEqualTo("x\ufffd");
    assertThat(XmlText.text("\ude00x")).isEqualTo("\ufffdx");
    assertThat(XmlText.text("\ud83d\ud83d\ude00")).isEqualTo("\ufffd\ud83d\ude00");
    assertThat(XmlText.text("\ufffe\uffff")).isEqualTo("\ufffd\ufffd");
  }
}
