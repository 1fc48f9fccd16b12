package io.hilt.probe.serial;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes {@link TelnetMessage}s, doubling every 0xFF in data and subnegotiation payloads. */
final class TelnetEncoder extends MessageToByteEncoder<TelnetMessage> {
  TelnetEncoder() {
    super(TelnetMessage.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, TelnetMessage msg, ByteBuf out) {
    if (msg instanceof TelnetMessage.Data d) {
      escape(d.bytes(), out);
    } else if (msg instanceof TelnetMessage.Command c) {
      out.writeByte(Telnet.IAC).writeByte(c.code());
    } else if (msg instanceof TelnetMessage.Negotiation n) {
      out.writeByte(Telnet.IAC).writeByte(n.verb()).writeByte(n.option());
    } else if (msg instanceof TelnetMessage.Subnegotiation s) {
      out.writeByte(Telnet.IAC).writeByte(Telnet.SB).writeByte(s.option());
      escape(s.payload(), out);
      out.writeByte(Telnet.IAC).writeByte(Telnet.SE);
    } else {
      throw new IllegalArgumentException("unknown Telnet message " + msg);
    }
  }

  private static void escape(byte[] bytes, ByteBuf out) {
    out.ensureWritable(bytes.length + 8);
    for (byte b : bytes) {
      out.writeByte(b);
      if (b == (byte) Telnet.IAC) {
        out.writeByte(Telnet.IAC);
      }
    }
  }
}
