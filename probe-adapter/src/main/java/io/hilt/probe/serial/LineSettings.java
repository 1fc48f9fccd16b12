package io.hilt.probe.serial;

import java.util.Objects;

/**
 * UART line settings, as in a profile's {@code serial:} section.
 *
 * @param baud bits per second, 50 to 16,000,000
 * @param dataBits 5 to 8
 */
public record LineSettings(
    int baud, int dataBits, Parity parity, StopBits stopBits, FlowControl flowControl) {
  /** 115200 8N1, no flow control: what most boards use. */
  public static final LineSettings DEFAULT =
      new LineSettings(115_200, 8, Parity.NONE, StopBits.ONE, FlowControl.NONE);

  public LineSettings {
    if (baud < 50 || baud > 16_000_000) {
      throw new IllegalArgumentException("baud must be 50..16000000, got " + baud);
    }
    if (dataBits < 5 || dataBits > 8) {
      throw new IllegalArgumentException("data bits must be 5..8, got " + dataBits);
    }
    Objects.requireNonNull(parity, "parity");
    Objects.requireNonNull(stopBits, "stopBits");
    Objects.requireNonNull(flowControl, "flowControl");
  }

  public enum Parity {
    NONE,
    ODD,
    EVEN,
    MARK,
    SPACE
  }

  public enum StopBits {
    ONE,
    ONE_POINT_FIVE,
    TWO
  }

  public enum FlowControl {
    NONE,
    RTS_CTS,
    XON_XOFF
  }
}
