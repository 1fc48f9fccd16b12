package io.hilt.probe.drivers.gdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.target.TargetException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The whole client pipeline on an in-memory channel: bytes in, bytes out. */
class GdbClientTest {
  private final List<String> output = new ArrayList<>();
  private final List<StopReply> stops = new ArrayList<>();
  private final List<TargetException> failures = new ArrayList<>();
  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final GdbClient client =
      GdbClient.on(
          channel,
          "test-server:1234",
          256,
          new GdbClient.Listener() {
            @Override
            public void onOutput(byte[] data) {
              output.add(new String(data, StandardCharsets.ISO_8859_1));
            }

            @Override
            public void onStop(StopReply stop) {
              stops.add(stop);
            }

            @Override
            public void onFailure(TargetException failure) {
              failures.add(failure);
            }
          });

  private void serverSends(String bytes) {
    channel.writeInbound(Unpooled.wrappedBuffer(bytes.getBytes(StandardCharsets.ISO_8859_1)));
  }

  private String clientSent() {
    StringBuilder out = new StringBuilder();
    ByteBuf b;
    while ((b = channel.readOutbound()) != null) {
      out.append(b.toString(StandardCharsets.ISO_8859_1));
      b.release();
    }
    return out.toString();
  }

  private static String packet(String body) {
    return "$" + body + "#" + RspFrameDecoderTest.checksum(body);
  }

  @Test
  void requestGetsItsReplyAndAcknowledgesIt() {
    CompletableFuture<RspReply> reply = client.requestAsync(RspCommand.of("m0,4"));
    assertThat(clientSent()).isEqualTo("$m0,4#fd");
    serverSends("+" + packet("00000120"));
    assertThat(reply).isCompletedWithValue(new RspReply.Data("00000120".getBytes()));
    assertThat(clientSent()).isEqualTo("+");
  }

  @Test
  void replyInFragmentsCompletesOnceWhole() {
    CompletableFuture<RspReply> reply = client.requestAsync(RspCommand.of("?"));
    serverSends("+$T05thr");
    assertThat(reply).isNotDone();
    serverSends("ead:01;#");
    serverSends("07");
    assertThat(reply.join()).isInstanceOf(RspReply.Stop.class);
  }

  @Test
  void damagedReplyIsAskedForAgain() {
    CompletableFuture<RspReply> reply = client.requestAsync(RspCommand.of("g"));
    clientSent();
    serverSends("+$OK#00");
    assertThat(clientSent()).isEqualTo("-");
    assertThat(reply).isNotDone();
    serverSends(packet("OK"));
    assertThat(reply).isCompletedWithValue(new RspReply.Ok());
  }

  @Test
  void consoleOutputDuringRequestGoesToTheListener() {
    CompletableFuture<RspReply> reply = client.requestAsync(RspCommand.of("qRcmd,7265736574"));
    serverSends("+" + packet("O7265736574206f6b0a") + packet("OK"));
    assertThat(output).containsExactly("reset ok\n");
    assertThat(reply).isCompletedWithValue(new RspReply.Ok());
  }

  @Test
  void stopReplyAfterResumeGoesToTheListener() {
    client.resume(RspCommand.of("vCont;c"));
    assertThat(client.running()).isTrue();
    assertThat(clientSent()).isEqualTo("$vCont;c#a8");
    serverSends("+" + packet("O6869") + packet("W02"));
    assertThat(output).containsExactly("hi");
    assertThat(stops).containsExactly(new StopReply.Exited(2));
    assertThat(client.running()).isFalse();
  }

  @Test
  void interruptIsTheBareCtrlCByte() {
    client.resume(RspCommand.of("c"));
    clientSent();
    client.interrupt();
    assertThat(clientSent()).isEqualTo("\u0003");
    serverSends(packet("T02thread:01;"));
    assertThat(stops).hasSize(1);
    assertThat(((StopReply.Signalled) stops.get(0)).signal()).isEqualTo(Signals.SIGINT);
  }

  @Test
  void refusesRequestWhileTheTargetRuns() {
    client.resume(RspCommand.of("c"));
    assertThatThrownBy(() -> client.requestAsync(RspCommand.of("g")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("while the target runs");
  }

  @Test
  void noAckModeStopsAcknowledgements() {
    CompletableFuture<RspReply> reply = client.requestAsync(RspCommand.of("QStartNoAckMode"));
    serverSends("+" + packet("OK"));
    assertThat(reply).isCompletedWithValue(new RspReply.Ok());
    client.noAckMode();
    clientSent();
    CompletableFuture<RspReply> next = client.requestAsync(RspCommand.of("g"));
    serverSends(packet("00"));
    assertThat(next).isCompleted();
    assertThat(clientSent()).isEqualTo("$g#67");
  }

  @Test
  void malformedReplyFailsTheRequestAtOnce() {
    CompletableFuture<RspReply> reply = client.requestAsync(RspCommand.of("m0,4"));
    serverSends("+$" + "0".repeat(300) + "#00");
    assertThat(reply).isCompletedExceptionally();
    assertThatThrownBy(reply::join).hasMessageContaining("longer than the limit of 256 bytes");
  }

  @Test
  void closedConnectionFailsTheWaitingRequest() {
    CompletableFuture<RspReply> reply = client.requestAsync(RspCommand.of("g"));
    channel.close();
    assertThatThrownBy(reply::join).hasMessageContaining("test-server:1234 closed the connection");
  }

  @Test
  void closedConnectionWhileRunningIsReportedToTheListener() {
    client.resume(RspCommand.of("c"));
    channel.close();
    assertThat(failures).singleElement().asString().contains("closed the connection");
    assertThat(client.running()).isFalse();
  }

  @Test
  void requestWithoutReplyTimesOutNamingPacketAndPeerAndBreaksTheLink() {
    assertThatThrownBy(() -> client.request("m20000000,4", Duration.ofMillis(10)))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("test-server:1234")
        .hasMessageContaining("'m20000000,4'")
        .hasMessageContaining("out of step");
    // the late reply must not be taken for the next request's
    serverSends("+" + packet("00000000"));
    assertThat(client.requestAsync(RspCommand.of("g"))).isCompletedExceptionally();
  }

  @Test
  void resumeAnsweredWithAnErrorIsAFailure() {
    client.resume(RspCommand.of("vCont;c"));
    serverSends("+" + packet("E01"));
    assertThat(failures).singleElement().asString().contains("answered a resume with error 01");
  }

  @Test
  void damagedReplyInNoAckModeFailsTheRequestAtOnce() {
    CompletableFuture<RspReply> agreed = client.requestAsync(RspCommand.of("QStartNoAckMode"));
    serverSends("+" + packet("OK"));
    assertThat(agreed).isCompleted();
    client.noAckMode();
    CompletableFuture<RspReply> reply = client.requestAsync(RspCommand.of("g"));
    serverSends("$00#00");
    assertThatThrownBy(reply::join).hasMessageContaining("bad checksum");
  }
}
