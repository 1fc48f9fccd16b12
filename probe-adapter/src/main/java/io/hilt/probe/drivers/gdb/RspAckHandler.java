package io.hilt.probe.drivers.gdb;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.Optional;

/**
 * Acknowledgements and checksums. In ack mode (the protocol's start) every intact packet is
 * answered with {@code +} and passed on, a damaged one with {@code -} and dropped (the peer sends
 * it again), and a {@code -} from the peer makes this handler send its last packet again, at most
 * {@link #MAX_RETRANSMITS} times in a row. After {@link #NO_ACK_MODE} (fired once the peer has
 * agreed to {@code QStartNoAckMode}) nothing is acknowledged and a damaged packet is an {@link
 * RspProtocolException}: the link is reliable TCP, so damage means a broken peer.
 *
 * <p>Interrupt bytes from the peer (only a client sends them) are dropped. New per channel.
 */
public final class RspAckHandler extends ChannelDuplexHandler {
  /** User event: switch to no-ack mode (fire it through the pipeline after the peer's OK). */
  public static final Object NO_ACK_MODE = new Object();

  static final int MAX_RETRANSMITS = 3;

  private boolean ackMode = true;
  private Optional<RspFrame.Packet> unacknowledged = Optional.empty();
  private int retransmits;

  public boolean ackMode() {
    return ackMode;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof RspFrame.Packet packet) {
      if (packet.checksumOk()) {
        if (ackMode) {
          ctx.writeAndFlush(new RspFrame.Ack());
        }
        ctx.fireChannelRead(packet);
      } else if (ackMode) {
        ctx.writeAndFlush(new RspFrame.Nak());
      } else {
        ctx.fireExceptionCaught(
            new RspProtocolException(
                "packet with a bad checksum from "
                    + ctx.channel().remoteAddress()
                    + " in no-ack mode: \""
                    + RspText.preview(packet.payload())
                    + "\""));
      }
    } else if (msg instanceof RspFrame.Ack) {
      unacknowledged = Optional.empty();
      retransmits = 0;
    } else if (msg instanceof RspFrame.Nak) {
      retransmit(ctx);
    } else if (!(msg instanceof RspFrame.Interrupt)) {
      ctx.fireChannelRead(msg);
    }
  }

  private void retransmit(ChannelHandlerContext ctx) {
    if (!ackMode || unacknowledged.isEmpty()) {
      return;
    }
    RspFrame.Packet packet = unacknowledged.get();
    if (retransmits >= MAX_RETRANSMITS) {
      unacknowledged = Optional.empty();
      retransmits = 0;
      ctx.fireExceptionCaught(
          new RspProtocolException(
              ctx.channel().remoteAddress()
                  + " rejected packet \""
                  + RspText.preview(packet.payload())
                  + "\" "
                  + (MAX_RETRANSMITS + 1)
                  + " times (bad checksum on its side)"));
      return;
    }
    retransmits++;
    ctx.writeAndFlush(packet);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (ackMode && msg instanceof RspFrame.Packet packet) {
      unacknowledged = Optional.of(packet);
      retransmits = 0;
    }
    ctx.write(msg, promise);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == NO_ACK_MODE) {
      ackMode = false;
      unacknowledged = Optional.empty();
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }
}
