package io.hilt.probe.drivers.gdb;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;

/** Last handler of a test pipeline: keeps the exceptions that reach the end of it. */
final class ExceptionRecorder extends ChannelInboundHandlerAdapter {
  final List<Throwable> errors = new ArrayList<>();

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    errors.add(cause);
  }
}
