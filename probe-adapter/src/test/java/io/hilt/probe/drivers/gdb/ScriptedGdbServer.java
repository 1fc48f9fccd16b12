package io.hilt.probe.drivers.gdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A GDB server on a loopback port whose answers a test scripts: each packet the client sends is
 * given to {@code script}, whose replies are sent back as packets (a reply starting with {@code
 * RAW:} is sent as the bytes after it, unframed). Acknowledges packets until the client's {@code
 * QStartNoAckMode} is answered with OK. Records what it received, acknowledgements included.
 */
final class ScriptedGdbServer implements AutoCloseable {
  static final String INTERRUPT = "\u0003";

  final List<String> received = new CopyOnWriteArrayList<>();
  private final ServerSocket server;
  private final Thread thread;
  private final Function<String, List<String>> script;
  private volatile boolean ackMode = true;
  private volatile Socket socket;

  ScriptedGdbServer(Function<String, List<String>> script) throws IOException {
    this.script = script;
    this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    this.thread = new Thread(this::serve, "scripted-gdb-server");
    thread.setDaemon(true);
    thread.start();
  }

  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  private void serve() {
    try (Socket s = server.accept()) {
      socket = s;
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        if (b == '+' || b == '-') {
          received.add(String.valueOf((char) b));
        } else if (b == 0x03) {
          received.add(INTERRUPT);
          reply(out, script.apply(INTERRUPT));
        } else if (b == '$') {
          ByteArrayOutputStream payload = new ByteArrayOutputStream();
          while ((b = in.read()) >= 0 && b != '#') {
            if (b == '}') {
              payload.write(in.read() ^ 0x20);
            } else {
              payload.write(b);
            }
          }
          in.read();
          in.read();
          String packet = payload.toString(StandardCharsets.ISO_8859_1);
          received.add(packet);
          if (ackMode) {
            out.write('+');
          }
          List<String> replies = script.apply(packet);
          reply(out, replies);
          if (packet.equals("QStartNoAckMode") && replies.equals(List.of("OK"))) {
            ackMode = false;
          }
        }
      }
    } catch (IOException e) {
      // closed by the test
    }
  }

  private static void reply(OutputStream out, List<String> replies) throws IOException {
    for (String r : replies) {
      if (r.startsWith("RAW:")) {
        out.write(r.substring(4).getBytes(StandardCharsets.ISO_8859_1));
      } else {
        out.write(
            ("$" + r + "#" + RspFrameDecoderTest.checksum(r))
                .getBytes(StandardCharsets.ISO_8859_1));
      }
    }
    out.flush();
  }

  /** Sends a packet on its own (a stop reply after a continue). */
  void send(String payload) throws IOException {
    reply(socket.getOutputStream(), List.of(payload));
  }

  @Override
  public void close() {
    try {
      server.close();
      if (socket != null) {
        socket.close();
      }
      thread.join(5000);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while stopping the scripted server", e);
    }
  }
}
