package io.hilt.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {
  @ParameterizedTest
  @CsvSource({
    "200ms,200",
    "5s,5000",
    "1.5s,1500",
    "2m,120000",
    "1h,3600000",
    "0s,0",
    "24h,86400000"
  })
  void readsDurations(String text, long millis) {
    assertThat(Units.duration(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"fast", "5", "5 sec", "-1s", "1,5s", "25h", "0.5ms", "s"})
  void rejectsWhatIsNotADuration(String text) {
    assertThatThrownBy(() -> Units.duration(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @ParameterizedTest
  @CsvSource({
    "4096,4096",
    "0x1000,4096",
    "512KiB,524288",
    "4MiB,4194304",
    "1GiB,1073741824",
    "4GiB,4294967296",
    "1_024,1024",
    "16B,16"
  })
  void readsSizes(String text, long bytes) {
    assertThat(Units.size(text)).isEqualTo(bytes);
  }

  @Test
  void sizeUnitsArePowersOf1024AndSaySo() {
    assertThatThrownBy(() -> Units.size("512KB")).hasMessageContaining("KiB, MiB, GiB");
    assertThatThrownBy(() -> Units.size("5GiB")).hasMessageContaining("at most 4GiB");
    assertThatThrownBy(() -> Units.size("0x")).hasMessageContaining("'0x'");
  }

  @Test
  void readsAddressesAndWords() {
    assertThat(Units.word32("0x20000000", "an address")).isEqualTo(0x20000000L);
    assertThat(Units.word32("0XFFFF_FFFF", "an address")).isEqualTo(0xFFFFFFFFL);
    assertThat(Units.word32("536870912", "an address")).isEqualTo(0x20000000L);
    assertThatThrownBy(() -> Units.word32("0x100000000", "an address"))
        .hasMessageContaining("at most 0xFFFFFFFF");
    assertThatThrownBy(() -> Units.word32("-4", "an address")).hasMessageContaining("got '-4'");
    assertThatThrownBy(() -> Units.word32("0x2000_000G", "an address"))
        .hasMessageContaining("like 0x20000000");
  }

  @Test
  void readsIntegersBooleansAndPercentages() {
    assertThat(Units.int32("-1")).isEqualTo(-1);
    assertThat(Units.int32("0x7fffffff")).isEqualTo(Integer.MAX_VALUE);
    assertThatThrownBy(() -> Units.int32("2147483648")).hasMessageContaining("32-bit");
    assertThat(Units.bool("true")).isTrue();
    assertThat(Units.bool("FALSE")).isFalse();
    assertThatThrownBy(() -> Units.bool("yes")).hasMessage("expected true or false, got 'yes'");
    assertThat(Units.percent("12.5")).isEqualTo(12.5);
    assertThat(Units.percent("75%")).isEqualTo(75.0);
    assertThatThrownBy(() -> Units.percent("0")).hasMessageContaining("above 0");
    assertThatThrownBy(() -> Units.percent("12,5")).hasMessageContaining("'12,5'");
  }

  @Test
  void parsingIsTheSameInEveryLocale() {
    Locale saved = Locale.getDefault();
    try {
      for (Locale l :
          new Locale[] {
            Locale.GERMANY, Locale.forLanguageTag("tr-TR"), Locale.forLanguageTag("ar-EG-u-nu-arab")
          }) {
        Locale.setDefault(l);
        assertThat(Units.duration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Units.percent("12.5")).isEqualTo(12.5);
        assertThat(Units.size("512KiB")).isEqualTo(512 * 1024);
        assertThat(Units.word32("0XABCDEF", "an address")).isEqualTo(0xABCDEFL);
        assertThat(Suggest.closest("TIMEOUT", java.util.List.of("timeout"))).contains("timeout");
        assertThat(ProfileLoader.range(0x20000000L, 16)).isEqualTo("0x20000000..0x2000000F");
      }
    } finally {
      Locale.setDefault(saved);
    }
  }
}
