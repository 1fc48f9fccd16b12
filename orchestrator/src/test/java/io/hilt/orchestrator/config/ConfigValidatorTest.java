package io.hilt.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigValidatorTest {
  @TempDir Path root;
  Path profiles;
  Path plans;

  private static final String PROFILE =
      """
      name: %s
      arch: cortex-m0plus
      driver: sim
      memory:
        ram: { start: 0x20000000, size: 64KiB }
      """;

  @BeforeEach
  void layout() throws IOException {
    profiles = Files.createDirectories(root.resolve("device-profiles"));
    plans = Files.createDirectories(root.resolve("test-plans"));
  }

  @Test
  void checksEveryFileAndReportsEveryProblem() throws IOException {
    Files.writeString(profiles.resolve("a.yaml"), PROFILE.formatted("a"));
    Path badProfile = Files.writeString(profiles.resolve("b.yml"), "name: b\narch: z80\n");
    Path badPlan =
        Files.writeString(plans.resolve("p.yaml"), "tests:\n  - name: t\n    steps: [rest]\n");
    Files.writeString(plans.resolve("ok.yaml"), "tests:\n  - name: t\n    steps: [reset]\n");
    Files.writeString(plans.resolve("notes.txt"), "not yaml, not looked at");

    ValidationResult result = new ConfigValidator(root).validate(List.of(root));

    assertThat(result.ok()).isFalse();
    assertThat(result.profiles()).containsExactly(profiles.resolve("a.yaml"), badProfile);
    assertThat(result.plans()).containsExactly(plans.resolve("ok.yaml"), badPlan);
    assertThat(result.format().lines())
        .contains(
            badProfile
                + ":2:7: 'arch': unknown arch 'z80' (allowed: cortex-m0plus, cortex-m3,"
                + " cortex-m4, cortex-m33, riscv32imac)",
            badPlan + ":3:13: unknown step 'rest'; did you mean 'reset'?");
    assertThat(result.problems())
        .filteredOn(p -> p.location().file().equals(badProfile))
        .extracting(Problem::message)
        .contains("missing required key 'driver' in profile (sim, probe-rs, gdb or qemu)");
  }

  @Test
  void tellsPlansFromProfilesByTheirKeysOutsideTheConventionalFolders() throws IOException {
    Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
    Path profile = Files.writeString(elsewhere.resolve("board.yaml"), PROFILE.formatted("x"));
    Path plan = Files.writeString(elsewhere.resolve("plan.yaml"), "tests: []\n");
    Path neither = Files.writeString(elsewhere.resolve("other.yaml"), "hello: world\n");

    ValidationResult result = new ConfigValidator(root).validate(List.of(elsewhere));

    assertThat(result.profiles()).containsExactly(profile);
    assertThat(result.plans()).containsExactly(plan);
    assertThat(result.problems())
        .extracting(Problem::toString)
        .containsExactly(
            neither
                + ":1:1: cannot tell whether this is a test plan (has 'tests') or a device"
                + " profile (has 'arch', 'driver', 'memory'); put it under test-plans/ or"
                + " device-profiles/, or add the missing key",
            plan + ":1:8: 'tests': the plan has no tests");
  }

  @Test
  void reportsProfilesSharingAName() throws IOException {
    Files.writeString(profiles.resolve("a.yaml"), PROFILE.formatted("same"));
    Path second = Files.writeString(profiles.resolve("b.yaml"), PROFILE.formatted("same"));

    ValidationResult result = new ConfigValidator(root).validate(List.of(profiles));

    assertThat(result.problems())
        .extracting(Problem::toString)
        .containsExactly(
            second + ":1:1: profile name 'same' is already used by " + profiles.resolve("a.yaml"));
  }

  @Test
  void missingPathsEmptyFoldersAndMalformedFilesAreProblemsNotCrashes() throws IOException {
    Path missing = root.resolve("nope.yaml");
    Path empty = Files.createDirectories(root.resolve("empty"));
    Path broken = Files.writeString(plans.resolve("broken.yaml"), "tests: [\n");

    ValidationResult result = new ConfigValidator(root).validate(List.of(missing, empty, broken));

    assertThat(result.problems()).hasSize(3);
    assertThat(result.problems().get(0).toString()).isEqualTo(missing + ": no such file or folder");
    assertThat(result.problems().get(1).toString())
        .isEqualTo(empty + ": no *.yaml or *.yml files in this folder");
    assertThat(result.problems().get(2).location().file()).isEqualTo(broken);
    assertThat(result.problems().get(2).message()).startsWith("malformed YAML");
  }

  @Test
  void skipsHiddenAndBuildFolders() throws IOException {
    Files.writeString(profiles.resolve("a.yaml"), PROFILE.formatted("a"));
    Path hidden = Files.createDirectories(root.resolve(".github/workflows"));
    Files.writeString(hidden.resolve("ci.yml"), "on: push\n");
    Path build = Files.createDirectories(root.resolve("target"));
    Files.writeString(build.resolve("copy.yaml"), "junk: true\n");

    ValidationResult result = new ConfigValidator(root).validate(List.of(root));

    assertThat(result.format()).isEmpty();
    assertThat(result.profiles()).hasSize(1);
  }
}
