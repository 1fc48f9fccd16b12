package io.hilt.probe.drivers.gdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RspFrameEncoderTest {
  private static String written(RspFrame frame) {
    EmbeddedChannel channel = new EmbeddedChannel(new RspFrameEncoder());
    channel.writeOutbound(frame);
    ByteBuf out = channel.readOutbound();
    try {
      return out.toString(StandardCharsets.ISO_8859_1);
    } finally {
      out.release();
    }
  }

  @Test
  void writesPacketWithChecksum() {
    assertThat(written(RspFrame.Packet.of("qSupported"))).isEqualTo("$qSupported#37");
  }

  @Test
  void escapesTheFourSpecialBytes() {
    assertThat(written(RspFrame.Packet.of("X0,4:$#}*"))).startsWith("$X0,4:}\u0004}\u0003}]}\n#");
  }

  @Test
  void writesAcksAndTheInterruptByte() {
    assertThat(written(new RspFrame.Ack())).isEqualTo("+");
    assertThat(written(new RspFrame.Nak())).isEqualTo("-");
    assertThat(written(new RspFrame.Interrupt())).isEqualTo("\u0003");
  }

  @Test
  void binaryPayloadSurvivesEncodingAndDecoding() {
    Random random = new Random(42);
    byte[] payload = new byte[2000];
    random.nextBytes(payload);
    EmbeddedChannel out = new EmbeddedChannel(new RspFrameEncoder());
    out.writeOutbound(new RspFrame.Packet(payload));
    ByteBuf wire = out.readOutbound();
    EmbeddedChannel in = new EmbeddedChannel(new RspFrameDecoder(4096));
    in.writeInbound(wire);
    RspFrame.Packet decoded = in.readInbound();
    assertThat(decoded.checksumOk()).isTrue();
    assertThat(decoded.payload()).isEqualTo(payload);
    assertThat(RspFrameEncoder.escapedLength(payload, 0, payload.length))
        .isGreaterThanOrEqualTo(payload.length);
  }
}
