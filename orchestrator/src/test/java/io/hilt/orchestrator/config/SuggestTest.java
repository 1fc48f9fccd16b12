package io.hilt.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestTest {
  private static final List<String> KEYS = PlanLoader.KEYS;

  @Test
  void countsASwapOfNeighboursAsOneEdit() {
    assertThat(Suggest.distance("tiemout", "timeout")).isEqualTo(1);
    assertThat(Suggest.distance("setps", "steps")).isEqualTo(1);
    assertThat(Suggest.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Suggest.distance("", "abc")).isEqualTo(3);
  }

  @Test
  void suggestsTheClosestKeyForTypos() {
    assertThat(Suggest.closest("tiemout", KEYS)).contains("timeout");
    assertThat(Suggest.closest("fimware", KEYS)).contains("firmware");
    assertThat(Suggest.closest("Name", KEYS)).contains("name");
    assertThat(Suggest.closest("max_bytes", PlanLoader.STACK_USAGE_KEYS)).contains("max-bytes");
    assertThat(Suggest.closest("maxBytes", PlanLoader.STACK_USAGE_KEYS)).contains("max-bytes");
    assertThat(Suggest.closest("cortex-m0+", io.hilt.probe.target.Arch.allIds()))
        .contains("cortex-m0plus");
  }

  @Test
  void suggestsTheOnlyNameThatExtendsATruncatedOne() {
    List<String> archs = io.hilt.probe.target.Arch.allIds();
    assertThat(Suggest.closest("cortex-m0", archs)).contains("cortex-m0plus");
    assertThat(Suggest.closest("riscv32", archs)).contains("riscv32imac");
    assertThat(Suggest.closest("cortex", archs)).isEmpty();
  }

  @Test
  void suggestsNothingWhenNothingIsClose() {
    assertThat(Suggest.closest("probe", KEYS)).isEmpty();
    assertThat(Suggest.closest("x", List.of("yz"))).isEmpty();
    assertThat(Suggest.hint("probe", KEYS, "allowed keys"))
        .isEqualTo(
            "; allowed keys: name, firmware, args, requires, timeout, fail-on-log, rtt, results,"
                + " tests");
  }
}
