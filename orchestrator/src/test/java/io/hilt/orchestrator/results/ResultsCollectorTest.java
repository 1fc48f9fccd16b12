package io.hilt.orchestrator.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ResultsCollectorTest {
  @ParameterizedTest
  @EnumSource(ResultsFormat.class)
  void randomBytesNeverBreakAParser(ResultsFormat format) {
    Random random = new Random(6);
    String[] words = {
      "ok ", "not ok ", "1..", "PASS", ":FAIL", ":IGNORE", "START - ", " - ", "Bail out!",
      "(1/3) running `", "`...", "all tests passed!", "  ---", "  ...", "# SKIP", "\n", ":", "\\"
    };
    for (int round = 0; round < 200; round++) {
      ResultsCollector collector = new ResultsCollector(format);
      for (int i = 0; i < 50; i++) {
        byte[] chunk;
        if (random.nextBoolean()) {
          chunk = words[random.nextInt(words.length)].getBytes(StandardCharsets.UTF_8);
        } else {
          chunk = new byte[random.nextInt(20)];
          random.nextBytes(chunk);
        }
        collector.accept(random.nextBoolean() ? "uart0" : "stdout", chunk);
      }
      List<ResultCase> cases = collector.finish();
      assertThat(cases).allSatisfy(c -> assertThat(c.name()).isNotBlank());
    }
  }

  @Test
  void sourcesAreCutIntoLinesSeparately() {
    ResultsCollector collector = new ResultsCollector(ResultsFormat.TAP);
    collector.accept("uart0", "ok 1 - fr".getBytes(StandardCharsets.UTF_8));
    collector.accept("stdout", "# a comment\n".getBytes(StandardCharsets.UTF_8));
    collector.accept("uart0", "om the uart\n1..1\n".getBytes(StandardCharsets.UTF_8));

    assertThat(Parse.summary(collector.finish())).isEqualTo("PASSED from the uart\n");
  }

  @Test
  void aHugeLineIsCutAndTooManyLinesAreCounted() {
    ResultsCollector collector = new ResultsCollector(ResultsFormat.TAP);
    byte[] huge = new byte[ResultsCollector.MAX_LINE_CHARS * 10];
    java.util.Arrays.fill(huge, (byte) 'x');
    collector.accept("uart0", "ok 1 - ".getBytes(StandardCharsets.UTF_8));
    collector.accept("uart0", huge);
    collector.accept("uart0", "\n".getBytes(StandardCharsets.UTF_8));
    byte[] many = "# x\n".repeat(ResultsCollector.MAX_LINES).getBytes(StandardCharsets.UTF_8);
    collector.accept("uart0", many);

    List<ResultCase> cases = collector.finish();

    assertThat(cases.get(0).name()).endsWith("[hilt: line cut]").hasSizeLessThan(4200);
    assertThat(cases.get(cases.size() - 1).name()).isEqualTo("(output limit)");
    assertThat(cases.get(cases.size() - 1).message()).contains("1 more were not");
  }

  @Test
  void finishIsFinal() {
    ResultsCollector collector = new ResultsCollector(ResultsFormat.UNITY);
    collector.accept("uart0", "src/t.c:1:test_a:PASS".getBytes(StandardCharsets.UTF_8));
    List<ResultCase> first = collector.finish();
    collector.accept("uart0", "\nsrc/t.c:2:test_b:PASS\n".getBytes(StandardCharsets.UTF_8));

    assertThat(collector.finish()).isSameAs(first);
    assertThat(first.get(0).name()).isEqualTo("test_a");
  }
}
