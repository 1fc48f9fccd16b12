package io.hilt.orchestrator.report;

import static io.hilt.orchestrator.report.ScriptedEngine.PlanScript;
import static io.hilt.orchestrator.report.ScriptedEngine.TestScript;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleReportTest {
  static String run(List<PlanScript> plans, boolean color) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Runs.run(plans, new ConsoleReport(out, color, Runs.steppingClock()));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsEachTestAsItFinishesThenFailuresAndSummary() {
    List<String> lines = run(JUnitXmlReportTest.mixedRun(), false).lines().toList();
    String t = "\\(\\d+\\.\\d{3} s\\)";
    assertThat(lines.subList(0, 12))
        .satisfiesExactly(
            l -> assertThat(l).matches("PASS  smoke › boots " + t),
            l ->
                assertThat(l)
                    .matches(
                        "FAIL  smoke › prints the answer "
                            + t
                            + ": expected output /42/ within 1s"),
            l ->
                assertThat(l).matches("ERROR smoke › talks to the probe " + t + ": probe vanished"),
            l -> assertThat(l).isEqualTo("SKIP  smoke › needs a uart: no UART on this profile"),
            l -> assertThat(l).isEqualTo("SKIP  smoke › later: disabled in the plan"),
            l -> assertThat(l).matches("PASS  smoke › noisy " + t),
            l -> assertThat(l).isEqualTo("SKIP  riscv-only › a: requires arch riscv32imac"),
            l -> assertThat(l).isEqualTo("SKIP  riscv-only › b: requires arch riscv32imac"),
            l ->
                assertThat(l)
                    .matches("ERROR broken › x " + t + ": broken failed: firmware missing"),
            l ->
                assertThat(l)
                    .matches("ERROR broken › y " + t + ": broken failed: firmware missing"),
            l -> assertThat(l).matches("PASS  teardown › only " + t),
            l ->
                assertThat(l)
                    .matches("ERROR teardown › \\(plan\\) " + t + ": board did not release"));
    assertThat(lines.subList(12, lines.size()))
        .containsExactly(
            "",
            "Failures and errors:",
            "  1) FAIL smoke › prints the answer",
            "       expected output /42/ within 1s",
            "       but saw 41",
            "  2) ERROR smoke › talks to the probe",
            "       probe vanished",
            "  3) ERROR broken › x",
            "       broken failed: firmware missing",
            "  4) ERROR broken › y",
            "       broken failed: firmware missing",
            "  5) ERROR teardown › (plan)",
            "       board did not release",
            "",
            lines.get(lines.size() - 1));
    assertThat(lines.get(lines.size() - 1))
        .matches("12 tests: 3 passed, 1 failed, 4 errors, 4 skipped \\(\\d+\\.\\d{3} s\\)");
  }

  @Test
  void allPassingRunHasNoFailureSection() {
    String out =
        run(List.of(PlanScript.of("p", Map.of(), TestScript.passing("t", Map.of()))), false);
    assertThat(out).doesNotContain("Failures").doesNotContain("\u001b[");
    assertThat(out.lines().toList().get(out.lines().toList().size() - 1))
        .startsWith("1 test: 1 passed, 0 failed, 0 errors, 0 skipped (");
  }

  @Test
  void colorsStatusWordsWithAnsiWhenEnabled() {
    String out =
        run(
            List.of(
                PlanScript.of(
                    "p",
                    Map.of(),
                    TestScript.passing("ok", Map.of()),
                    TestScript.failing("bad", "nope"),
                    TestScript.skipped("later", "why"))),
            true);
    assertThat(out)
        .contains("\u001b[32mPASS\u001b[0m  p › ok")
        .contains("\u001b[31mFAIL\u001b[0m  p › bad")
        .contains("\u001b[33mSKIP\u001b[0m  p › later: why")
        .contains("\u001b[32m1 passed\u001b[0m, \u001b[31m1 failed\u001b[0m, 0 errors, ");
  }

  @Test
  void longFailureMessagesAreShortenedInTheSummary() {
    String message = String.join("\n", java.util.Collections.nCopies(15, "line"));
    String out =
        run(List.of(PlanScript.of("p", Map.of(), TestScript.failing("long", message))), false);
    assertThat(out).contains("       ... (5 more lines)");
    assertThat(out.lines().filter(l -> l.equals("       line")).count()).isEqualTo(10);
  }
}
