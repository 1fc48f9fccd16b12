package io.hilt.probe.drivers.gdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class RspFrameDecoderTest {
  private final ExceptionRecorder errors = new ExceptionRecorder();
  private final EmbeddedChannel channel = new EmbeddedChannel(new RspFrameDecoder(64), errors);

  private void feed(String text) {
    channel.writeInbound(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.ISO_8859_1)));
  }

  private List<RspFrame> frames() {
    List<RspFrame> out = new ArrayList<>();
    RspFrame f;
    while ((f = channel.readInbound()) != null) {
      out.add(f);
    }
    return out;
  }

  private static RspFrame.Packet ok(String payload) {
    return new RspFrame.Packet(payload.getBytes(StandardCharsets.ISO_8859_1), true);
  }

  @Test
  void decodesPacketWithItsChecksum() {
    feed("$OK#9a");
    assertThat(frames()).containsExactly(ok("OK"));
  }

  @Test
  void assemblesPacketFedOneByteAtATime() {
    for (char c : "+$T05thread:01;#07".toCharArray()) {
      feed(String.valueOf(c));
    }
    assertThat(frames()).containsExactly(new RspFrame.Ack(), ok("T05thread:01;"));
  }

  @Test
  void decodesSeveralFramesInOneRead() {
    feed("+-$#00\u0003$OK#9a");
    assertThat(frames())
        .containsExactly(
            new RspFrame.Ack(), new RspFrame.Nak(), ok(""), new RspFrame.Interrupt(), ok("OK"));
  }

  @Test
  void flagsPacketWithBadChecksum() {
    feed("$OK#00");
    assertThat(frames()).containsExactly(new RspFrame.Packet("OK".getBytes(), false));
  }

  @Test
  void undoesEscapes() {
    // } 0x03 is '#', } 0x04 is '$', } 0x5d is '}', } 0x0a is '*'
    String body = "a}\u0003}\u0004}]}\nb";
    feed("$" + body + "#" + checksum(body));
    assertThat(frames()).containsExactly(ok("a#$}*b"));
  }

  @Test
  void expandsRunLengthEncoding() {
    // '0' followed by '*' and ' ' (32 - 29 = 3 more): "0000"; '"' is 34 - 29 = 5 more
    String body = "0* 1*\"";
    feed("$" + body + "#" + checksum(body));
    assertThat(frames()).containsExactly(ok("0000111111"));
  }

  @Test
  void runLengthOfAnEscapedCharacterRepeatsTheUnescapedByte() {
    String body = "}\u0003* ";
    feed("$" + body + "#" + checksum(body));
    assertThat(frames()).containsExactly(ok("####"));
  }

  @Test
  void ignoresNoiseBetweenPackets() {
    feed("hello\r\n$OK#9a\n");
    assertThat(frames()).containsExactly(ok("OK"));
  }

  @Test
  void rejectsPacketLongerThanTheLimitAndRecoversAtTheNextOne() {
    String big = "x".repeat(65);
    feed("$" + big + "+-" + "#" + checksum(big));
    assertThat(errors.errors)
        .singleElement(InstanceOfAssertFactories.THROWABLE)
        .isInstanceOf(RspProtocolException.class)
        .hasMessageContaining("longer than the limit of 64 bytes");
    feed("$OK#9a");
    // the '+' and '-' inside the skipped packet are not taken for acknowledgements
    assertThat(frames()).containsExactly(ok("OK"));
  }

  @Test
  void rejectsRunLengthExpansionBeyondTheLimit() {
    String body = "x".repeat(60) + "*~";
    feed("$" + body + "#" + checksum(body));
    assertThat(errors.errors)
        .singleElement(InstanceOfAssertFactories.THROWABLE)
        .hasMessageContaining("longer than the limit");
    assertThat(frames()).isEmpty();
  }

  @Test
  void rejectsRunLengthMarkerWithoutCharacterBeforeIt() {
    feed("$* #00$OK#9a");
    assertThat(errors.errors)
        .singleElement(InstanceOfAssertFactories.THROWABLE)
        .hasMessageContaining("no character before it");
    assertThat(frames()).containsExactly(ok("OK"));
  }

  @Test
  void rejectsRunLengthCountOutOfRange() {
    feed("$a*\u0001#00$OK#9a");
    assertThat(errors.errors)
        .singleElement(InstanceOfAssertFactories.THROWABLE)
        .hasMessageContaining("out of range");
    assertThat(frames()).containsExactly(ok("OK"));
  }

  @Test
  void rejectsChecksumThatIsNotHex() {
    feed("$OK#zz$OK#9a");
    assertThat(errors.errors)
        .singleElement(InstanceOfAssertFactories.THROWABLE)
        .hasMessageContaining("is not hex");
    assertThat(frames()).containsExactly(ok("OK"));
  }

  @Test
  void restartsWhenANewPacketBeginsInsideOne() {
    feed("$O$OK#9a");
    assertThat(errors.errors)
        .singleElement(InstanceOfAssertFactories.THROWABLE)
        .hasMessageContaining("cut short");
    assertThat(frames()).containsExactly(ok("OK"));
  }

  static String checksum(String body) {
    int sum = 0;
    for (byte b : body.getBytes(StandardCharsets.ISO_8859_1)) {
      sum += b & 0xFF;
    }
    return String.format("%02x", sum & 0xFF);
  }
}
