package io.hilt.probe.serial;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client side of Telnet negotiation and RFC 2217 COM-PORT-OPTION, after the {@link
 * TelnetDecoder}: it asks for BINARY and SUPPRESS-GO-AHEAD both ways and offers COM-PORT-OPTION,
 * refuses every other option (answering only requests that would change a state, as RFC 854
 * requires, so negotiation cannot loop), matches the server's replies (codes 100 and up) to pending
 * requests, keeps the last NOTIFY-LINESTATE/MODEMSTATE, and passes data on.
 */
final class Rfc2217Handler extends SimpleChannelInboundHandler<TelnetMessage> {
  private final String peer;
  private final NetworkConnector.Sink sink;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final Map<Integer, ConcurrentLinkedDeque<CompletableFuture<byte[]>>> pending =
      new ConcurrentHashMap<>();
  private volatile ChannelHandlerContext context;

  // Event loop only.
  private final boolean[] local = new boolean[256];
  private final boolean[] localAsked = new boolean[256];
  private final boolean[] remote = new boolean[256];
  private final boolean[] remoteAsked = new boolean[256];

  private volatile int lineState = -1;
  private volatile int modemState = -1;

  Rfc2217Handler(String peer, NetworkConnector.Sink sink) {
    this.peer = peer;
    this.sink = sink;
  }

  /** Completes when the server has agreed to COM-PORT-OPTION. */
  CompletableFuture<Void> ready() {
    return ready;
  }

  /** The last NOTIFY-LINESTATE value, if the server sent one. */
  Optional<Integer> lineState() {
    return lineState < 0 ? Optional.empty() : Optional.of(lineState);
  }

  /** The last NOTIFY-MODEMSTATE value, if the server sent one. */
  Optional<Integer> modemState() {
    return modemState < 0 ? Optional.empty() : Optional.of(modemState);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    context = ctx;
    ask(ctx, Telnet.WILL, Telnet.OPT_BINARY);
    ask(ctx, Telnet.DO, Telnet.OPT_BINARY);
    ask(ctx, Telnet.WILL, Telnet.OPT_SGA);
    ask(ctx, Telnet.DO, Telnet.OPT_SGA);
    ask(ctx, Telnet.WILL, Telnet.OPT_COM_PORT);
    ctx.flush();
    super.channelActive(ctx);
  }

  private void ask(ChannelHandlerContext ctx, int verb, int option) {
    if (verb == Telnet.WILL) {
      localAsked[option] = true;
    } else {
      remoteAsked[option] = true;
    }
    ctx.write(new TelnetMessage.Negotiation(verb, option));
  }

  private static boolean wantLocal(int option) {
    return option == Telnet.OPT_BINARY || option == Telnet.OPT_SGA || option == Telnet.OPT_COM_PORT;
  }

  private static boolean wantRemote(int option) {
    return option == Telnet.OPT_BINARY || option == Telnet.OPT_SGA;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, TelnetMessage msg) {
    if (msg instanceof TelnetMessage.Data d) {
      sink.received(d.bytes());
    } else if (msg instanceof TelnetMessage.Negotiation n) {
      negotiate(ctx, n.verb(), n.option());
    } else if (msg instanceof TelnetMessage.Subnegotiation s) {
      if (s.option() == Telnet.OPT_COM_PORT) {
        comPort(s.payload());
      }
    } else if (msg instanceof TelnetMessage.Command) {
      // NOP, GA, AYT and the like carry nothing for a serial stream.
      return;
    }
  }

  private void negotiate(ChannelHandlerContext ctx, int verb, int option) {
    switch (verb) {
      case Telnet.DO -> {
        if (wantLocal(option)) {
          if (!local[option]) {
            local[option] = true;
            if (!localAsked[option]) {
              ctx.writeAndFlush(new TelnetMessage.Negotiation(Telnet.WILL, option));
            }
            localAsked[option] = false;
          }
          if (option == Telnet.OPT_COM_PORT) {
            ready.complete(null);
          }
        } else {
          ctx.writeAndFlush(new TelnetMessage.Negotiation(Telnet.WONT, option));
        }
      }
      case Telnet.DONT -> {
        boolean was = local[option];
        local[option] = false;
        localAsked[option] = false;
        if (was) {
          ctx.writeAndFlush(new TelnetMessage.Negotiation(Telnet.WONT, option));
        }
        if (option == Telnet.OPT_COM_PORT) {
          ready.completeExceptionally(
              new SerialException(
                  peer
                      + " refused COM-PORT-OPTION (IAC DONT 44): not an RFC 2217 port"
                      + " (for a plain TCP port use tcp://)"));
        }
      }
      case Telnet.WILL -> {
        if (wantRemote(option)) {
          if (!remote[option]) {
            remote[option] = true;
            if (!remoteAsked[option]) {
              ctx.writeAndFlush(new TelnetMessage.Negotiation(Telnet.DO, option));
            }
            remoteAsked[option] = false;
          }
        } else {
          ctx.writeAndFlush(new TelnetMessage.Negotiation(Telnet.DONT, option));
        }
      }
      case Telnet.WONT -> {
        boolean was = remote[option];
        remote[option] = false;
        remoteAsked[option] = false;
        if (was) {
          ctx.writeAndFlush(new TelnetMessage.Negotiation(Telnet.DONT, option));
        }
      }
      default -> throw new IllegalStateException("not a negotiation verb: " + verb);
    }
  }

  private void comPort(byte[] payload) {
    if (payload.length == 0) {
      return;
    }
    int code = payload[0] & 0xFF;
    byte[] value = Arrays.copyOfRange(payload, 1, payload.length);
    if (code == Telnet.SERVER_OFFSET + Telnet.NOTIFY_LINESTATE && value.length > 0) {
      lineState = value[0] & 0xFF;
    } else if (code == Telnet.SERVER_OFFSET + Telnet.NOTIFY_MODEMSTATE && value.length > 0) {
      modemState = value[0] & 0xFF;
    }
    if (code < Telnet.SERVER_OFFSET) {
      return;
    }
    int request = code - Telnet.SERVER_OFFSET;
    if (request == Telnet.SET_CONTROL && value.length == 0) {
      return;
    }
    ConcurrentLinkedDeque<CompletableFuture<byte[]>> waiting = pending.get(key(request, value));
    if (waiting != null) {
      CompletableFuture<byte[]> first = waiting.pollFirst();
      if (first != null) {
        first.complete(value);
      }
    }
  }

  private static int key(int request, byte[] value) {
    int group = request == Telnet.SET_CONTROL ? Telnet.controlGroup(value[0] & 0xFF) : 0;
    return request * 16 + group;
  }

  /**
   * Sends one COM-PORT-OPTION command and waits for the server's reply to it.
   *
   * @return the reply's value bytes
   * @throws SerialException naming the command and the server on timeout or a closed connection
   */
  byte[] request(int command, byte[] value, String what, Duration timeout) {
    ChannelHandlerContext ctx = context;
    if (ctx == null) {
      throw new SerialException("cannot " + what + " on " + peer + ": not connected");
    }
    CompletableFuture<byte[]> reply = new CompletableFuture<>();
    ConcurrentLinkedDeque<CompletableFuture<byte[]>> queue =
        pending.computeIfAbsent(key(command, value), k -> new ConcurrentLinkedDeque<>());
    queue.addLast(reply);
    byte[] payload = new byte[value.length + 1];
    payload[0] = (byte) command;
    System.arraycopy(value, 0, payload, 1, value.length);
    ctx.writeAndFlush(new TelnetMessage.Subnegotiation(Telnet.OPT_COM_PORT, payload));
    try {
      return reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      queue.remove(reply);
      throw new SerialException(
          peer
              + " did not acknowledge "
              + what
              + " within "
              + timeout
              + " (ser2net sends no reply when the port cannot do it, for example DTR/RTS on a"
              + " pseudo-terminal)",
          e);
    } catch (ExecutionException e) {
      throw new SerialException(
          "cannot " + what + " on " + peer + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      queue.remove(reply);
      Thread.currentThread().interrupt();
      throw new SerialException(what + " on " + peer + " interrupted", e);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    SerialException closed = new SerialException("connection to " + peer + " closed");
    ready.completeExceptionally(closed);
    pending.values().forEach(q -> q.forEach(f -> f.completeExceptionally(closed)));
    super.channelInactive(ctx);
  }
}
