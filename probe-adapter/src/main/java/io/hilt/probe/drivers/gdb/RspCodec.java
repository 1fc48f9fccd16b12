package io.hilt.probe.drivers.gdb;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;
import java.util.Optional;

/**
 * Packets to typed messages: {@link RspCommand} out as a packet, packets in as {@link RspReply},
 * classified by shape only. A reply that looks like a stop reply ({@code S05}, {@code T05...},
 * {@code W00}, {@code X0b}) is one: data replies are lower-case hex or start with other letters.
 */
@ChannelHandler.Sharable
public final class RspCodec extends MessageToMessageCodec<RspFrame.Packet, RspCommand> {
  public RspCodec() {
    super(RspFrame.Packet.class, RspCommand.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, RspCommand command, List<Object> out) {
    out.add(new RspFrame.Packet(command.payload()));
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, RspFrame.Packet packet, List<Object> out) {
    out.add(classify(packet.payload()));
  }

  /** The reply a payload stands for. */
  public static RspReply classify(byte[] payload) {
    String text = new String(payload, java.nio.charset.StandardCharsets.ISO_8859_1);
    if (text.isEmpty()) {
      return new RspReply.Empty();
    }
    if (text.equals("OK")) {
      return new RspReply.Ok();
    }
    if (text.matches("E[0-9a-fA-F]{2}") || text.startsWith("E.")) {
      return new RspReply.Error(text.substring(1));
    }
    if (text.charAt(0) == 'O' && text.length() > 1 && text.length() % 2 == 1) {
      Optional<byte[]> data = Hex.bytes(text.substring(1));
      if (data.isPresent()) {
        return new RspReply.Output(data.get());
      }
    }
    Optional<StopReply> stop = StopReply.parse(text);
    if (stop.isPresent()) {
      return new RspReply.Stop(stop.get());
    }
    return new RspReply.Data(payload);
  }
}
