package io.hilt.probe.drivers.gdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RspCodecTest {
  private static RspReply decode(String payload) {
    EmbeddedChannel channel = new EmbeddedChannel(new RspCodec());
    channel.writeInbound(RspFrame.Packet.of(payload));
    return channel.readInbound();
  }

  @Test
  void encodesCommandAsPacket() {
    EmbeddedChannel channel = new EmbeddedChannel(new RspCodec());
    channel.writeOutbound(RspCommand.of("m0,4"));
    Object out = channel.readOutbound();
    assertThat(out).isEqualTo(RspFrame.Packet.of("m0,4"));
  }

  @Test
  void classifiesOkErrorsAndEmpty() {
    assertThat(decode("OK")).isEqualTo(new RspReply.Ok());
    assertThat(decode("")).isEqualTo(new RspReply.Empty());
    assertThat(decode("E01")).isEqualTo(new RspReply.Error("01"));
    assertThat(decode("E.no access")).isEqualTo(new RspReply.Error(".no access"));
  }

  @Test
  void consoleOutputIsHexAfterO() {
    assertThat(decode("O68690a"))
        .isEqualTo(new RspReply.Output("hi\n".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void parsesStopReplies() {
    assertThat(decode("S05")).isEqualTo(new RspReply.Stop(new StopReply.Signalled(5, Map.of())));
    assertThat(decode("W00")).isEqualTo(new RspReply.Stop(new StopReply.Exited(0)));
    assertThat(decode("W03;process:1")).isEqualTo(new RspReply.Stop(new StopReply.Exited(3)));
    assertThat(decode("X0b")).isEqualTo(new RspReply.Stop(new StopReply.Terminated(11)));
    RspReply t = decode("T05thread:p01.01;f:d8000000;swbreak:;");
    assertThat(t).isInstanceOf(RspReply.Stop.class);
    StopReply.Signalled s = (StopReply.Signalled) ((RspReply.Stop) t).reply();
    assertThat(s.signal()).isEqualTo(5);
    assertThat(s.reason()).contains("swbreak");
    assertThat(s.register(15)).hasValue(0xd8);
    assertThat(s.fields()).containsEntry("thread", "p01.01");
  }

  @Test
  void dataThatOnlyLooksAlikeStaysData() {
    assertThat(decode("d8000000")).isInstanceOf(RspReply.Data.class);
    assertThat(decode("PacketSize=1000;qXfer:features:read+")).isInstanceOf(RspReply.Data.class);
    // odd length after O: not console output; T with a field lacking ':' is not a stop reply
    assertThat(decode("O6")).isInstanceOf(RspReply.Data.class);
    assertThat(decode("T05nonsense")).isInstanceOf(RspReply.Data.class);
    assertThat(decode("E0100")).isInstanceOf(RspReply.Data.class);
  }
}
