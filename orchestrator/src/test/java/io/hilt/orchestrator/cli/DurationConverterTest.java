package io.hilt.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

  @Test
  void readsTheUnitsPlansUse() {
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(converter.convert("1.5m")).isEqualTo(Duration.ofSeconds(90));
    assertThat(converter.convert("2h")).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void rejectsWhatIsNotADurationOrOutOfRange() {
    assertThatThrownBy(() -> converter.convert("10"))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessageContaining("expected one like 10s, 500ms, 2m");
    assertThatThrownBy(() -> converter.convert("-1s"))
        .isInstanceOf(CommandLine.TypeConversionException.class);
    assertThatThrownBy(() -> converter.convert("25h")).hasMessageContaining("at most 24h");
  }
}
