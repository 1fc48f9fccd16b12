package io.hilt.probe.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.serial.LineSettings.FlowControl;
import io.hilt.probe.serial.LineSettings.Parity;
import io.hilt.probe.serial.LineSettings.StopBits;
import io.hilt.probe.testsupport.SocatPty;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jSerialComm driver against real pseudo-terminals made by socat. */
class LocalSerialLinkTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private SocatPty pty;
  private final EventRecorder events = new EventRecorder();
  private Optional<SerialLink> link = Optional.empty();

  @BeforeEach
  void startPty() {
    pty = SocatPty.start(dir.resolve("dut"));
  }

  @AfterEach
  void cleanUp() {
    link.ifPresent(SerialLink::close);
    if (pty != null) {
      pty.close();
    }
  }

  private SerialLink open(SerialLinkOptions options) {
    SerialLink l =
        SerialLinks.open(
            new SerialSpec.Device(pty.link().toString()), options, Optional.of(events));
    link = Optional.of(l);
    return l;
  }

  private SerialLink open() {
    return open(SerialLinkOptions.DEFAULT);
  }

  @Test
  void carriesEveryByteValueBothWays() {
    SerialLink l = open();
    byte[] all = EventRecorder.allByteValues(4);

    pty.send(all);
    assertThat(events.awaitBytes(all.length, WAIT)).isEqualTo(all);

    l.write(all, WAIT);
    assertThat(pty.awaitReceived(all.length, WAIT)).isEqualTo(all);
  }

  @Test
  void stampsReceivedBytesWithHostTimesThatNeverGoBackwards() {
    Instant before = Instant.now();
    open();
    for (int i = 0; i < 20; i++) {
      pty.send(new byte[] {(byte) i});
      events.awaitBytes(i + 1, WAIT);
    }
    List<Instant> times =
        events.events().stream()
            .filter(SerialEvent.Received.class::isInstance)
            .map(SerialEvent::time)
            .toList();
    assertThat(times).isSorted().allSatisfy(t -> assertThat(t).isAfterOrEqualTo(before));
  }

  @Test
  void lineSettingsReachThePty() {
    SerialLink l =
        open(
            SerialLinkOptions.DEFAULT.withLine(
                new LineSettings(9600, 8, Parity.NONE, StopBits.TWO, FlowControl.RTS_CTS)));
    assertThat(l.supportsLineSettings()).isTrue();
    assertThat(pty.stty()).contains("speed 9600 baud").contains(" cstopb").contains(" crtscts");

    l.configure(new LineSettings(57600, 8, Parity.NONE, StopBits.ONE, FlowControl.XON_XOFF));
    assertThat(pty.stty())
        .contains("speed 57600 baud")
        .contains("-cstopb")
        .contains("-crtscts")
        .contains(" ixon")
        .contains(" ixoff");
  }

  @Test
  void sevenDataBitsWithParityAreRefusedByAPtyAndThePortKeepsWorking() {
    SerialLink l = open();
    LineSettings sevenEven =
        new LineSettings(19200, 7, Parity.EVEN, StopBits.ONE, FlowControl.NONE);

    // The Linux pty driver forces CS8 and clears PARENB whatever is asked for.
    assertThatThrownBy(() -> l.configure(sevenEven))
        .isInstanceOf(SerialException.class)
        .hasMessageContaining(pty.link().toString())
        .hasMessageContaining("pseudo-terminal takes only 8 data bits without parity")
        .hasMessageContaining("still " + LineSettings.DEFAULT);
    assertThat(pty.stty()).contains(" cs8").contains("-parenb");

    l.configure(new LineSettings(19200, 8, Parity.NONE, StopBits.ONE, FlowControl.NONE));
    assertThat(pty.stty()).contains("speed 19200 baud");
    pty.send("ok".getBytes());
    assertThat(new String(events.awaitBytes(2, WAIT))).isEqualTo("ok");
  }

  @Test
  void dtrAndRtsOnAPtyFailNamingThePortAndENOTTY() {
    SerialLink l = open();
    assertThatThrownBy(() -> l.setDtr(true))
        .isInstanceOf(SerialException.class)
        .hasMessageContaining("DTR")
        .hasMessageContaining(pty.link().toString())
        .hasMessageContaining("ENOTTY");
    assertThatThrownBy(() -> l.setRts(false))
        .isInstanceOf(SerialException.class)
        .hasMessageContaining("RTS")
        .hasMessageContaining("ENOTTY");
  }

  @Test
  void describesTheSymlinkAndTheDeviceItPointsTo() {
    SerialLink l = open();
    assertThat(l.describe())
        .isEqualTo(pty.link() + " (" + pty.device() + ")")
        .contains("/dev/pts/");
  }

  @Test
  void reconnectsWhenThePtyComesBackUnderTheSamePath() throws Exception {
    SerialLink l = open(SerialLinkOptions.DEFAULT.withReconnect(Duration.ofSeconds(15)));

    pty.unplug();
    SerialEvent.Disconnected gone = events.await(SerialEvent.Disconnected.class, WAIT);
    assertThat(gone.reason()).contains(pty.link().toString());
    assertThat(gone.deadline()).isAfter(gone.time());

    // A write while the port is away waits for it to come back.
    CompletableFuture<Void> write =
        CompletableFuture.runAsync(() -> l.write("after".getBytes(), WAIT));
    pty.replug();
    SerialEvent.Reconnected back = events.await(SerialEvent.Reconnected.class, WAIT);
    assertThat(back.attempts()).isPositive();
    write.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(new String(pty.awaitReceived(5, WAIT))).isEqualTo("after");

    events.clearBytes();
    pty.send("again".getBytes());
    assertThat(new String(events.awaitBytes(5, WAIT))).isEqualTo("again");
    assertThat(events.events())
        .filteredOn(e -> !(e instanceof SerialEvent.Received))
        .containsExactly(gone, back);
  }

  @Test
  void aChangeThePortRefusedIsNotReplayedAfterAReconnect() {
    SerialLink l = open(SerialLinkOptions.DEFAULT.withReconnect(Duration.ofSeconds(15)));
    assertThatThrownBy(() -> l.setDtr(true)).isInstanceOf(SerialException.class);
    assertThatThrownBy(
            () ->
                l.configure(new LineSettings(9600, 7, Parity.ODD, StopBits.ONE, FlowControl.NONE)))
        .isInstanceOf(SerialException.class);

    pty.unplug();
    events.await(SerialEvent.Disconnected.class, WAIT);
    pty.replug();
    events.await(SerialEvent.Reconnected.class, WAIT);
    assertThat(pty.stty()).contains("speed 115200 baud");
  }

  @Test
  void failsOnlyAfterTheReconnectDeadlinePasses() {
    SerialLink l = open(SerialLinkOptions.DEFAULT.withReconnect(Duration.ofMillis(300)));

    pty.unplug();
    SerialEvent.Disconnected gone = events.await(SerialEvent.Disconnected.class, WAIT);
    SerialEvent.Failed failed = events.await(SerialEvent.Failed.class, WAIT);

    assertThat(failed.time()).isAfterOrEqualTo(gone.deadline());
    assertThat(failed.error())
        .hasMessageContaining(pty.link().toString())
        .hasMessageContaining("could not be opened within PT0.3S");
    assertThatThrownBy(() -> l.write(new byte[] {1}, Duration.ofSeconds(1)))
        .isInstanceOf(SerialException.class)
        .hasMessageContaining("could not be opened within");
    assertThatThrownBy(() -> l.setDtr(true)).isInstanceOf(SerialException.class);
  }

  @Test
  void aListenerThatThrowsIsReportedAndTheOthersKeepReceiving() {
    SerialLink l = open();
    l.addListener(
        e -> {
          throw new IllegalStateException("listener bug");
        });
    EventRecorder second = new EventRecorder();
    l.addListener(second);

    pty.send("one".getBytes());
    events.awaitBytes(3, WAIT);
    pty.send("two".getBytes());
    assertThat(new String(second.awaitBytes(6, WAIT))).isEqualTo("onetwo");
    assertThat(((ReconnectingLink) l).listenerFailures()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aBlockedListenerHoldsBackTheReaderInsteadOfBufferingWithoutBound() throws Exception {
    SerialLink l = open();
    CountDownLatch release = new CountDownLatch(1);
    l.addListener(e -> awaitQuietly(release));
    byte[] data = new byte[3 << 20];
    new Random(6).nextBytes(data);

    CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> pty.send(data));
    ReconnectingLink inner = (ReconnectingLink) l;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (inner.peakBufferedBytes() < ReconnectingLink.MAX_BUFFERED_BYTES
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    release.countDown();

    assertThat(events.awaitBytes(data.length, WAIT)).isEqualTo(data);
    sending.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(inner.peakBufferedBytes())
        .isGreaterThanOrEqualTo(ReconnectingLink.MAX_BUFFERED_BYTES)
        .isLessThan(ReconnectingLink.MAX_BUFFERED_BYTES + 4096);
  }

  static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aWriteToAPortThatStopsDrainingTimesOutAndTheLinkStaysUsable() {
    SerialLink l = open();
    pty.pause();
    byte[] big = new byte[8 << 20];
    assertThatThrownBy(() -> l.write(big, Duration.ofMillis(500)))
        .isInstanceOf(SerialException.class)
        .hasMessageContaining("write to " + pty.link())
        .hasMessageContaining("timed out after PT0.5S")
        .hasMessageContaining("of 8388608 bytes taken");
    pty.resume();

    l.write("\nnext".getBytes(), WAIT);
    byte[] got = pty.awaitReceivedEndingWith("\nnext".getBytes(), WAIT);
    // What the timed-out write had handed to the driver still arrives, then the next write.
    assertThat(got.length).isGreaterThan(5).isLessThan(big.length);
  }

  @Test
  void aMissingDeviceFailsNamingIt() {
    Path missing = dir.resolve("no-such-tty");
    assertThatThrownBy(
            () ->
                SerialLinks.open(
                    missing.toString(), SerialLinkOptions.DEFAULT.withReconnect(Duration.ZERO)))
        .isInstanceOf(SerialException.class)
        .hasMessageContaining("no such serial device: " + missing);
  }

  @Test
  void aUsbDeviceThatIsNotThereIsReportedWithThePortsSeen() {
    assertThatThrownBy(
            () ->
                SerialLinks.open(
                    "usb:dead:beef", SerialLinkOptions.DEFAULT.withReconnect(Duration.ZERO)))
        .isInstanceOf(SerialException.class)
        .hasMessageContaining("no serial port of USB device dead:beef; ports seen: ");
  }

  @Test
  void closeEndsEveryThreadOfTheLinkAlsoAfterAReconnect() throws Exception {
    SerialLink l = open(SerialLinkOptions.DEFAULT.withReconnect(Duration.ofSeconds(15)));
    pty.unplug();
    events.await(SerialEvent.Disconnected.class, WAIT);
    pty.replug();
    events.await(SerialEvent.Reconnected.class, WAIT);
    assertThat(EventRecorder.threadsLeft(pty.link().toString(), Duration.ZERO)).isNotEmpty();

    l.close();
    assertThat(EventRecorder.threadsLeft(pty.link().toString(), WAIT)).isEmpty();
  }

  @Test
  void closeIsIdempotentAndLaterCallsFail() {
    SerialLink l = open();
    l.close();
    l.close();
    assertThatThrownBy(() -> l.write(new byte[] {1}, Duration.ofSeconds(1)))
        .isInstanceOf(SerialException.class)
        .hasMessageContaining("closed");
  }
}
