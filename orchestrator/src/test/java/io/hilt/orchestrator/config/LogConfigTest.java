package io.hilt.orchestrator.config;

import static io.hilt.orchestrator.config.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hilt.probe.defmt.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** expect-log, fail-on-log and rtt settings in plans and profiles (docs/logs.md). */
class LogConfigTest {
  @TempDir Path root;
  Path file;

  @BeforeEach
  void layout() throws IOException {
    Files.createDirectories(root.resolve("test-plans"));
    file = root.resolve("test-plans/plan.yaml");
  }

  private TestPlan load(String yaml) throws IOException {
    Files.writeString(file, yaml);
    return new PlanLoader(root).load(file);
  }

  private ConfigException fails(String yaml) throws IOException {
    Files.writeString(file, yaml);
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> new PlanLoader(root).load(file));
    assertThat(e).as("loading should fail").isNotNull();
    return e;
  }

  @Test
  void bindsExpectLogFailOnLogAndRttSettings() throws IOException {
    TestPlan plan =
        load(
            """
            timeout: 3s
            fail-on-log: { level: warn }
            rtt: { channel: 2, encoding: text, enabled: true, scan: false }
            tests:
              - name: t
                steps:
                  - expect-log: "^booted"
                  - expect-log: { level: info, pattern: "x=\\\\d+", timeout: 2s }
                  - fail-on-log: error
                  - fail-on-log: { level: debug }
                  - fail-on-log: off
            """);

    assertThat(plan.failOnLog()).contains(Level.WARN);
    assertThat(plan.rtt())
        .isEqualTo(
            new RttSettings(
                Optional.of(true),
                OptionalInt.of(2),
                Optional.of(RttSettings.Encoding.TEXT),
                Optional.of(false)));
    var steps = plan.tests().get(0).steps();
    Step.ExpectLog any = (Step.ExpectLog) steps.get(0);
    assertThat(any.level()).isEmpty();
    assertThat(any.pattern().pattern()).isEqualTo("^booted");
    assertThat(any.timeout()).isEqualTo(Duration.ofSeconds(3));
    Step.ExpectLog info = (Step.ExpectLog) steps.get(1);
    assertThat(info.level()).contains(Level.INFO);
    assertThat(info.pattern().pattern()).isEqualTo("x=\\d+");
    assertThat(info.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(((Step.FailOnLog) steps.get(2)).minimum()).contains(Level.ERROR);
    assertThat(((Step.FailOnLog) steps.get(3)).minimum()).contains(Level.DEBUG);
    assertThat(((Step.FailOnLog) steps.get(4)).minimum()).isEmpty();
    assertThat(steps.get(4).location().line()).isEqualTo(11);
  }

  @Test
  void withoutLogSettingsAPlanHasNone() throws IOException {
    TestPlan plan = load("tests: [{ name: t, steps: [reset] }]\n");

    assertThat(plan.failOnLog()).isEmpty();
    assertThat(plan.rtt()).isEqualTo(RttSettings.DEFAULT);
    assertThat(plan.rtt().isEnabled()).isTrue();
    assertThat(plan.rtt().logChannel()).isZero();
    assertThat(plan.rtt().scanRam()).isTrue();
  }

  @Test
  void aPlansRttSettingsOverrideTheProfilesKeyByKey() {
    RttSettings profile =
        new RttSettings(
            Optional.of(false), OptionalInt.of(1), Optional.empty(), Optional.of(false));
    RttSettings plan =
        new RttSettings(
            Optional.of(true),
            OptionalInt.empty(),
            Optional.of(RttSettings.Encoding.DEFMT),
            Optional.empty());

    assertThat(plan.over(profile))
        .isEqualTo(
            new RttSettings(
                Optional.of(true),
                OptionalInt.of(1),
                Optional.of(RttSettings.Encoding.DEFMT),
                Optional.of(false)));
  }

  @Test
  void badLogSettingsAreLocatedWithDidYouMean() throws IOException {
    ConfigException e =
        fails(
            """
            fail-on-log: eror
            rtt: { chanel: 0, encoding: defmtt }
            tests:
              - name: t
                steps:
                  - expect-log: { level: warning, pattern: "(" }
                  - expect-log: { level: info }
                  - fail-on-log
                  - fail-on-log: { level: error, now: true }
                  - expect-logs: x
            """);

    assertProblem(e, file, 1, 14, "unknown log level 'eror'", "did you mean 'error'?");
    assertProblem(e, file, 2, 8, "unknown key 'chanel' in rtt", "did you mean 'channel'?");
    assertProblem(e, file, 2, 29, "unknown encoding 'defmtt'", "did you mean 'defmt'?");
    assertProblem(e, file, 6, 30, "unknown log level 'warning'");
    assertProblem(e, file, 6, 48, "invalid regular expression '('");
    assertProblem(e, file, 7, 21, "missing required key 'pattern' in expect-log");
    assertProblem(e, file, 8, 9, "'fail-on-log' needs a level");
    assertProblem(e, file, 9, 38, "unknown key 'now' in fail-on-log");
    assertProblem(e, file, 10, 9, "unknown step 'expect-logs'", "did you mean 'expect-log'?");
  }

  @Test
  void rttChannelOutOfRangeIsAnError() throws IOException {
    ConfigException e =
        fails(
            """
            rtt: { channel: 32 }
            tests: [{ name: t, steps: [reset] }]
            """);

    assertProblem(e, file, 1, 17, "RTT up channel 32 is outside 0..31");
  }

  @Test
  void profilesTakeRttSettingsToo() throws IOException {
    Path profile = root.resolve("p.yaml");
    Files.writeString(
        profile,
        """
        name: p
        arch: cortex-m0plus
        driver: sim
        memory: { ram: { start: 0x20000000, size: 64KiB, kind: ram } }
        rtt: { enabled: false }
        """);
    assertThat(new ProfileLoader().load(profile).rtt().isEnabled()).isFalse();

    Files.writeString(
        profile,
        """
        name: p
        arch: cortex-m0plus
        driver: sim
        memory: { ram: { start: 0x20000000, size: 64KiB, kind: ram } }
        rtt: { scan: maybe }
        """);
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> new ProfileLoader().load(profile));
    assertProblem(e, profile, 5, 14, "'scan': expected true or false");
  }
}
