package io.hilt.orchestrator.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Unity's output. Samples: the line forms documented in ThrowTheSwitch/Unity auto/parse_output.rb
 * (comments of {@code parse_output}: "normal output" lines) and docs/UnityHelperScriptsGuide.md
 * (parameterized test names), the summary as src/unity.c {@code UnityEnd} prints it (dashes, {@code
 * N Tests M Failures K Ignored}, {@code OK}/{@code FAIL}), colours as {@code UNITY_OUTPUT_COLOR}
 * gives them ({@code UnityStrPass} and friends) and the execution time of {@code
 * UNITY_INCLUDE_EXEC_TIME} ({@code " (N ms)"}).
 */
class UnityParserTest {
  private static final String RUN =
      """
      <path>/test_file.c:36:test_tc1000_opsys:FAIL: Expected 1 Was 0
      <path>/test_file.c:112:test_tc5004_initCanChannel:IGNORE: Not Yet Implemented
      <path>/test_file.c:115:test_tc5100_initCanVoidPtrs:PASS
      tests/test_unity_parameterizedDemo.c:14:test_demoParamFunction(1, 2, 5):PASS

      -----------------------
      4 Tests 1 Failures 1 Ignored
      FAIL
      """;

  @Test
  void turnsEachResultLineIntoACase() {
    List<ResultCase> cases = Parse.text(ResultsFormat.UNITY, RUN);

    assertThat(Parse.summary(cases))
        .isEqualTo(
            """
            FAILED test_tc1000_opsys
            SKIPPED test_tc5004_initCanChannel
            PASSED test_tc5100_initCanVoidPtrs
            PASSED test_demoParamFunction(1, 2, 5)
            """);
    assertThat(cases.get(0).message()).isEqualTo("<path>/test_file.c:36: Expected 1 Was 0");
    assertThat(cases.get(0).location()).contains("<path>/test_file.c:36");
    assertThat(cases.get(1).message())
        .isEqualTo("IGNORE: Not Yet Implemented (<path>/test_file.c:112)");
  }

  @Test
  void fragmentsGiveTheSameCasesAsWholeOutput() {
    assertThat(Parse.fragments(ResultsFormat.UNITY, RUN, 3))
        .isEqualTo(Parse.text(ResultsFormat.UNITY, RUN));
  }

  @Test
  void readsColouredOutputAndExecutionTimes() {
    String coloured =
        "src/t.c:10:test_a:\u001b[42mPASS\u001b[0m (3 ms)\r\n"
            + "src/t.c:11:test_b:\u001b[43mIGNORE\u001b[0m\r\n"
            + "-----------------------\r\n2 Tests 0 Failures 1 Ignored\r\n\u001b[42mOK\u001b[0m\r\n";

    List<ResultCase> cases = Parse.text(ResultsFormat.UNITY, coloured);

    assertThat(Parse.summary(cases)).isEqualTo("PASSED test_a\nSKIPPED test_b\n");
    assertThat(cases.get(1).message()).isEqualTo("IGNORE (src/t.c:11)");
  }

  @Test
  void acceptsWindowsPathsAndFailuresWithoutMessage() {
    List<ResultCase> cases =
        Parse.text(
            ResultsFormat.UNITY,
            "C:\\proj\\test\\t.c:7:test_x:FAIL\n-----------------------\n"
                + "1 Tests 1 Failures 0 Ignored\nFAIL\n");

    assertThat(cases).hasSize(1);
    assertThat(cases.get(0).location()).contains("C:\\proj\\test\\t.c:7");
    assertThat(cases.get(0).message()).isEqualTo("C:\\proj\\test\\t.c:7: FAIL");
  }

  @Test
  void aRunWithoutItsSummaryEndsInAnErrorNamingTheLastTest() {
    List<ResultCase> cases =
        Parse.text(
            ResultsFormat.UNITY,
            "src/t.c:10:test_a:PASS\nsrc/t.c:20:test_b:PASS\nabout to crash\n");

    ResultCase error = cases.get(cases.size() - 1);
    assertThat(error.status()).isEqualTo(ResultCase.Status.ERROR);
    assertThat(error.name()).isEqualTo("(unfinished)");
    assertThat(error.message())
        .contains("without its summary line")
        .contains("after test test_b (src/t.c:20), the 2nd reported");
    assertThat(error.output()).containsExactly("about to crash");
  }

  @Test
  void aSummaryThatDisagreesWithTheCasesIsAnError() {
    List<ResultCase> cases =
        Parse.text(
            ResultsFormat.UNITY,
            "src/t.c:10:test_a:PASS\n-----------------------\n3 Tests 0 Failures 0 Ignored\nOK\n");

    assertThat(cases.get(1).name()).isEqualTo("(summary)");
    assertThat(cases.get(1).message())
        .isEqualTo(
            "Unity's summary says 3 Tests 0 Failures 0 Ignored, but the output reported 1 tests,"
                + " 0 failures, 0 ignored");
  }

  @Test
  void okWithFailuresIsAnError() {
    List<ResultCase> cases =
        Parse.text(
            ResultsFormat.UNITY,
            "src/t.c:10:test_a:FAIL: boom\n-----------------------\n"
                + "1 Tests 1 Failures 0 Ignored\nOK\n");

    assertThat(cases.get(1).message()).contains("final line says OK");
  }

  @Test
  void outputBeforeAResultBelongsToThatCase() {
    List<ResultCase> cases =
        Parse.text(
            ResultsFormat.UNITY,
            "sensor value 17\nsrc/t.c:10:test_a:PASS\n-----------------------\n"
                + "1 Tests 0 Failures 0 Ignored\nOK\n");

    assertThat(cases).hasSize(1);
    assertThat(cases.get(0).output()).containsExactly("sensor value 17");
    assertThat(cases.get(0).location()).isEqualTo(Optional.of("src/t.c:10"));
  }

  @Test
  void linesThatOnlyLookLikeResultsAreOutput() {
    List<ResultCase> cases =
        Parse.text(
            ResultsFormat.UNITY,
            "time:12:30:PASSWORD\nx:1::PASS\nsrc/t.c:10:test_a:PASS extra\n"
                + "-----------------------\n0 Tests 0 Failures 0 Ignored\nOK\n");

    assertThat(cases).isEmpty();
  }
}
