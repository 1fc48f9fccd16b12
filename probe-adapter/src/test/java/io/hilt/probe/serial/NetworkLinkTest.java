package io.hilt.probe.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.serial.LineSettings.FlowControl;
import io.hilt.probe.serial.LineSettings.Parity;
import io.hilt.probe.serial.LineSettings.StopBits;
import io.hilt.probe.testsupport.SocatPty;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** rfc2217:// and tcp:// links against loopback servers scripted by the test. */
class NetworkLinkTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final SerialLinkOptions FAST =
      SerialLinkOptions.DEFAULT
          .withReconnect(Duration.ZERO)
          .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500));

  private final EventRecorder events = new EventRecorder();
  private Optional<SerialLink> link = Optional.empty();
  private Optional<ScriptedServer> server = Optional.empty();

  @AfterEach
  void cleanUp() throws Exception {
    link.ifPresent(SerialLink::close);
    if (server.isPresent()) {
      server.get().close();
    }
  }

  private ScriptedServer server(
      boolean agree, java.util.function.Function<byte[], Optional<byte[]>> script)
      throws Exception {
    ScriptedServer s = new ScriptedServer(agree, script);
    server = Optional.of(s);
    return s;
  }

  private SerialLink open(String spec, SerialLinkOptions options) {
    SerialLink l = SerialLinks.open(SerialSpec.parse(spec), options, Optional.of(events));
    link = Optional.of(l);
    return l;
  }

  @Test
  void rawTcpCarriesEveryByteValueBothWaysWithoutEscaping() throws Exception {
    ScriptedServer s = server(false, c -> Optional.empty());
    SerialLink l = open("tcp://127.0.0.1:" + s.port(), FAST);
    byte[] all = EventRecorder.allByteValues(4);

    s.send(all);
    assertThat(events.awaitBytes(all.length, WAIT)).isEqualTo(all);
    l.write(all, WAIT);
    assertThat(s.awaitData(all.length, WAIT)).isEqualTo(all);
  }

  @Test
  void rawTcpAcceptsLineSettingsButHasNoModemLines() throws Exception {
    ScriptedServer s = server(false, c -> Optional.empty());
    SerialLink l = open("tcp://127.0.0.1:" + s.port(), FAST);
    assertThat(l.supportsLineSettings()).isFalse();
    l.configure(new LineSettings(9600, 7, Parity.EVEN, StopBits.TWO, FlowControl.NONE));
    assertThatThrownBy(() -> l.setDtr(true))
        .isInstanceOf(SerialException.class)
        .hasMessageContaining("raw TCP has no line settings or modem lines");
  }

  @Test
  void rawTcpReconnectsWhenTheServerDropsTheConnection() throws Exception {
    ScriptedServer s = server(false, c -> Optional.empty());
    SerialLink l = open("tcp://127.0.0.1:" + s.port(), FAST.withReconnect(Duration.ofSeconds(10)));
    s.awaitClient(1, WAIT);

    s.drop();
    SerialEvent.Disconnected gone = events.await(SerialEvent.Disconnected.class, WAIT);
    assertThat(gone.reason()).contains("closed by the server");
    events.await(SerialEvent.Reconnected.class, WAIT);
    s.awaitClient(2, WAIT);
    l.write("back".getBytes(), WAIT);
    assertThat(new String(s.awaitData(4, WAIT))).isEqualTo("back");
  }

  @Test
  void aBlockedListenerStopsReadingTheSocketInsteadOfBufferingWithoutBound() throws Exception {
    ScriptedServer s = server(false, c -> Optional.empty());
    SerialLink l = open("tcp://127.0.0.1:" + s.port(), FAST);
    CountDownLatch release = new CountDownLatch(1);
    l.addListener(e -> LocalSerialLinkTest.awaitQuietly(release));
    byte[] data = new byte[4 << 20];
    new Random(7).nextBytes(data);

    CompletableFuture<Void> sending =
        CompletableFuture.runAsync(
            () -> {
              try {
                s.send(data);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
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
        .isLessThanOrEqualTo(ReconnectingLink.MAX_BUFFERED_BYTES + 65536);
  }

  @Test
  void closeEndsEveryThreadOfTheLinkAlsoAfterAReconnect() throws Exception {
    ScriptedServer s = server(true, ScriptedServer.echoing());
    SerialLink l =
        open("rfc2217://127.0.0.1:" + s.port(), FAST.withReconnect(Duration.ofSeconds(10)));
    s.drop();
    events.await(SerialEvent.Reconnected.class, WAIT);
    String name = "127.0.0.1-" + s.port();
    assertThat(EventRecorder.threadsLeft(name, Duration.ZERO)).isNotEmpty();

    l.close();
    assertThat(EventRecorder.threadsLeft(name, WAIT)).isEmpty();
    assertThat(EventRecorder.threadsLeft("rfc2217://127.0.0.1:" + s.port(), WAIT)).isEmpty();
  }

  @Test
  void aRefusedConnectionNamesHostAndPort() {
    int port = SocatPty.freePort();
    assertThatThrownBy(() -> open("rfc2217://127.0.0.1:" + port, FAST))
        .isInstanceOf(SerialException.class)
        .hasMessageContaining("cannot connect to rfc2217://127.0.0.1:" + port)
        .hasMessageContaining("refused");
  }

  @Test
  void aServerThatNeverNegotiatesTimesOutNamingHostAndPort() throws Exception {
    ScriptedServer s = server(false, c -> Optional.empty());
    assertThatThrownBy(() -> open("rfc2217://127.0.0.1:" + s.port(), FAST))
        .isInstanceOf(SerialException.class)
        .hasMessageContaining(
            "rfc2217://127.0.0.1:" + s.port() + " did not negotiate COM-PORT-OPTION within PT0.5S");
  }

  @Test
  void sendsLineSettingsAsComPortCommandsInTheOrderRfc2217Recommends() throws Exception {
    ScriptedServer s = server(true, ScriptedServer.echoing());
    open(
        "rfc2217://127.0.0.1:" + s.port(),
        FAST.withLine(
            new LineSettings(
                921_600, 7, Parity.MARK, StopBits.ONE_POINT_FIVE, FlowControl.XON_XOFF)));
    List<byte[]> commands = s.awaitCommands(5, WAIT);
    assertThat(commands.subList(0, 5))
        .containsExactly(
            ByteBuffer.allocate(5).put((byte) 1).putInt(921_600).array(),
            new byte[] {2, 7},
            new byte[] {3, 4},
            new byte[] {4, 3},
            new byte[] {5, 2});
  }

  @Test
  void drivesDtrAndRtsAndWaitsForTheServersAcknowledgement() throws Exception {
    ScriptedServer s = server(true, ScriptedServer.echoing());
    SerialLink l = open("rfc2217://127.0.0.1:" + s.port(), FAST);
    l.setDtr(true);
    l.setDtr(false);
    l.setRts(true);
    l.setRts(false);
    List<byte[]> commands = s.awaitCommands(9, WAIT);
    assertThat(commands.subList(5, 9))
        .containsExactly(
            new byte[] {5, 8}, new byte[] {5, 9}, new byte[] {5, 11}, new byte[] {5, 12});
  }

  @Test
  void aServerThatSetsAnotherBaudThanAskedIsAnError() throws Exception {
    byte[] only9600 = ByteBuffer.allocate(5).put((byte) 101).putInt(9600).array();
    ScriptedServer s =
        server(true, c -> c[0] == 1 ? Optional.of(only9600) : ScriptedServer.echoing().apply(c));
    assertThatThrownBy(() -> open("rfc2217://127.0.0.1:" + s.port(), FAST))
        .isInstanceOf(SerialException.class)
        .hasMessageContaining("answered SET-BAUDRATE 115200 with 00002580 instead of 0001c200");
  }

  @Test
  void aServerThatDoesNotAcknowledgeTimesOutNamingTheCommand() throws Exception {
    ScriptedServer s =
        server(
            true,
            c -> c[0] == 5 && c[1] == 8 ? Optional.empty() : ScriptedServer.echoing().apply(c));
    SerialLink l = open("rfc2217://127.0.0.1:" + s.port(), FAST);
    assertThatThrownBy(() -> l.setDtr(true))
        .isInstanceOf(SerialException.class)
        .hasMessageContaining("rfc2217://127.0.0.1:" + s.port())
        .hasMessageContaining("did not acknowledge SET-CONTROL DTR ON within PT0.5S");
    l.setRts(true);
  }

  @Test
  void garbageTelnetSequencesNeitherCrashNorStallTheLink() throws Exception {
    ScriptedServer s = server(true, ScriptedServer.echoing());
    SerialLink l = open("rfc2217://127.0.0.1:" + s.port(), FAST);
    Random random = new Random(854);
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    for (int i = 0; i < 20_000; i++) {
      int r = random.nextInt(8);
      wire.write(r == 0 ? 255 : r == 1 ? 240 + random.nextInt(16) : random.nextInt(256));
    }
    // From any decoder state, this ends a pending command or subnegotiation and returns to data.
    wire.writeBytes(
        new byte[] {(byte) 255, (byte) 240, (byte) 255, (byte) 240, (byte) 255, (byte) 241});
    wire.writeBytes("#END#".getBytes());
    s.send(wire.toByteArray());

    events.awaitEndsWith("#END#".getBytes(), WAIT);
    assertThat(events.events()).noneMatch(e -> e instanceof SerialEvent.Disconnected);
    l.write("still".getBytes(), WAIT);
    assertThat(new String(s.awaitData(5, WAIT))).endsWith("still");
  }
}
