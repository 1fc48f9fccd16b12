package io.hilt.orchestrator.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * defmt-test output. Samples from knurling-rs/defmt firmware/defmt-test/README.md (the console
 * shown for {@code cargo test --test integration} and {@code cargo test -p testsuite}, with
 * probe-run's timestamps, levels and location lines) and the message formats of
 * firmware/defmt-test/macros/src/lib.rs ("({=usize}/{=usize}) running `name`...", "ignoring", "all
 * tests passed!").
 */
class DefmtTestParserTest {
  @Test
  void testsPassWhenTheNextStartsAndAtAllTestsPassed() {
    List<ResultCase> cases =
        Parse.text(
            ResultsFormat.DEFMT_TEST,
            """
            0.000000 (1/2) running `assert_true`...
            └─ integration::tests::__defmt_test_entry @ tests/integration.rs:37
            0.000001 State flag before is true
            └─ integration::tests::before_each @ tests/integration.rs:26
            0.000003 (2/2) running `assert_flag`...
            └─ integration::tests::__defmt_test_entry @ tests/integration.rs:43
            0.000006 all tests passed!
            └─ integration::tests::__defmt_test_entry @ tests/integration.rs:11
            """);

    assertThat(Parse.summary(cases)).isEqualTo("PASSED assert_true\nPASSED assert_flag\n");
    assertThat(cases.get(0).output()).contains("0.000001 State flag before is true");
  }

  @Test
  void aPanicFailsTheRunningTest() {
    List<ResultCase> cases =
        Parse.text(
            ResultsFormat.DEFMT_TEST,
            """
            0.000000 INFO  (1/2) running `assert_true`...
            └─ test::tests::__defmt_test_entry @ tests/test.rs:7
            0.000001 INFO  (2/2) running `assert_false`...
            └─ test::tests::__defmt_test_entry @ tests/test.rs:7
            0.000002 ERROR panicked at 'TODO: write actual tests', testsuite/tests/test.rs:16:9
            └─ panic_probe::print_defmt::print @ (..omitted..)
            stack backtrace:
               0: HardFaultTrampoline
            """);

    assertThat(Parse.summary(cases)).isEqualTo("PASSED assert_true\nFAILED assert_false\n");
    assertThat(cases.get(1).message())
        .isEqualTo("panicked at 'TODO: write actual tests', testsuite/tests/test.rs:16:9");
    assertThat(cases.get(1).location()).contains("testsuite/tests/test.rs:16");
  }

  @Test
  void ignoredTestsAreSkipped() {
    List<ResultCase> cases =
        Parse.text(
            ResultsFormat.DEFMT_TEST,
            "(1/2) running `it_works`...\n(2/2) ignoring `it_does_not_work`...\n"
                + "all tests passed!\n");

    assertThat(Parse.summary(cases)).isEqualTo("PASSED it_works\nSKIPPED it_does_not_work\n");
  }

  @Test
  void aTestRunningWhenTheOutputEndsIsAnErrorAndSoAreTheTestsAfterIt() {
    List<ResultCase> cases =
        Parse.text(
            ResultsFormat.DEFMT_TEST,
            "[  0.000001 INFO ] (1/5) running `a`...\n[  0.000002 INFO ] (2/5) running `b`...\n");

    assertThat(Parse.summary(cases)).isEqualTo("PASSED a\nERROR b\nERROR (not run)\n");
    assertThat(cases.get(1).message()).contains("started (2/5) running `b`... but never finished");
    assertThat(cases.get(2).message()).isEqualTo("tests 3 to 5 of 5 never ran");
  }

  @Test
  void allTestsPassedBeforeTheLastTestIsAnError() {
    List<ResultCase> cases =
        Parse.text(ResultsFormat.DEFMT_TEST, "(1/3) running `a`...\nall tests passed!\n");

    assertThat(Parse.summary(cases)).isEqualTo("PASSED a\nERROR (not run)\nERROR (summary)\n");
  }
}
