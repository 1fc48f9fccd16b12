package io.hilt.orchestrator.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandLinesTest {
  @Test
  void firmwareFileNameComesFirstLikeQemu() {
    assertThat(CommandLines.of(Path.of("/x/build/stack.elf"), Optional.of("8")))
        .isEqualTo("stack.elf 8");
  }

  @Test
  void withoutArgumentsOnlyTheProgramName() {
    assertThat(CommandLines.of(Path.of("smoke.elf"), Optional.of("  "))).isEqualTo("smoke.elf");
    assertThat(CommandLines.of(Path.of("smoke.elf"), Optional.empty())).isEqualTo("smoke.elf");
  }
}
