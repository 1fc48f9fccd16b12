package io.hilt.probe.drivers.gdb;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Splits the byte stream of a GDB remote serial protocol link into {@link RspFrame}s: {@code +},
 * {@code -}, 0x03 and {@code $payload#xx} packets. Undoes the {@code }} escapes and the {@code *}
 * run-length encoding and checks the checksum (a mismatch is reported on the packet, not here).
 *
 * <p>Bounded: a packet whose decoded payload would exceed {@code maxPayload} bytes is reported as
 * an {@link RspProtocolException} and skipped up to its {@code #xx}; so are malformed run lengths
 * and checksum digits. Bytes between packets that are none of the above are ignored, as GDB does.
 * New per channel (it keeps state between reads).
 */
public final class RspFrameDecoder extends ByteToMessageDecoder {
  private enum State {
    IDLE,
    DATA,
    ESCAPE,
    RUN_LENGTH,
    CHECKSUM_HIGH,
    CHECKSUM_LOW,
    SKIP_TO_HASH,
    SKIP_CHECKSUM_HIGH,
    SKIP_CHECKSUM_LOW
  }

  private final int maxPayload;
  private final ByteArrayOutputStream payload = new ByteArrayOutputStream();
  private State state = State.IDLE;
  private int sum;
  private int declared;
  private int last = -1;

  public RspFrameDecoder(int maxPayload) {
    if (maxPayload < 1) {
      throw new IllegalArgumentException("maxPayload must be positive: " + maxPayload);
    }
    this.maxPayload = maxPayload;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.isReadable()) {
      int b = in.readByte() & 0xFF;
      switch (state) {
        case IDLE -> idle(b, out);
        case DATA -> data(ctx, b);
        case ESCAPE -> {
          sum += b;
          append(ctx, b ^ 0x20);
          if (state == State.ESCAPE) {
            state = State.DATA;
          }
        }
        case RUN_LENGTH -> runLength(ctx, b);
        case CHECKSUM_HIGH -> {
          int digit = Character.digit(b, 16);
          if (digit < 0) {
            fail(ctx, "checksum digit " + describe(b) + " is not hex", State.IDLE);
          } else {
            declared = digit << 4;
            state = State.CHECKSUM_LOW;
          }
        }
        case CHECKSUM_LOW -> {
          int digit = Character.digit(b, 16);
          if (digit < 0) {
            fail(ctx, "checksum digit " + describe(b) + " is not hex", State.IDLE);
          } else {
            declared |= digit;
            out.add(new RspFrame.Packet(payload.toByteArray(), declared == (sum & 0xFF)));
            state = State.IDLE;
          }
        }
        case SKIP_TO_HASH -> {
          if (b == '#') {
            state = State.SKIP_CHECKSUM_HIGH;
          }
        }
        case SKIP_CHECKSUM_HIGH -> state = State.SKIP_CHECKSUM_LOW;
        case SKIP_CHECKSUM_LOW -> state = State.IDLE;
      }
    }
  }

  private void idle(int b, List<Object> out) {
    switch (b) {
      case '+' -> out.add(new RspFrame.Ack());
      case '-' -> out.add(new RspFrame.Nak());
      case 0x03 -> out.add(new RspFrame.Interrupt());
      case '$' -> {
        payload.reset();
        sum = 0;
        last = -1;
        state = State.DATA;
      }
      default -> {
        // noise between packets (a stub's banner, a stray newline): GDB ignores it too
      }
    }
  }

  private void data(ChannelHandlerContext ctx, int b) {
    switch (b) {
      case '#' -> state = State.CHECKSUM_HIGH;
      case '$' -> {
        // a new packet inside a packet: the first one was cut short
        fail(ctx, "packet cut short by a new '$' after " + payload.size() + " bytes", State.DATA);
        payload.reset();
        sum = 0;
        last = -1;
      }
      case '}' -> {
        sum += b;
        state = State.ESCAPE;
      }
      case '*' -> {
        sum += b;
        state = State.RUN_LENGTH;
      }
      default -> {
        sum += b;
        append(ctx, b);
      }
    }
  }

  private void runLength(ChannelHandlerContext ctx, int b) {
    sum += b;
    if (last < 0) {
      fail(ctx, "run-length marker '*' with no character before it", State.SKIP_TO_HASH);
      return;
    }
    if (b < 29 + 3 || b > 126 || b == '#' || b == '$') {
      fail(ctx, "run-length count " + describe(b) + " is out of range", State.SKIP_TO_HASH);
      return;
    }
    state = State.DATA;
    int repeat = b - 29;
    for (int i = 0; i < repeat && state == State.DATA; i++) {
      append(ctx, last);
    }
  }

  private void append(ChannelHandlerContext ctx, int b) {
    if (payload.size() >= maxPayload) {
      fail(
          ctx,
          "packet payload longer than the limit of " + maxPayload + " bytes",
          State.SKIP_TO_HASH);
      return;
    }
    payload.write(b);
    last = b;
  }

  private void fail(ChannelHandlerContext ctx, String what, State next) {
    state = next;
    String seen = RspText.preview(payload.toByteArray());
    ctx.fireExceptionCaught(
        new RspProtocolException(
            "malformed packet from "
                + ctx.channel().remoteAddress()
                + ": "
                + what
                + " (payload so far: \""
                + seen
                + "\")"));
    if (next != State.DATA) {
      payload.reset();
    }
  }

  private static String describe(int b) {
    return b >= 0x20 && b < 0x7F ? "'" + (char) b + "'" : String.format("0x%02x", b);
  }
}
