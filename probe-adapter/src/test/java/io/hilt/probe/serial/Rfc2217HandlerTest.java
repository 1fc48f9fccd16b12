package io.hilt.probe.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Telnet option negotiation of the RFC 2217 client, on an EmbeddedChannel. */
class Rfc2217HandlerTest {
  private static final int IAC = 255;
  private static final int WILL = 251;
  private static final int WONT = 252;
  private static final int DO = 253;
  private static final int DONT = 254;

  private final ByteArrayOutputStream data = new ByteArrayOutputStream();
  private final Rfc2217Handler handler = new Rfc2217Handler("rfc2217://test:1", data::writeBytes);
  private final EmbeddedChannel ch =
      new EmbeddedChannel(new TelnetDecoder(64), new TelnetEncoder(), handler);

  @AfterEach
  void close() {
    ch.finishAndReleaseAll();
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private byte[] sent() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuf buf;
    while ((buf = ch.readOutbound()) != null) {
      out.writeBytes(ByteBufUtil.getBytes(buf));
      buf.release();
    }
    return out.toByteArray();
  }

  private void serverSends(int... values) {
    ch.writeInbound(Unpooled.wrappedBuffer(bytes(values)));
  }

  @Test
  void asksForBinaryAndSuppressGoAheadBothWaysAndOffersComPort() {
    assertThat(sent())
        .isEqualTo(bytes(IAC, WILL, 0, IAC, DO, 0, IAC, WILL, 3, IAC, DO, 3, IAC, WILL, 44));
    assertThat(handler.ready()).isNotDone();
  }

  @Test
  void isReadyWhenTheServerAgreesToComPortAndDoesNotAnswerAgreements() {
    sent();
    // What ser2net 4.3 sends on connect, in its order.
    serverSends(IAC, WILL, 3, IAC, DO, 3, IAC, WILL, 1, IAC, DONT, 1, IAC, DO, 0, IAC, WILL, 0);
    serverSends(IAC, DO, 44);
    assertThat(handler.ready()).isCompleted();
    // Only ECHO, which hilt did not ask for, is answered (refused).
    assertThat(sent()).isEqualTo(bytes(IAC, DONT, 1));
  }

  @Test
  void repeatedRequestsForAnAgreedOptionGetNoAnswerSoNegotiationCannotLoop() {
    sent();
    serverSends(IAC, DO, 0, IAC, DO, 0, IAC, WILL, 3, IAC, WILL, 3, IAC, DO, 44, IAC, DO, 44);
    assertThat(sent()).isEmpty();
  }

  @Test
  void refusesOptionsItDoesNotSupport() {
    sent();
    serverSends(IAC, DO, 24, IAC, WILL, 31, IAC, DO, 1);
    assertThat(sent()).isEqualTo(bytes(IAC, WONT, 24, IAC, DONT, 31, IAC, WONT, 1));
  }

  @Test
  void aServerThatRefusesComPortFailsReadinessSayingSo() {
    sent();
    serverSends(IAC, DONT, 44);
    assertThat(handler.ready()).isCompletedExceptionally();
    assertThatThrownBy(() -> handler.ready().get())
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("refused COM-PORT-OPTION")
        .hasMessageContaining("tcp://");
  }

  @Test
  void keepsTheLastLineAndModemStateNotifications() {
    serverSends(IAC, 250, 44, 107, 0x30, IAC, 240, IAC, 250, 44, 106, 0x60, IAC, 240);
    serverSends(IAC, 250, 44, 107, 0xB0, IAC, 240);
    assertThat(handler.modemState()).contains(0xB0);
    assertThat(handler.lineState()).contains(0x60);
  }

  @Test
  void passesDataOnWithFfUnescaped() {
    serverSends('o', 'k', IAC, IAC, 0, IAC, 241, '!');
    assertThat(data.toByteArray()).isEqualTo(bytes('o', 'k', 0xFF, 0, '!'));
  }
}
