package io.hilt.probe.serial;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Telnet framing of RFC 854 on an EmbeddedChannel, fed in fragments. */
class TelnetCodecTest {
  private static final int IAC = 255;

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  /** Decodes {@code input} fed {@code chunk} bytes at a time. */
  private static List<TelnetMessage> decode(byte[] input, int chunk) {
    EmbeddedChannel ch = new EmbeddedChannel(new TelnetDecoder(64));
    for (int i = 0; i < input.length; i += chunk) {
      ch.writeInbound(Unpooled.wrappedBuffer(input, i, Math.min(chunk, input.length - i)));
    }
    List<TelnetMessage> out = new ArrayList<>();
    TelnetMessage m;
    while ((m = ch.readInbound()) != null) {
      out.add(m);
    }
    ch.finishAndReleaseAll();
    return out;
  }

  private static byte[] data(List<TelnetMessage> messages) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    messages.stream()
        .filter(TelnetMessage.Data.class::isInstance)
        .map(TelnetMessage.Data.class::cast)
        .forEach(d -> out.writeBytes(d.bytes()));
    return out.toByteArray();
  }

  private static byte[] encode(TelnetMessage message) {
    EmbeddedChannel ch = new EmbeddedChannel(new TelnetEncoder());
    ch.writeOutbound(message);
    ByteBuf buf = ch.readOutbound();
    byte[] b = ByteBufUtil.getBytes(buf);
    buf.release();
    ch.finishAndReleaseAll();
    return b;
  }

  @Test
  void doublesEveryFfOnSend() {
    assertThat(encode(new TelnetMessage.Data(bytes(0x41, 0xFF, 0x00, 0xFF, 0xFF))))
        .isEqualTo(bytes(0x41, IAC, IAC, 0x00, IAC, IAC, IAC, IAC));
    assertThat(encode(new TelnetMessage.Subnegotiation(44, bytes(1, 0, 0, 0xFF, 0xFF))))
        .isEqualTo(bytes(IAC, 250, 44, 1, 0, 0, IAC, IAC, IAC, IAC, IAC, 240));
    assertThat(encode(new TelnetMessage.Negotiation(251, 44))).isEqualTo(bytes(IAC, 251, 44));
  }

  @Test
  void everyByteValueSurvivesEncodingAndDecodingSplitAnywhere() {
    byte[] all = EventRecorder.allByteValues(2);
    byte[] wire = encode(new TelnetMessage.Data(all));
    for (int chunk : new int[] {1, 2, 3, 7, 255, wire.length}) {
      List<TelnetMessage> messages = decode(wire, chunk);
      assertThat(messages).allMatch(TelnetMessage.Data.class::isInstance);
      assertThat(data(messages)).as("chunk %d", chunk).isEqualTo(all);
    }
  }

  @Test
  void separatesNegotiationSubnegotiationAndCommandsFromData() {
    byte[] wire =
        bytes(
            'a', IAC, 253, 44, 'b', IAC, 250, 44, 101, 0, 0, 0x25, 0x80, IAC, 240, IAC, 241, IAC,
            IAC, 'c');
    for (int chunk : new int[] {1, 4, wire.length}) {
      List<TelnetMessage> messages = decode(wire, chunk);
      assertThat(messages)
          .filteredOn(m -> !(m instanceof TelnetMessage.Data))
          .usingRecursiveFieldByFieldElementComparator()
          .containsExactly(
              new TelnetMessage.Negotiation(253, 44),
              new TelnetMessage.Subnegotiation(44, bytes(101, 0, 0, 0x25, 0x80)),
              new TelnetMessage.Command(241));
      assertThat(data(messages)).isEqualTo(bytes('a', 'b', 0xFF, 'c'));
    }
  }

  @Test
  void unescapesFfInsideSubnegotiation() {
    List<TelnetMessage> messages = decode(bytes(IAC, 250, 44, 101, 0, 0, IAC, IAC, 1, IAC, 240), 1);
    assertThat(messages)
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactly(new TelnetMessage.Subnegotiation(44, bytes(101, 0, 0, 0xFF, 1)));
  }

  @Test
  void aSubnegotiationWithoutSeEndsAtTheNextCommand() {
    List<TelnetMessage> messages = decode(bytes(IAC, 250, 44, 6, 1, IAC, 251, 3, 'x'), 2);
    assertThat(messages)
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactly(
            new TelnetMessage.Subnegotiation(44, bytes(6, 1)),
            new TelnetMessage.Negotiation(251, 3),
            new TelnetMessage.Data(bytes('x')));
  }

  @Test
  void anOverlongSubnegotiationIsCutAndDataAfterItStillArrives() {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes(bytes(IAC, 250, 44));
    wire.writeBytes(new byte[100_000]);
    wire.writeBytes(bytes(IAC, 240, 'o', 'k'));
    List<TelnetMessage> messages = decode(wire.toByteArray(), 4096);
    assertThat(messages).hasSize(2);
    assertThat(((TelnetMessage.Subnegotiation) messages.get(0)).payload()).hasSize(64);
    assertThat(data(messages)).isEqualTo(bytes('o', 'k'));
  }

  @Test
  void randomGarbageNeverThrowsAndConsumesEverything() {
    Random random = new Random(2217);
    for (int round = 0; round < 200; round++) {
      byte[] garbage = new byte[random.nextInt(512)];
      random.nextBytes(garbage);
      for (int i = 0; i < garbage.length; i++) {
        if (random.nextInt(4) == 0) {
          garbage[i] = (byte) (random.nextBoolean() ? IAC : 240 + random.nextInt(16));
        }
      }
      EmbeddedChannel ch = new EmbeddedChannel(new TelnetDecoder(64));
      for (int i = 0; i < garbage.length; i += 17) {
        ch.writeInbound(Unpooled.wrappedBuffer(garbage, i, Math.min(17, garbage.length - i)));
      }
      assertThat(ch.isActive()).isTrue();
      ch.finishAndReleaseAll();
    }
  }
}
