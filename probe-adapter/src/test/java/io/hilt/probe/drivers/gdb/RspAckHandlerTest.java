package io.hilt.probe.drivers.gdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class RspAckHandlerTest {
  private final RspAckHandler handler = new RspAckHandler();
  private final ExceptionRecorder errors = new ExceptionRecorder();
  private final EmbeddedChannel channel = new EmbeddedChannel(handler, errors);

  private Object outbound() {
    return channel.readOutbound();
  }

  private Object inbound() {
    return channel.readInbound();
  }

  @Test
  void acknowledgesIntactPacketAndPassesItOn() {
    channel.writeInbound(RspFrame.Packet.of("OK"));
    assertThat(outbound()).isEqualTo(new RspFrame.Ack());
    assertThat(inbound()).isEqualTo(RspFrame.Packet.of("OK"));
  }

  @Test
  void asksForDamagedPacketAgainAndDropsIt() {
    channel.writeInbound(new RspFrame.Packet("OK".getBytes(), false));
    assertThat(outbound()).isEqualTo(new RspFrame.Nak());
    assertThat(inbound()).isNull();
  }

  @Test
  void sendsLastPacketAgainOnNak() {
    channel.writeOutbound(RspFrame.Packet.of("g"));
    assertThat(outbound()).isEqualTo(RspFrame.Packet.of("g"));
    channel.writeInbound(new RspFrame.Nak());
    assertThat(outbound()).isEqualTo(RspFrame.Packet.of("g"));
  }

  @Test
  void givesUpAfterRepeatedNaks() {
    channel.writeOutbound(RspFrame.Packet.of("g"));
    channel.readOutbound();
    for (int i = 0; i < RspAckHandler.MAX_RETRANSMITS; i++) {
      channel.writeInbound(new RspFrame.Nak());
      assertThat(outbound()).isEqualTo(RspFrame.Packet.of("g"));
    }
    channel.writeInbound(new RspFrame.Nak());
    assertThat(outbound()).isNull();
    assertThat(errors.errors)
        .singleElement(InstanceOfAssertFactories.THROWABLE)
        .isInstanceOf(RspProtocolException.class)
        .hasMessageContaining("rejected packet \"g\" 4 times");
  }

  @Test
  void ackEndsRetransmission() {
    channel.writeOutbound(RspFrame.Packet.of("g"));
    channel.readOutbound();
    channel.writeInbound(new RspFrame.Ack());
    channel.writeInbound(new RspFrame.Nak());
    assertThat(outbound()).isNull();
  }

  @Test
  void inNoAckModeSendsNoAcknowledgements() {
    channel.pipeline().fireUserEventTriggered(RspAckHandler.NO_ACK_MODE);
    assertThat(handler.ackMode()).isFalse();
    channel.writeInbound(RspFrame.Packet.of("OK"));
    assertThat(outbound()).isNull();
    assertThat(inbound()).isEqualTo(RspFrame.Packet.of("OK"));
  }

  @Test
  void inNoAckModeDamagedPacketIsAnError() {
    channel.pipeline().fireUserEventTriggered(RspAckHandler.NO_ACK_MODE);
    channel.writeInbound(new RspFrame.Packet("OK".getBytes(), false));
    assertThat(inbound()).isNull();
    assertThat(errors.errors)
        .singleElement(InstanceOfAssertFactories.THROWABLE)
        .isInstanceOf(RspProtocolException.class)
        .hasMessageContaining("bad checksum")
        .hasMessageContaining("no-ack mode");
  }

  @Test
  void dropsInterruptBytesFromThePeer() {
    channel.writeInbound(new RspFrame.Interrupt());
    assertThat(inbound()).isNull();
    assertThat(outbound()).isNull();
  }
}
