package io.hilt.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of damaged variants of valid files: each either loads or fails with a located
 * ConfigException, never with any other exception.
 */
class MutatedInputTest {
  private static final String PLAN =
      """
      name: fuzz
      firmware: ../fw/app.elf
      args: "stack 10"
      requires: { arch: [cortex-m0plus, cortex-m3] }
      timeout: 3s
      tests:
        - name: all steps
          steps:
            - flash
            - reset: { halt: true }
            - paint-stack: { pattern: 0xDEADBEEF }
            - run-until: { output: "ready\\\\n", exit: true, timeout: 500ms, on-timeout: fail }
            - expect-output: { pattern: "PASS \\\\d+", timeout: 1m }
            - expect-exit: { code: -1, timeout: 2s }
            - stack-usage: { max-bytes: 2KiB, max-percent: 50 }
        - name: second
          firmware: ../fw/app.elf
          steps: [flash, reset, { expect-exit: 0 }]
      """;

  private static final String PROFILE =
      """
      name: fuzz-board
      description: a test board
      arch: cortex-m3
      driver: sim
      memory:
        flash: { start: 0x08000000, size: 512KiB, kind: flash }
        ram: { start: 0x20000000, size: 128KiB }
      stack: { top: 0x20020000, size: 8KiB }
      driver-options: { max-instructions: 1000 }
      """;

  private static final String ALPHABET = " \n\t:-[]{},'\"&*!#|>?%@`0x1fFsmKiB.\\";

  @TempDir Path root;
  Path file;

  @BeforeEach
  void layout() throws IOException {
    Files.createDirectories(root.resolve("fw"));
    Files.writeString(root.resolve("fw/app.elf"), "x");
    file = Files.createDirectories(root.resolve("plans")).resolve("f.yaml");
  }

  private void fuzz(String valid, long seed, Consumer<Path> load) throws IOException {
    Files.writeString(file, valid);
    load.accept(file);
    Random random = new Random(seed);
    int failures = 0;
    for (int i = 0; i < 1500; i++) {
      StringBuilder text = new StringBuilder(valid);
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        int at = random.nextInt(text.length());
        switch (random.nextInt(3)) {
          case 0 -> text.deleteCharAt(at);
          case 1 -> text.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
          default -> text.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
      }
      Files.writeString(file, text);
      try {
        load.accept(file);
      } catch (ConfigException e) {
        failures++;
        assertThat(e.problems()).isNotEmpty();
        assertThat(e.problems()).allMatch(p -> p.location().file().equals(file));
      } catch (RuntimeException e) {
        fail("variant " + i + " threw " + e + " for:\n" + text, e);
      }
    }
    assertThat(failures).as("most damaged variants are rejected").isGreaterThan(500);
  }

  @Test
  void damagedPlansFailOnlyWithConfigExceptions() throws IOException {
    PlanLoader loader = new PlanLoader(root);
    fuzz(PLAN, 42, loader::load);
  }

  @Test
  void damagedProfilesFailOnlyWithConfigExceptions() throws IOException {
    ProfileLoader loader = new ProfileLoader();
    fuzz(PROFILE, 7, loader::load);
  }
}
