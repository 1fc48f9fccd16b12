package io.hilt.probe.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.serial.LineSettings.FlowControl;
import io.hilt.probe.serial.LineSettings.Parity;
import io.hilt.probe.serial.LineSettings.StopBits;
import io.hilt.probe.testsupport.Ser2net;
import io.hilt.probe.testsupport.SocatPty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rfc2217:// and tcp:// against a real ser2net bridging a socat pty. */
class Ser2netLinkTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final SerialLinkOptions OPTIONS =
      SerialLinkOptions.DEFAULT.withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(2));

  @TempDir Path dir;
  private SocatPty pty;
  private Ser2net ser2net;
  private final EventRecorder events = new EventRecorder();
  private Optional<SerialLink> link = Optional.empty();

  @AfterEach
  void cleanUp() {
    link.ifPresent(SerialLink::close);
    if (ser2net != null) {
      ser2net.close();
    }
    if (pty != null) {
      pty.close();
    }
  }

  private SerialLink open(String accepter, String scheme, SerialLinkOptions options) {
    pty = SocatPty.start(dir.resolve("dut"));
    ser2net = Ser2net.start(dir, pty.link(), accepter);
    SerialLink l =
        SerialLinks.open(
            SerialSpec.parse(scheme + "://127.0.0.1:" + ser2net.port()),
            options,
            Optional.of(events));
    link = Optional.of(l);
    return l;
  }

  @Test
  void everyByteValueIncludingFfPassesIntactBothWays() {
    SerialLink l = open("telnet(rfc2217)", "rfc2217", OPTIONS);
    byte[] all = EventRecorder.allByteValues(8);

    pty.send(all);
    assertThat(events.awaitBytes(all.length, WAIT)).isEqualTo(all);
    l.write(all, WAIT);
    assertThat(pty.awaitReceived(all.length, WAIT)).isEqualTo(all);
  }

  @Test
  void baudStopBitsAndFlowControlReachThePty() {
    SerialLink l = open("telnet(rfc2217)", "rfc2217", OPTIONS);
    assertThat(l.supportsLineSettings()).isTrue();
    assertThat(pty.stty()).contains("speed 115200 baud").contains("-cstopb");

    l.configure(new LineSettings(9600, 8, Parity.NONE, StopBits.TWO, FlowControl.RTS_CTS));
    assertThat(pty.stty()).contains("speed 9600 baud").contains(" cstopb").contains(" crtscts");

    l.configure(new LineSettings(57600, 8, Parity.NONE, StopBits.ONE, FlowControl.NONE));
    assertThat(pty.stty()).contains("speed 57600 baud").contains("-cstopb").contains("-crtscts");
  }

  @Test
  void ser2netAcknowledgesParityAndDataBitsThatAPtyThenIgnores() {
    SerialLink l = open("telnet(rfc2217)", "rfc2217", OPTIONS);
    // ser2net answers 7 and EVEN, but the Linux pty driver keeps CS8 without parity.
    l.configure(new LineSettings(38400, 7, Parity.EVEN, StopBits.ONE, FlowControl.NONE));
    assertThat(pty.stty()).contains("speed 38400 baud").contains(" cs8").contains("-parenb");
  }

  @Test
  void dtrAndRtsOnAPtyGetNoAcknowledgementFromSer2net() {
    SerialLink l =
        open(
            "telnet(rfc2217)",
            "rfc2217",
            OPTIONS.withTimeouts(Duration.ofSeconds(3), Duration.ofMillis(500)));
    assertThatThrownBy(() -> l.setDtr(true))
        .isInstanceOf(SerialException.class)
        .hasMessageContaining("did not acknowledge SET-CONTROL DTR ON");
    assertThatThrownBy(() -> l.setRts(false))
        .isInstanceOf(SerialException.class)
        .hasMessageContaining("did not acknowledge SET-CONTROL RTS OFF");
    // The link is still good for data.
    pty.send("alive".getBytes());
    assertThat(new String(events.awaitBytes(5, WAIT))).isEqualTo("alive");
  }

  @Test
  void reconnectsWhenSer2netRestarts() {
    SerialLink l =
        open("telnet(rfc2217)", "rfc2217", OPTIONS.withReconnect(Duration.ofSeconds(15)));

    ser2net.stop();
    SerialEvent.Disconnected gone = events.await(SerialEvent.Disconnected.class, WAIT);
    assertThat(gone.reason()).contains("rfc2217://127.0.0.1:" + ser2net.port());
    ser2net.start();
    SerialEvent.Reconnected back = events.await(SerialEvent.Reconnected.class, WAIT);
    assertThat(back.attempts()).isPositive();

    l.write(new byte[] {(byte) 0xFF, 'o', 'k'}, WAIT);
    assertThat(pty.awaitReceived(3, WAIT)).isEqualTo(new byte[] {(byte) 0xFF, 'o', 'k'});
    pty.send(new byte[] {(byte) 0xFF, (byte) 0xFF});
    assertThat(events.awaitBytes(2, WAIT)).isEqualTo(new byte[] {(byte) 0xFF, (byte) 0xFF});
  }

  @Test
  void rawTcpThroughSer2netCarriesEveryByteValue() {
    SerialLink l = open("tcp", "tcp", OPTIONS);
    byte[] all = EventRecorder.allByteValues(4);

    pty.send(all);
    assertThat(events.awaitBytes(all.length, WAIT)).isEqualTo(all);
    l.write(all, WAIT);
    assertThat(pty.awaitReceived(all.length, WAIT)).isEqualTo(all);
  }
}
