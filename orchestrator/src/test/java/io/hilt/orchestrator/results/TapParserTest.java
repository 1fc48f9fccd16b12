package io.hilt.orchestrator.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TAP. Samples from the specifications at testanything.org (tap-version-13.html: the "Common with
 * explanation" and "Got spare tuits?" examples, YAML diagnostics, "Bail out!"; tap-version-14.html:
 * the version line, escaped '#', directives), trimmed; directive cases from the example.tap of
 * pygments (tests/examplefiles/example.tap).
 */
class TapParserTest {
  @Test
  void readsTestPointsDirectivesAndDiagnostics() {
    List<ResultCase> cases =
        Parse.text(
            ResultsFormat.TAP,
            """
            TAP version 13
            1..6
            # the database tests
            ok 1 - Input file opened
            not ok 2 - First line of the input valid
              ---
              message: 'First line invalid'
              severity: fail
              data:
                got: 'Flirble'
                expect: 'Fnible'
              ...
            ok 3 - Read the rest of the file
            not ok 4 - Summarized correctly # TODO Not written yet
            ok 5 # skip no database
            ok 6 - hash \\# in the name
            """);

    assertThat(Parse.summary(cases))
        .isEqualTo(
            """
            PASSED Input file opened
            FAILED First line of the input valid
            PASSED Read the rest of the file
            SKIPPED Summarized correctly
            SKIPPED test 5
            PASSED hash # in the name
            """);
    assertThat(cases.get(1).message())
        .isEqualTo("not ok 2 - First line of the input valid: First line invalid");
    assertThat(cases.get(1).output()).contains("    got: 'Flirble'");
    assertThat(cases.get(3).message()).isEqualTo("TODO (not ok, a known failure): Not written yet");
    assertThat(cases.get(4).message()).isEqualTo("SKIP: no database");
  }

  @Test
  void aPlanAtTheEndWorksToo() {
    List<ResultCase> cases =
        Parse.text(ResultsFormat.TAP, "TAP version 14\nok 1 - a\nok - b\n1..2\n");

    assertThat(Parse.summary(cases)).isEqualTo("PASSED a\nPASSED b\n");
  }

  @Test
  void aPlanNotReachedIsAnError() {
    List<ResultCase> cases =
        Parse.text(ResultsFormat.TAP, "TAP version 14\n1..4\nok 1 - a\nok 2 - b\n");

    assertThat(Parse.summary(cases)).isEqualTo("PASSED a\nPASSED b\nERROR (plan)\n");
    assertThat(cases.get(2).message())
        .isEqualTo(
            "the plan 1..4 announced 4 tests but tests 3 to 4 were never reported: the firmware"
                + " crashed, hung or the output ended");
  }

  @Test
  void bailOutIsAnError() {
    List<ResultCase> cases =
        Parse.text(
            ResultsFormat.TAP,
            "1..573\nnot ok 1 - database handle\nBail out! Couldn't connect to database.\n");

    assertThat(Parse.summary(cases)).isEqualTo("FAILED database handle\nERROR (bail out)\n");
    assertThat(cases.get(1).message())
        .isEqualTo("Bail out! Couldn't connect to database.; tests 2 to 573 of the plan never ran");
  }

  @Test
  void skippingEverythingIsOneSkippedCase() {
    List<ResultCase> cases = Parse.text(ResultsFormat.TAP, "1..0 # skip: no network here\n");

    assertThat(Parse.summary(cases)).isEqualTo("SKIPPED (all)\n");
  }

  @Test
  void noPlanAndNumbersOutOfOrderAreErrors() {
    List<ResultCase> cases = Parse.text(ResultsFormat.TAP, "ok 1 - a\nok 3 - c\n");

    assertThat(Parse.summary(cases))
        .isEqualTo("PASSED a\nPASSED c\nERROR (sequence)\nERROR (plan)\n");
  }

  @Test
  void directivesFollowTheSpecificationsExamples() {
    // pygments' example.tap, after the TAP 13 rules: case-insensitive, "skip" a stem, TODO a word
    List<ResultCase> cases =
        Parse.text(
            ResultsFormat.TAP,
            """
            1..4
            not ok 1 There are a couple of directives. # TODO is one of those directives.
            not ok 2 # TODO: is invalid because the directive must be followed by a space.
            ok 3 Tests can be # skipped as long as the directive has the "skip" stem.
            ok 4 - Another directive line # toDO is not case sensitive.
            """);

    assertThat(Parse.summary(cases))
        .isEqualTo(
            """
            SKIPPED There are a couple of directives.
            FAILED test 2
            SKIPPED Tests can be
            PASSED Another directive line
            """);
  }

  @Test
  void subtestLinesAreOutputOfTheTestPointThatSumsThemUp() {
    // TAP 14 "Subtests": an indented stream, then the parent's own test point
    List<ResultCase> cases =
        Parse.text(
            ResultsFormat.TAP,
            """
            TAP version 14
            1..2
            # Subtest: nested
                1..1
                not ok 1 - inner
                  ---
                  message: inner failed
                  ...
            not ok 1 - nested
            ok 2 - after
            """);

    assertThat(Parse.summary(cases)).isEqualTo("FAILED nested\nPASSED after\n");
    assertThat(cases.get(0).message()).isEqualTo("not ok 1 - nested");
    assertThat(cases.get(0).output())
        .contains("    not ok 1 - inner", "      message: inner failed");
  }
}
