package io.hilt.probe.serial;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ports on the network, over Netty: {@code rfc2217://} (Telnet with COM-PORT-OPTION: line settings
 * and DTR/RTS go to the server, which acknowledges each) or {@code tcp://} (raw bytes; no line
 * settings, no modem lines). One event loop thread per link, shared by its reconnections.
 */
final class NetworkConnector implements Connector {
  /** Longest COM-PORT-OPTION subnegotiation kept; RFC 2217 ones are a few bytes. */
  private static final int MAX_SUBNEGOTIATION = 512;

  /** Where a connection's pipeline delivers data bytes. */
  interface Sink {
    void received(byte[] data);
  }

  private final SerialSpec spec;
  private final String host;
  private final int port;
  private final boolean rfc2217;
  private final Duration connectTimeout;
  private final Duration replyTimeout;
  private final Object lock = new Object();
  private Optional<EventLoopGroup> group = Optional.empty();
  private boolean closed;

  NetworkConnector(SerialSpec spec, Duration connectTimeout, Duration replyTimeout) {
    if (spec instanceof SerialSpec.Rfc2217 r) {
      this.host = r.host();
      this.port = r.port();
      this.rfc2217 = true;
    } else if (spec instanceof SerialSpec.Tcp t) {
      this.host = t.host();
      this.port = t.port();
      this.rfc2217 = false;
    } else {
      throw new IllegalArgumentException("not a network port: " + spec.text());
    }
    this.spec = spec;
    this.connectTimeout = connectTimeout;
    this.replyTimeout = replyTimeout;
  }

  @Override
  public String describe() {
    return spec.text();
  }

  @Override
  public boolean supportsLineSettings() {
    return rfc2217;
  }

  private EventLoopGroup group() {
    synchronized (lock) {
      if (closed) {
        throw new SerialException(spec.text() + " is closed");
      }
      if (group.isEmpty()) {
        group =
            Optional.of(
                new MultiThreadIoEventLoopGroup(
                    1,
                    new DefaultThreadFactory("hilt-serial-net-" + host + "-" + port, true),
                    NioIoHandler.newFactory()));
      }
      return group.get();
    }
  }

  @Override
  public Connection connect(Inbound inbound) {
    NetworkConnection connection = new NetworkConnection(inbound);
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group())
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.max(1, Math.min(connectTimeout.toMillis(), 600_000)))
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (rfc2217) {
                      ch.pipeline()
                          .addLast("telnet-decoder", new TelnetDecoder(MAX_SUBNEGOTIATION));
                      ch.pipeline().addLast("telnet-encoder", new TelnetEncoder());
                      ch.pipeline()
                          .addLast(
                              "rfc2217", new Rfc2217Handler(spec.text(), connection::received));
                    } else {
                      ch.pipeline().addLast("raw", new RawHandler(connection::received));
                    }
                    ch.pipeline().addLast("watch", connection.new Watcher());
                  }
                });
    ChannelFuture connected;
    try {
      connected = bootstrap.connect(new InetSocketAddress(host, port));
    } catch (RuntimeException e) {
      throw new SerialException("cannot connect to " + spec.text() + ": " + e.getMessage(), e);
    }
    if (!connected.awaitUninterruptibly(connectTimeout.toMillis() + 500)) {
      connected.channel().close();
      throw new SerialException(
          "cannot connect to " + spec.text() + ": no answer within " + connectTimeout);
    }
    if (!connected.isSuccess()) {
      Throwable cause = connected.cause();
      throw new SerialException(
          "cannot connect to " + spec.text() + ": " + cause.getMessage(), cause);
    }
    Channel channel = connected.channel();
    connection.channel = channel;
    if (rfc2217) {
      Rfc2217Handler handler = channel.pipeline().get(Rfc2217Handler.class);
      try {
        handler.ready().get(replyTimeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        connection.close();
        throw new SerialException(
            spec.text()
                + " did not negotiate COM-PORT-OPTION within "
                + replyTimeout
                + ": no IAC DO 44 from the server (is it an RFC 2217 port? ser2net needs the"
                + " telnet(rfc2217) accepter; a raw TCP port is tcp://)",
            e);
      } catch (ExecutionException e) {
        connection.close();
        throw new SerialException(e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        connection.close();
        Thread.currentThread().interrupt();
        throw new SerialException("connecting to " + spec.text() + " interrupted", e);
      }
      connection.handler = Optional.of(handler);
    }
    return connection;
  }

  @Override
  public void close() {
    Optional<EventLoopGroup> g;
    synchronized (lock) {
      closed = true;
      g = group;
      group = Optional.empty();
    }
    g.ifPresent(e -> e.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3_000));
  }

  /** Raw TCP: every byte is data. */
  private static final class RawHandler extends ChannelInboundHandlerAdapter {
    private final Sink sink;

    RawHandler(Sink sink) {
      this.sink = sink;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      try {
        sink.received(ByteBufUtil.getBytes(buf));
      } finally {
        buf.release();
      }
    }
  }

  private final class NetworkConnection implements Connection {
    private final Inbound inbound;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private volatile Channel channel;
    private volatile Optional<Rfc2217Handler> handler = Optional.empty();

    NetworkConnection(Inbound inbound) {
      this.inbound = inbound;
    }

    void received(byte[] data) {
      inbound.received(data, data.length);
      Channel ch = channel;
      if (ch != null && inbound.full() && ch.config().isAutoRead()) {
        ch.config().setAutoRead(false);
        inbound.whenRoom(() -> ch.config().setAutoRead(true));
      }
    }

    @Override
    public String describe() {
      return spec.text();
    }

    @Override
    public void write(byte[] data, Duration timeout) {
      Channel ch = channel;
      if (!open.get() || ch == null || !ch.isActive()) {
        throw new SerialException("cannot write to " + spec.text() + ": not connected");
      }
      Object msg =
          rfc2217 ? new TelnetMessage.Data(data) : Unpooled.wrappedBuffer(ByteBuffer.wrap(data));
      ChannelFuture sent = ch.writeAndFlush(msg);
      if (!sent.awaitUninterruptibly(Math.max(1, timeout.toMillis()))) {
        throw new SerialException(
            "write of "
                + data.length
                + " bytes to "
                + spec.text()
                + " not sent within "
                + timeout
                + " (the server is not reading)");
      }
      if (!sent.isSuccess()) {
        throw new SerialException(
            "write to " + spec.text() + " failed: " + sent.cause().getMessage(), sent.cause());
      }
    }

    private Rfc2217Handler comPort(String what) {
      return handler.orElseThrow(
          () ->
              new SerialException(
                  "cannot "
                      + what
                      + " on "
                      + spec.text()
                      + ": raw TCP has no line settings or modem lines (use rfc2217://)"));
    }

    @Override
    public void configure(LineSettings s) {
      if (!rfc2217) {
        return;
      }
      Rfc2217Handler h = comPort("configure");
      byte[] baud = ByteBuffer.allocate(4).putInt(s.baud()).array();
      expect(h, Telnet.SET_BAUDRATE, baud, "SET-BAUDRATE " + s.baud());
      expect(
          h, Telnet.SET_DATASIZE, new byte[] {(byte) s.dataBits()}, "SET-DATASIZE " + s.dataBits());
      int parity =
          switch (s.parity()) {
            case NONE -> Telnet.PARITY_NONE;
            case ODD -> Telnet.PARITY_ODD;
            case EVEN -> Telnet.PARITY_EVEN;
            case MARK -> Telnet.PARITY_MARK;
            case SPACE -> Telnet.PARITY_SPACE;
          };
      expect(h, Telnet.SET_PARITY, new byte[] {(byte) parity}, "SET-PARITY " + s.parity());
      int stop =
          switch (s.stopBits()) {
            case ONE -> Telnet.STOP_ONE;
            case TWO -> Telnet.STOP_TWO;
            case ONE_POINT_FIVE -> Telnet.STOP_ONE_POINT_FIVE;
          };
      expect(h, Telnet.SET_STOPSIZE, new byte[] {(byte) stop}, "SET-STOPSIZE " + s.stopBits());
      int flow =
          switch (s.flowControl()) {
            case NONE -> Telnet.CONTROL_FLOW_NONE;
            case XON_XOFF -> Telnet.CONTROL_FLOW_XON_XOFF;
            case RTS_CTS -> Telnet.CONTROL_FLOW_HARDWARE;
          };
      expect(
          h, Telnet.SET_CONTROL, new byte[] {(byte) flow}, "SET-CONTROL flow " + s.flowControl());
    }

    /** Sends a request and checks that the server now uses what was asked for. */
    private void expect(Rfc2217Handler h, int command, byte[] value, String what) {
      byte[] reply = h.request(command, value, what, replyTimeout);
      if (!java.util.Arrays.equals(reply, value)) {
        throw new SerialException(
            spec.text()
                + " answered "
                + what
                + " with "
                + ByteBufUtil.hexDump(reply)
                + " instead of "
                + ByteBufUtil.hexDump(value)
                + ": the server's port cannot do it");
      }
    }

    @Override
    public void setDtr(boolean asserted) {
      Rfc2217Handler h = comPort("set DTR");
      int value = asserted ? Telnet.CONTROL_DTR_ON : Telnet.CONTROL_DTR_OFF;
      expect(
          h, Telnet.SET_CONTROL, new byte[] {(byte) value}, "SET-CONTROL DTR " + onOff(asserted));
    }

    @Override
    public void setRts(boolean asserted) {
      Rfc2217Handler h = comPort("set RTS");
      int value = asserted ? Telnet.CONTROL_RTS_ON : Telnet.CONTROL_RTS_OFF;
      expect(
          h, Telnet.SET_CONTROL, new byte[] {(byte) value}, "SET-CONTROL RTS " + onOff(asserted));
    }

    private static String onOff(boolean on) {
      return on ? "ON" : "OFF";
    }

    @Override
    public void close() {
      if (!open.compareAndSet(true, false)) {
        return;
      }
      Channel ch = channel;
      if (ch != null) {
        ChannelFuture closed = ch.close();
        // On the event loop (a loss reported by the pipeline) the close runs there; never block it.
        if (!ch.eventLoop().inEventLoop()) {
          closed.awaitUninterruptibly(1_000);
        }
      }
    }

    /** Last in the pipeline: reports a connection that ends without being closed by hilt. */
    final class Watcher extends ChannelInboundHandlerAdapter {
      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        if (open.get()) {
          inbound.lost("connection to " + spec.text() + " closed by the server", Optional.empty());
        }
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (open.get()) {
          inbound.lost("connection to " + spec.text() + " failed", Optional.of(cause));
        }
        ctx.close();
      }
    }
  }
}
