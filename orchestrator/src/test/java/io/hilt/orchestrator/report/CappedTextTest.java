package io.hilt.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CappedTextTest {
  @Test
  void keepsTextUpToTheLimitUnchanged() {
    CappedText text = new CappedText(10);
    assertThat(text.isEmpty()).isTrue();
    text.append("01234");
    text.append("56789");
    assertThat(text).hasToString("0123456789");
    assertThat(text.isEmpty()).isFalse();
  }

  @Test
  void keepsFirstAndLastHalfAndCountsWhatWasLeftOut() {
    CappedText text = new CappedText(10);
    for (char c = 'a'; c <= 'z'; c++) {
      text.append(String.valueOf(c));
    }
    assertThat(text.toString())
        .isEqualTo(
            "abcde\n[hilt: 16 characters of output left out here; the report keeps the first and"
                + " last 5]\nvwxyz");
  }

  @Test
  void handlesOneLargeAppend() {
    CappedText text = new CappedText(4);
    text.append("x".repeat(1000) + "END");
    assertThat(text.toString()).startsWith("xx\n[hilt: 999 characters").endsWith("]\nND");
  }
}
