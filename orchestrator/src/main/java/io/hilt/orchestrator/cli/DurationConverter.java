package io.hilt.orchestrator.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Reads durations written like in plans: {@code 10s}, {@code 500ms}, {@code 1.5m}, {@code 1h}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern DURATION =
      Pattern.compile("([0-9]{1,9}(?:\\.[0-9]{1,9})?)(ms|s|m|h)");
  private static final Duration MAX = Duration.ofDays(1);

  @Override
  public Duration convert(String text) {
    Matcher m = DURATION.matcher(text.strip());
    if (!m.matches()) {
      throw new CommandLine.TypeConversionException(
          "'" + text + "' is not a duration; expected one like 10s, 500ms, 2m");
    }
    BigDecimal unitMillis =
        switch (m.group(2)) {
          case "ms" -> BigDecimal.ONE;
          case "s" -> BigDecimal.valueOf(1_000);
          case "m" -> BigDecimal.valueOf(60_000);
          default -> BigDecimal.valueOf(3_600_000);
        };
    BigDecimal millis = new BigDecimal(m.group(1)).multiply(unitMillis);
    if (millis.signum() <= 0 || millis.compareTo(BigDecimal.valueOf(MAX.toMillis())) > 0) {
      throw new CommandLine.TypeConversionException(
          "'" + text + "' is out of range; expected more than 0 and at most 24h");
    }
    return Duration.ofMillis(millis.longValue());
  }
}
