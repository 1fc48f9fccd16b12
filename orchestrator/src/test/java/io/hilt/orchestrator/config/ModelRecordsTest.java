package io.hilt.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.target.Arch;
import io.hilt.probe.target.MemoryRegion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelRecordsTest {
  private final SourceLocation here = new SourceLocation(Path.of("x.yaml"), 1, 1);
  private final MemoryRegion flash = new MemoryRegion("flash", 0x0800_0000L, 0x8_0000L);
  private final MemoryRegion ram = new MemoryRegion("ram", 0x2000_0000L, 0x2_0000L);

  private DeviceProfile profile(List<MemoryRegion> memory, Optional<MemoryRegion> stack) {
    return new DeviceProfile("b", "", Arch.CORTEX_M4, "sim", memory, stack, Map.of(), here);
  }

  @Test
  void profileRejectsOverlappingRegionsAndAStackOutsideMemory() {
    assertThatThrownBy(
            () ->
                profile(
                    List.of(ram, new MemoryRegion("ram2", 0x2001_0000L, 0x1000)), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("overlap");
    assertThatThrownBy(
            () ->
                profile(
                    List.of(flash, ram),
                    Optional.of(new MemoryRegion("stack", 0x2001_F000L, 0x2000))))
        .hasMessageContaining("not inside a memory region");
  }

  @Test
  void profileAnswersWhichRegionHoldsAnAddress() {
    DeviceProfile p = profile(List.of(flash, ram), Optional.empty());

    assertThat(p.regionContaining(0x2000_0010L)).contains(ram);
    assertThat(p.regionContaining(0x4000_4000L)).isEmpty();
    assertThat(p.covers(0x0800_0000L, 0x8_0000L)).isTrue();
    assertThat(p.covers(0x0807_FFFFL, 2)).isFalse();
    assertThat(p.toTargetSpec().memory()).containsExactly(flash, ram);
  }

  @Test
  void recordsAreImmutableCopies() {
    List<MemoryRegion> memory = new ArrayList<>(List.of(ram));
    DeviceProfile p = profile(memory, Optional.empty());
    memory.add(flash);

    assertThat(p.memory()).containsExactly(ram);
    assertThatThrownBy(() -> p.memory().add(flash))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void planRejectsDuplicateTestNamesAndBlankNames() {
    TestCase t = new TestCase("t", Optional.empty(), Optional.empty(), List.of(), here);

    assertThatThrownBy(
            () ->
                new TestPlan(
                    "p",
                    Optional.empty(),
                    Optional.empty(),
                    Set.of(),
                    Duration.ofSeconds(1),
                    List.of(t, t),
                    here))
        .hasMessageContaining("two tests named t");
    assertThatThrownBy(() -> new TestCase(" ", Optional.empty(), Optional.empty(), List.of(), here))
        .hasMessageContaining("blank");
  }

  @Test
  void configExceptionListsEveryProblemOnItsOwnLine() {
    ConfigException e =
        new ConfigException(
            List.of(
                new Problem(here, "first"),
                new Problem(new SourceLocation(Path.of("y.yaml"), 3, 7), "second")));

    assertThat(e.getMessage()).isEqualTo("x.yaml:1:1: first\ny.yaml:3:7: second");
    assertThat(e.location()).isEqualTo(here);
    assertThatThrownBy(() -> new ConfigException(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
