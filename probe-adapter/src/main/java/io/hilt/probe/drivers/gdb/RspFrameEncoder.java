package io.hilt.probe.drivers.gdb;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes {@link RspFrame}s: packets as {@code $payload#xx} with {@code $ # } *} escaped as {@code
 * }} followed by the byte XOR 0x20 (no run-length encoding: it is optional for senders).
 */
@ChannelHandler.Sharable
public final class RspFrameEncoder extends MessageToByteEncoder<RspFrame> {
  public RspFrameEncoder() {
    super(RspFrame.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, RspFrame frame, ByteBuf out) {
    // Java 17 has no pattern switch; the sealed interface has exactly these four
    if (frame instanceof RspFrame.Packet p) {
      packet(p.payload(), out);
    } else if (frame instanceof RspFrame.Ack) {
      out.writeByte('+');
    } else if (frame instanceof RspFrame.Nak) {
      out.writeByte('-');
    } else if (frame instanceof RspFrame.Interrupt) {
      out.writeByte(0x03);
    }
  }

  /** The escaped length of {@code payload}: what it takes on the wire without {@code $#xx}. */
  public static int escapedLength(byte[] payload, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n += needsEscape(payload[i]) ? 2 : 1;
    }
    return n;
  }

  static boolean needsEscape(byte b) {
    return b == '$' || b == '#' || b == '}' || b == '*';
  }

  private static void packet(byte[] payload, ByteBuf out) {
    out.writeByte('$');
    int sum = 0;
    for (byte b : payload) {
      if (needsEscape(b)) {
        out.writeByte('}');
        out.writeByte(b ^ 0x20);
        sum += '}' + ((b ^ 0x20) & 0xFF);
      } else {
        out.writeByte(b);
        sum += b & 0xFF;
      }
    }
    out.writeByte('#');
    out.writeByte(Character.forDigit((sum >> 4) & 0xF, 16));
    out.writeByte(Character.forDigit(sum & 0xF, 16));
  }
}
