package io.hilt.probe.serial;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Splits a Telnet byte stream into {@link TelnetMessage}s (RFC 854): IAC IAC is a data byte 0xFF,
 * IAC WILL/WONT/DO/DONT x a negotiation, IAC SB ... IAC SE a subnegotiation, any other IAC x a
 * command. Sequences may be split across reads at any byte. Subnegotiations longer than {@code
 * maxSubnegotiation} are cut off at that length; an IAC inside one that is neither IAC nor SE ends
 * it, and the byte after it is read as a command, so garbage never stalls the stream.
 */
final class TelnetDecoder extends ByteToMessageDecoder {
  private enum State {
    DATA,
    IAC,
    VERB,
    SB_OPTION,
    SB_DATA,
    SB_IAC
  }

  private final int maxSubnegotiation;
  private State state = State.DATA;
  private int verb;
  private int sbOption;
  private final ByteArrayOutputStream sb = new ByteArrayOutputStream();

  TelnetDecoder(int maxSubnegotiation) {
    if (maxSubnegotiation < 1) {
      throw new IllegalArgumentException("maxSubnegotiation must be positive");
    }
    this.maxSubnegotiation = maxSubnegotiation;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    ByteArrayOutputStream data = new ByteArrayOutputStream(in.readableBytes());
    while (in.isReadable()) {
      int b = in.readUnsignedByte();
      switch (state) {
        case DATA -> {
          if (b == Telnet.IAC) {
            state = State.IAC;
          } else {
            data.write(b);
          }
        }
        case IAC -> {
          if (b == Telnet.IAC) {
            data.write(b);
            state = State.DATA;
          } else if (b >= Telnet.WILL && b <= Telnet.DONT) {
            verb = b;
            state = State.VERB;
          } else if (b == Telnet.SB) {
            state = State.SB_OPTION;
          } else {
            flush(data, out);
            out.add(new TelnetMessage.Command(b));
            state = State.DATA;
          }
        }
        case VERB -> {
          flush(data, out);
          out.add(new TelnetMessage.Negotiation(verb, b));
          state = State.DATA;
        }
        case SB_OPTION -> {
          sbOption = b;
          sb.reset();
          state = State.SB_DATA;
        }
        case SB_DATA -> {
          if (b == Telnet.IAC) {
            state = State.SB_IAC;
          } else {
            addSb(b);
          }
        }
        case SB_IAC -> {
          if (b == Telnet.IAC) {
            addSb(b);
            state = State.SB_DATA;
          } else {
            flush(data, out);
            out.add(new TelnetMessage.Subnegotiation(sbOption, sb.toByteArray()));
            sb.reset();
            if (b == Telnet.SE) {
              state = State.DATA;
            } else {
              // IAC x inside a subnegotiation: the SE went missing; x is read as after an IAC.
              state = State.IAC;
              in.readerIndex(in.readerIndex() - 1);
            }
          }
        }
      }
    }
    flush(data, out);
  }

  private void addSb(int b) {
    if (sb.size() < maxSubnegotiation) {
      sb.write(b);
    }
  }

  private static void flush(ByteArrayOutputStream data, List<Object> out) {
    if (data.size() > 0) {
      out.add(new TelnetMessage.Data(data.toByteArray()));
      data.reset();
    }
  }
}
