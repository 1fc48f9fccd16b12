package io.hilt.probe.drivers.gdb;

import io.hilt.probe.target.TargetException;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client end of a GDB remote serial protocol link (all-stop mode): one request at a time, each
 * answered by one reply; {@code O} console output and, after a resume, the stop reply go to a
 * {@link Listener}. The pipeline is {@link RspFrameDecoder}, {@link RspFrameEncoder}, {@link
 * RspAckHandler}, {@link RspCodec}, then this client's handler.
 *
 * <p>A request that gets no reply in time leaves the link out of step (a late reply would answer
 * the next request), so after a timeout every further request fails until the client is closed.
 */
public final class GdbClient implements AutoCloseable {
  /** What arrives without being asked for. Called on the link's event loop thread. */
  public interface Listener {
    /** {@code O} packets: console output from the target or server. */
    void onOutput(byte[] data);

    /** The stop reply ending a resume ({@link #resume}). */
    void onStop(StopReply stop);

    /** The link failed or closed while no request was waiting; nothing more will arrive. */
    void onFailure(TargetException failure);
  }

  private final String peer;
  private final Channel channel;
  private final Optional<EventLoopGroup> group;
  private final Listener listener;
  private final Object lock = new Object();

  // Guarded by lock.
  private Optional<CompletableFuture<RspReply>> pending = Optional.empty();
  private Optional<String> pendingCommand = Optional.empty();
  private boolean running;
  private Optional<TargetException> broken = Optional.empty();

  private GdbClient(
      String peer, Channel channel, Optional<EventLoopGroup> group, Listener listener) {
    this.peer = peer;
    this.channel = channel;
    this.group = group;
    this.listener = listener;
  }

  /** Adds the protocol's handlers and this client's to {@code pipeline}. */
  private static void initPipeline(ChannelPipeline pipeline, int maxPayload, GdbClient client) {
    pipeline.addLast("framer", new RspFrameDecoder(maxPayload));
    pipeline.addLast("frame-encoder", new RspFrameEncoder());
    pipeline.addLast("ack", new RspAckHandler());
    pipeline.addLast("codec", new RspCodec());
    pipeline.addLast("client", client.new Handler());
  }

  /**
   * Connects to a GDB server over TCP.
   *
   * @param maxPayload the largest packet payload accepted from the server
   * @throws TargetException when the connection cannot be made in time
   */
  public static GdbClient connect(
      InetSocketAddress address, Duration timeout, int maxPayload, Listener listener) {
    String peer = address.getHostString() + ":" + address.getPort();
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("hilt-gdb-" + peer, true), NioIoHandler.newFactory());
    Channel channel = new NioSocketChannel();
    GdbClient client = new GdbClient(peer, channel, Optional.of(group), listener);
    try {
      Bootstrap bootstrap =
          new Bootstrap()
              .group(group)
              .channelFactory(() -> channel)
              .option(ChannelOption.TCP_NODELAY, true)
              .option(
                  ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 600_000))
              .handler(
                  new io.netty.channel.ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      initPipeline(ch.pipeline(), maxPayload, client);
                    }
                  });
      ChannelFuture connected = bootstrap.connect(address);
      if (!connected.awaitUninterruptibly(timeout.toMillis() + 1000)) {
        throw new TargetException(
            "cannot connect to the GDB server at " + peer + ": no answer within " + timeout);
      }
      if (!connected.isSuccess()) {
        throw new TargetException(
            "cannot connect to the GDB server at " + peer + ": " + connected.cause().getMessage(),
            connected.cause());
      }
      return client;
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2_000);
      throw e;
    }
  }

  /** A client on a channel someone else set up (tests use an {@code EmbeddedChannel}). */
  public static GdbClient on(Channel channel, String peer, int maxPayload, Listener listener) {
    GdbClient client = new GdbClient(peer, channel, Optional.empty(), listener);
    initPipeline(channel.pipeline(), maxPayload, client);
    return client;
  }

  /** host:port of the server, for messages. */
  public String peer() {
    return peer;
  }

  /** Sends a request; the future completes with its reply (console output is passed on). */
  public CompletableFuture<RspReply> requestAsync(RspCommand command) {
    CompletableFuture<RspReply> reply = new CompletableFuture<>();
    synchronized (lock) {
      if (broken.isPresent()) {
        reply.completeExceptionally(broken.get());
        return reply;
      }
      if (pending.isPresent()) {
        throw new IllegalStateException(
            "request '" + command.describe() + "' while '" + pendingCommand.orElse("") + "' waits");
      }
      if (running) {
        throw new IllegalStateException(
            "request '" + command.describe() + "' while the target runs; interrupt it first");
      }
      pending = Optional.of(reply);
      pendingCommand = Optional.of(command.describe());
    }
    channel
        .writeAndFlush(command)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                fail(
                    new TargetException(
                        "cannot send '"
                            + command.describe()
                            + "' to "
                            + peer
                            + ": "
                            + f.cause().getMessage(),
                        f.cause()));
              }
            });
    return reply;
  }

  /**
   * Sends a request and waits for its reply.
   *
   * @throws TargetException naming the packet and the peer on timeout or a broken link
   */
  public RspReply request(RspCommand command, Duration timeout) {
    CompletableFuture<RspReply> reply = requestAsync(command);
    try {
      return reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      TargetException out =
          new TargetException(
              "GDB server "
                  + peer
                  + " did not answer '"
                  + command.describe()
                  + "' within "
                  + timeout
                  + "; the link is out of step and must be reopened",
              e);
      synchronized (lock) {
        broken = Optional.of(out);
        pending = Optional.empty();
        pendingCommand = Optional.empty();
      }
      throw out;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TargetException t) {
        throw new TargetException(
            "'" + command.describe() + "' to GDB server " + peer + " failed: " + t.getMessage(), t);
      }
      throw new TargetException(
          "'" + command.describe() + "' to GDB server " + peer + " failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetException(
          "interrupted while waiting for GDB server " + peer + " to answer " + command.describe(),
          e);
    }
  }

  public RspReply request(String command, Duration timeout) {
    return request(RspCommand.of(command), timeout);
  }

  /**
   * Sends a command that lets the target run ({@code c}, {@code vCont;c}); its stop reply will go
   * to {@link Listener#onStop}.
   */
  public void resume(RspCommand command) {
    synchronized (lock) {
      if (broken.isPresent()) {
        throw new TargetException(broken.get().getMessage(), broken.get());
      }
      if (pending.isPresent()) {
        throw new IllegalStateException("resume while '" + pendingCommand.orElse("") + "' waits");
      }
      running = true;
    }
    channel.writeAndFlush(command);
  }

  /** Whether a resume is waiting for its stop reply. */
  public boolean running() {
    synchronized (lock) {
      return running;
    }
  }

  /** Sends the interrupt byte; a running target answers with a stop reply (to the listener). */
  public void interrupt() {
    channel.writeAndFlush(new RspFrame.Interrupt());
  }

  /** Stops acknowledging packets (after the server answered {@code QStartNoAckMode} with OK). */
  public void noAckMode() {
    if (channel.eventLoop().inEventLoop()) {
      channel.pipeline().fireUserEventTriggered(RspAckHandler.NO_ACK_MODE);
    } else {
      channel
          .eventLoop()
          .submit(() -> channel.pipeline().fireUserEventTriggered(RspAckHandler.NO_ACK_MODE))
          .awaitUninterruptibly(5_000);
    }
  }

  public boolean isOpen() {
    return channel.isActive();
  }

  /** Closes the link (and the event loop this client made); bounded waits, never throws. */
  @Override
  public void close() {
    channel.close().awaitUninterruptibly(2_000);
    group.ifPresent(g -> g.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3_000));
  }

  private void fail(TargetException failure) {
    Optional<CompletableFuture<RspReply>> waiting;
    synchronized (lock) {
      waiting = pending;
      pending = Optional.empty();
      pendingCommand = Optional.empty();
      running = false;
      if (broken.isEmpty()) {
        broken = Optional.of(failure);
      }
    }
    if (waiting.isPresent()) {
      waiting.get().completeExceptionally(failure);
    } else {
      listener.onFailure(failure);
    }
  }

  private final class Handler extends SimpleChannelInboundHandler<RspReply> {
    Handler() {
      super(RspReply.class);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RspReply reply) {
      if (reply instanceof RspReply.Output output) {
        listener.onOutput(output.data());
        return;
      }
      Optional<CompletableFuture<RspReply>> waiting;
      boolean stopOfRun = false;
      synchronized (lock) {
        waiting = pending;
        pending = Optional.empty();
        pendingCommand = Optional.empty();
        if (waiting.isEmpty() && running) {
          running = false;
          stopOfRun = true;
        }
      }
      if (waiting.isPresent()) {
        waiting.get().complete(reply);
      } else if (stopOfRun && reply instanceof RspReply.Stop stop) {
        listener.onStop(stop.reply());
      } else if (stopOfRun) {
        fail(
            new RspProtocolException(
                "GDB server " + peer + " answered a resume with " + reply.describe()));
      }
      // anything else is unsolicited (a second stop reply, noise after a timeout): dropped
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      TargetException failure =
          cause instanceof TargetException t
              ? t
              : new TargetException(
                  "link to GDB server " + peer + " failed: " + cause.getMessage(), cause);
      if (cause instanceof RspProtocolException) {
        // a malformed packet: whoever waits for a reply gets the error now instead of a timeout
        Optional<CompletableFuture<RspReply>> waiting;
        synchronized (lock) {
          waiting = pending;
          pending = Optional.empty();
          pendingCommand = Optional.empty();
        }
        waiting.ifPresent(w -> w.completeExceptionally(failure));
        if (waiting.isEmpty() && running()) {
          fail(failure);
        }
        return;
      }
      fail(failure);
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      fail(new TargetException("GDB server " + peer + " closed the connection"));
      ctx.fireChannelInactive();
    }
  }
}
