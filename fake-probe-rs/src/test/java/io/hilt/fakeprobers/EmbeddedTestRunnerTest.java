package io.hilt.fakeprobers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The stand-in's copies of escape8259's JSON escaping and Rust's f64 display. */
class EmbeddedTestRunnerTest {
  @Test
  void escapesLikeEscape8259() {
    assertThat(EmbeddedTestRunner.escape("say \"hi\"\\ \n\t\u0001é"))
        .isEqualTo("say \\\"hi\\\"\\\\ \\n\\t\\u0001é");
  }

  @Test
  void printsSecondsLikeRustsF64Display() {
    assertThat(EmbeddedTestRunner.rustF64(1.017701459)).isEqualTo("1.017701459");
    assertThat(EmbeddedTestRunner.rustF64(2.0)).isEqualTo("2");
    assertThat(EmbeddedTestRunner.rustF64(0.00001)).isEqualTo("0.00001");
  }
}
