package io.hilt.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input meant to exhaust memory or the stack is refused with a clear error. */
class HostileYamlTest {
  @TempDir Path dir;

  private ConfigException fails(Path file) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> new PlanLoader(dir).load(file));
    assertThat(e).as("loading should fail").isNotNull();
    return e;
  }

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("plan.yaml"), text);
  }

  @Test
  void billionLaughsAliasesAreRefusedWithoutExpanding() throws IOException {
    StringBuilder yaml = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (int i = 1; i < 10; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        yaml.append(j == 0 ? "" : ",").append("*a").append(i - 1);
      }
      yaml.append("]\n");
    }
    yaml.append("tests: *a9\n");

    ConfigException e = fails(write(yaml.toString()));

    assertThat(e.problems())
        .anySatisfy(
            p -> {
              assertThat(p.location().line()).isEqualTo(2);
              assertThat(p.location().column()).isEqualTo(10);
              assertThat(p.message()).contains("alias '*a0'", "aliases are not supported");
            });
    assertThat(e.problems()).anySatisfy(p -> assertThat(p.message()).contains("anchor '&a0'"));
    assertThat(e.problems()).hasSize(Problems.MAX + 1);
    assertThat(e.problems().get(Problems.MAX).message())
        .endsWith("more problems not shown (from here on)");
  }

  @Test
  void mergeKeysAreRefusedAsAliases() throws IOException {
    ConfigException e =
        fails(
            write(
                """
                defaults: &d { timeout: 1s }
                tests:
                  - <<: *d
                    name: t
                    steps: [reset]
                """));

    assertThat(e.problems()).anySatisfy(p -> assertThat(p.message()).contains("alias '*d'"));
  }

  @Test
  void deepNestingIsRefusedAtTheLimit() throws IOException {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);

    ConfigException e = fails(write("tests: " + deep + "\n"));

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0).location().line()).isEqualTo(1);
    assertThat(e.problems().get(0).message()).contains("nest", "32");
  }

  @Test
  void deepBlockNestingIsRefusedToo() throws IOException {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      yaml.append("  ".repeat(i)).append("k").append(i).append(":\n");
    }

    ConfigException e = fails(write(yaml.toString()));

    assertThat(e.getMessage()).contains("nest");
  }

  @Test
  void hugeFileIsRefusedBeforeParsing() throws IOException {
    Path file = dir.resolve("huge.yaml");
    byte[] line =
        "# padding padding padding padding padding padding padding\n"
            .getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int i = 0; i < (8 << 20) / line.length; i++) {
        out.write(line);
      }
    }

    ConfigException e = fails(file);

    assertThat(e.problems()).hasSize(1);
    assertThat(e.getMessage())
        .isEqualTo(
            file
                + ": file is larger than 1048576 bytes; profiles and plans are expected to be small");
  }

  @Test
  void tooManyValuesAreRefused() throws IOException {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                new PlanLoader(dir, new YamlLimits(1 << 20, 32, 1000))
                    .load(write("tests: [" + "1,".repeat(5000) + "1]\n")));

    assertThat(e.getMessage()).contains("more than 1000 values");
  }

  @Test
  void hugeNumbersAndKeysDoNotStallTheBinder() throws IOException {
    String digits = "9".repeat(200_000);
    String key = "k".repeat(1000);

    ConfigException e = fails(write("timeout: " + digits + "s\n" + key + ": 1\ntests: []\n"));

    assertThat(e.problems())
        .extracting(Problem::message)
        .anySatisfy(m -> assertThat(m).startsWith("'timeout': expected a duration of at most 24h"))
        .anySatisfy(m -> assertThat(m).startsWith("unknown key 'kkkk").contains("allowed keys"));
  }

  @Test
  void devicesAndFoldersAreRefusedWithoutReading() {
    Path device = Path.of("/dev/zero");
    assumeTrue(Files.exists(device), "needs /dev/zero");

    assertThat(fails(device).getMessage()).isEqualTo(device + ": is not a regular file");
    assertThat(fails(dir).getMessage()).isEqualTo(dir + ": is a folder, expected a YAML file");
    assertThat(fails(dir.resolve("none.yaml")).getMessage())
        .isEqualTo(dir.resolve("none.yaml") + ": no such file");
  }

  @Test
  void bytesThatAreNotUtf8AreRefused() throws IOException {
    Path file = Files.write(dir.resolve("bin.yaml"), new byte[] {'a', ':', ' ', (byte) 0xC3, 0x28});

    assertThat(fails(file).getMessage()).isEqualTo(file + ": is not UTF-8 text");
  }

  @Test
  void customTagsAreRefused() throws IOException {
    ConfigException e = fails(write("name: !!python/object:os.system x\ntests: []\n"));

    assertThat(e.problems())
        .anySatisfy(
            p -> {
              assertThat(p.location().line()).isEqualTo(1);
              assertThat(p.message()).contains("YAML tag", "not supported");
            });
  }
}
