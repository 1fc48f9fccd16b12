package io.hilt.orchestrator.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Zephyr ztest output. Samples built from the format strings of zephyrproject-rtos/zephyr:
 * subsys/testsuite/include/zephyr/tc_util.h ({@code TC_START_PRINT} "START - %s", {@code
 * Z_TC_END_RESULT} " %s - %s in %u.%03u seconds", {@code TC_SUITE_START} "Running TESTSUITE %s",
 * {@code TC_SUITE_END} "TESTSUITE %s succeeded" / "failed.", {@code TC_END_REPORT} "PROJECT
 * EXECUTION %s") and subsys/testsuite/ztest/src/ztest.c ({@code __ztest_show_suite_summary_oneline}
 * "SUITE %s - %3d.%02d%% [%s]: pass = %d, fail = %d, skip = %d, total = %d duration = %u.%03u
 * seconds", the verbose " - %s - [%s.%s] duration = %u.%03u seconds"); the older API from the
 * ztest.c of Zephyr 2.x ("Running test suite %s", "Test suite %s succeeded", results without a
 * duration).
 */
class ZtestParserTest {
  private static final String NEW_API =
      """
      *** Booting Zephyr OS build v3.5.0 ***
      Running TESTSUITE framework_tests
      ===================================================================
      START - test_assert_tests
       PASS - test_assert_tests in 0.001 seconds
      ===================================================================
      START - test_skip
       SKIP - test_skip in 0.001 seconds
      ===================================================================
      START - test_fail
          Assertion failed at WEST_TOPDIR/zephyr/tests/ztest/base/src/main.c:42: framework_tests_test_fail: (1 not equal to 2)
      expected
       FAIL - test_fail in 0.002 seconds
      ===================================================================
      TESTSUITE framework_tests failed.

      ------ TESTSUITE SUMMARY START ------

      SUITE FAIL -  50.00% [framework_tests]: pass = 1, fail = 1, skip = 1, total = 3 duration = 0.004 seconds
       - PASS - [framework_tests.test_assert_tests] duration = 0.001 seconds
       - SKIP - [framework_tests.test_skip] duration = 0.001 seconds
       - FAIL - [framework_tests.test_fail] duration = 0.002 seconds

      ------ TESTSUITE SUMMARY END ------

      ===================================================================
      PROJECT EXECUTION FAILED
      """;

  @Test
  void readsTheNewerFormatWithSuiteQualifiedNames() {
    List<ResultCase> cases = Parse.text(ResultsFormat.ZTEST, NEW_API);

    assertThat(Parse.summary(cases))
        .isEqualTo(
            """
            PASSED framework_tests.test_assert_tests
            SKIPPED framework_tests.test_skip
            FAILED framework_tests.test_fail
            """);
    ResultCase failed = cases.get(2);
    assertThat(failed.message())
        .isEqualTo(
            "WEST_TOPDIR/zephyr/tests/ztest/base/src/main.c:42: framework_tests_test_fail: (1 not"
                + " equal to 2)");
    assertThat(failed.location()).contains("WEST_TOPDIR/zephyr/tests/ztest/base/src/main.c:42");
    assertThat(failed.output()).contains("expected");
  }

  @Test
  void fragmentsGiveTheSameCases() {
    assertThat(Parse.fragments(ResultsFormat.ZTEST, NEW_API, 5))
        .isEqualTo(Parse.text(ResultsFormat.ZTEST, NEW_API));
  }

  @Test
  void readsTheOlderFormat() {
    List<ResultCase> cases =
        Parse.text(
            ResultsFormat.ZTEST,
            """
            Running test suite test_sprintf
            ===================================================================
            START - test_sprintf_double
             PASS - test_sprintf_double
            ===================================================================
            START - test_sprintf_integer
             PASS - test_sprintf_integer
            ===================================================================
            Test suite test_sprintf succeeded
            ===================================================================
            PROJECT EXECUTION SUCCESSFUL
            """);

    assertThat(Parse.summary(cases))
        .isEqualTo(
            "PASSED test_sprintf.test_sprintf_double\nPASSED test_sprintf.test_sprintf_integer\n");
  }

  @Test
  void takesCasesFromTheVerboseSummaryWhenTestsPrintNothing() {
    // CONFIG_ZTEST_VERBOSE_OUTPUT=n: START and results are not printed, the summary is
    List<ResultCase> cases =
        Parse.text(
            ResultsFormat.ZTEST,
            """
            Running TESTSUITE s
            ===================================================================
            TESTSUITE s succeeded

            ------ TESTSUITE SUMMARY START ------

            SUITE PASS - 100.00% [s]: pass = 2, fail = 0, skip = 0, total = 2 duration = 0.002 seconds
             - PASS - [s.test_a] duration = 0.001 seconds
             - PASS - [s.test_b] duration = 0.001 seconds

            ------ TESTSUITE SUMMARY END ------

            PROJECT EXECUTION SUCCESSFUL
            """);

    assertThat(Parse.summary(cases)).isEqualTo("PASSED s.test_a\nPASSED s.test_b\n");
  }

  @Test
  void aStartWithoutResultIsAnErrorAndSoIsTheMissingEnd() {
    List<ResultCase> cases =
        Parse.text(
            ResultsFormat.ZTEST,
            """
            Running TESTSUITE s
            START - test_a
             PASS - test_a in 0.001 seconds
            START - test_b
            E: ***** HARD FAULT *****
            """);

    assertThat(Parse.summary(cases))
        .isEqualTo("PASSED s.test_a\nERROR s.test_b\nERROR (unfinished)\n");
    assertThat(cases.get(1).message()).contains("started (START - s.test_b) but never reported");
    assertThat(cases.get(1).output()).contains("E: ***** HARD FAULT *****");
    assertThat(cases.get(2).message()).contains("without 'PROJECT EXECUTION");
  }

  @Test
  void aSuiteSummaryThatDisagreesIsAnError() {
    List<ResultCase> cases =
        Parse.text(
            ResultsFormat.ZTEST,
            """
            Running TESTSUITE s
            START - test_a
             PASS - test_a in 0.001 seconds
            TESTSUITE s succeeded
            SUITE PASS - 100.00% [s]: pass = 2, fail = 0, skip = 0, total = 2 duration = 0.002 seconds
            PROJECT EXECUTION SUCCESSFUL
            """);

    assertThat(cases.get(1).name()).isEqualTo("(summary s)");
    assertThat(cases.get(1).message())
        .contains("pass = 2, fail = 0, skip = 0, total = 2")
        .contains("reported pass = 1, fail = 0, skip = 0, total = 1");
  }

  @Test
  void projectFailedWithoutAFailedTestIsAnError() {
    List<ResultCase> cases =
        Parse.text(
            ResultsFormat.ZTEST,
            "START - test_a\n PASS - test_a in 0.001 seconds\nPROJECT EXECUTION FAILED\n");

    assertThat(Parse.summary(cases)).isEqualTo("PASSED test_a\nERROR (project)\n");
  }
}
