package io.hilt.sim;

import static io.hilt.sim.thumb.Asm.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.serial.LineSettings;
import io.hilt.probe.serial.SerialEvent;
import io.hilt.probe.serial.SerialException;
import io.hilt.probe.serial.SerialLink;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.TargetDrivers;
import io.hilt.sim.board.Program;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator's UART0 reached through {@link DebugTarget#console()}. */
class SimSerialLinkTest {
  private static final Duration WAIT = SimTargetTest.WAIT;

  /** Echoes every received byte plus one, as SimTargetTest's UART program does. */
  private static Program echoPlusOne() {
    Program p =
        SimTargetTest.vectors()
            .at(SimTargetTest.RESET)
            .load(0, SimTargetTest.UART0)
            .hw(movsImm(1, 3), strImm(1, 0, 2));
    int wait = p.here();
    p.hw(ldrImm(1, 0, 1), movsImm(2, 2), dp(AND, 1, 2), bcond(0, -10));
    p.hw(ldrImm(1, 0, 0), addsImm8(1, 1), strImm(1, 0, 0));
    p.hw(b(wait - (p.here() + 4)));
    return p;
  }

  @Test
  void writtenBytesReachTheFirmwareAndItsAnswerArrivesAsEvents() {
    try (DebugTarget target =
            TargetDrivers.find("sim").orElseThrow().open(SimTargetTest.spec(Map.of()));
        SerialLink link = target.console().orElseThrow()) {
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      link.addListener(
          e -> {
            if (e instanceof SerialEvent.Received r) {
              synchronized (received) {
                received.writeBytes(r.data());
              }
            }
          });
      target.load(SimTargetTest.image(echoPlusOne()));
      target.reset(ResetMode.RUN);
      link.configure(LineSettings.DEFAULT);
      link.setDtr(true);
      link.write("HAL".getBytes(StandardCharsets.US_ASCII), WAIT);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        synchronized (received) {
          if (received.size() >= 3) {
            break;
          }
        }
        target.waitForStop(Duration.ofMillis(5));
      }
      target.halt();

      synchronized (received) {
        assertThat(received.toString(StandardCharsets.US_ASCII)).isEqualTo("IBM");
      }
      assertThat(link.supportsLineSettings()).isFalse();
      assertThat(link.describe()).startsWith("sim:uart0");
    }
  }

  @Test
  void aClosedLinkRefusesWritesAndLeavesTheTargetOpen() {
    try (DebugTarget target =
        TargetDrivers.find("sim").orElseThrow().open(SimTargetTest.spec(Map.of()))) {
      SerialLink link = target.console().orElseThrow();
      link.close();
      link.close();

      assertThatThrownBy(() -> link.write(new byte[] {1}, WAIT))
          .isInstanceOf(SerialException.class)
          .hasMessageContaining("closed");
      target.reset(ResetMode.HALT);
    }
  }
}
