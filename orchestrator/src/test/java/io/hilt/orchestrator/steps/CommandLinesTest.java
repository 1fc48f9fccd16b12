package io.hilt.orchestrator.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.target.Arch;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

  @Test
  void argumentsForATargetWithoutSemihostingAreAnErrorNamingTheProfile() {
    DebugTarget target = targetWithoutSemihosting();
    assertThatThrownBy(
            () -> CommandLines.apply(target, Path.of("stack.elf"), Optional.of("8"), "bench-f4"))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("profile bench-f4 (driver probe-rs)")
        .hasMessageContaining("'8'");
  }

  @Test
  void noArgumentsAreFineWithoutSemihosting() {
    DebugTarget target = targetWithoutSemihosting();
    assertThatCode(
            () -> CommandLines.apply(target, Path.of("smoke.elf"), Optional.empty(), "bench-f4"))
        .doesNotThrowAnyException();
  }

  /** Only spec() and semihosting() are called; anything else is a test bug. */
  private static DebugTarget targetWithoutSemihosting() {
    TargetSpec spec = new TargetSpec("bench-f4", Arch.CORTEX_M4, "probe-rs", List.of(), Map.of());
    return (DebugTarget)
        Proxy.newProxyInstance(
            DebugTarget.class.getClassLoader(),
            new Class<?>[] {DebugTarget.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "spec" -> spec;
                  case "semihosting" -> Optional.empty();
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
