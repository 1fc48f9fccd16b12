package io.hilt.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.testsupport.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of the commands that need no target. */
class CliUsageTest {
  private static final String BROKEN = "orchestrator/src/test/resources/plans/broken.yaml";

  @Test
  void bareCommandPrintsUsageAndExitsTwo() {
    Cli.Result result = Cli.run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Usage: hilt").contains("run").contains("exec");
  }

  @Test
  void versionIsTheProjectVersion() {
    Cli.Result result = Cli.run("--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("hilt ").doesNotContain("development");
  }

  @Test
  void unknownOptionIsBadUsage() {
    Cli.Result result = Cli.run("run", "--bogus", "test-plans");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Unknown option: '--bogus'").contains("hilt run --help");
  }

  @Test
  void validateAcceptsTheRepositoryPlansAndProfiles() {
    Cli.Result result = Cli.run("validate", "test-plans", "device-profiles");

    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains(
            yamlFiles("test-plans")
                + " plan(s) and "
                + yamlFiles("device-profiles")
                + " profile(s)"
                + " are valid");
  }

  @Test
  void validateListsProblemsWithFileLineAndColumn() {
    Cli.Result result = Cli.run("validate", BROKEN);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains(ProjectPaths.root().resolve(BROKEN) + ":8:9: ");
  }

  @Test
  void runRefusesABrokenPlanBeforeRunningAnything() {
    Cli.Result result = Cli.run("run", "test-plans", BROKEN);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains(ProjectPaths.root().resolve(BROKEN) + ":8:9: ")
        .contains("nothing was run");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void runWithAnUnknownProfileNamesTheKnownOnes() {
    Cli.Result result = Cli.run("run", "--profile", "sim-cortex-m0", "test-plans");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("unknown profile 'sim-cortex-m0'")
        .contains("sim-cortex-m0plus");
  }

  @Test
  void runOfAMissingPathIsBadUsage() {
    Cli.Result result = Cli.run("run", "no-such-plans");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("no such file or folder: no-such-plans");
  }

  @Test
  void runOfAFileThatIsNotYamlIsBadUsage() {
    Cli.Result result = Cli.run("run", "firmware/build/cortex-m0plus/smoke.elf");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("not a plan file (*.yaml, *.yml)");
  }

  @Test
  void profilesListsNameArchDriverAndDescription() {
    Cli.Result result = Cli.run("profiles");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out().lines().findFirst())
        .get()
        .asString()
        .matches("NAME +ARCH +DRIVER +DESCRIPTION");
    assertThat(result.out())
        .containsPattern("(?m)^sim-cortex-m0plus +cortex-m0plus +sim +Simulated");
  }

  @Test
  void profilesFromAFolderThatDoesNotExistIsBadInput(@TempDir Path dir) {
    Cli.Result result = Cli.run("profiles", "--profiles-dir", dir.resolve("none").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("profile folder not found");
  }

  @Test
  void execOfAFileThatIsNotAnElfIsBadInputWithoutAStackTrace(@TempDir Path dir) throws IOException {
    Path notElf = Files.writeString(dir.resolve("firmware.elf"), "#!/bin/sh\necho hi\n");

    Cli.Result result = Cli.run("exec", notElf.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("hilt: ").contains("firmware.elf").doesNotContain("\tat ");
  }

  @Test
  void verboseShowsTheStackTrace(@TempDir Path dir) throws IOException {
    Path notElf = Files.writeString(dir.resolve("firmware.elf"), "not an elf");

    Cli.Result result = Cli.run("exec", "-v", notElf.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("\tat ");
  }

  @Test
  void execRejectsAZeroTimeout() {
    Cli.Result result =
        Cli.run("exec", "--timeout", "0s", "firmware/build/cortex-m0plus/smoke.elf");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("'0s' is out of range");
  }

  private static long yamlFiles(String folder) {
    try (java.util.stream.Stream<java.nio.file.Path> files =
        java.nio.file.Files.list(ProjectPaths.root().resolve(folder))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
