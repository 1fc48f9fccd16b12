package io.hilt.probe.serial;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A loopback TCP server for the network driver's tests, written without hilt's Telnet code: in RFC
 * 2217 mode it can agree to COM-PORT-OPTION and answer each COM-PORT subnegotiation through a
 * script; it records what the client sent and can send anything, drop the client, or stay silent.
 */
final class ScriptedServer implements AutoCloseable {
  static final int IAC = 255;
  static final int SB = 250;
  static final int SE = 240;

  private final ServerSocket server;
  private final boolean agree;
  private final Function<byte[], Optional<byte[]>> script;
  private final Object lock = new Object();
  // Guarded by lock.
  private final ByteArrayOutputStream data = new ByteArrayOutputStream();
  private final List<byte[]> commands = new ArrayList<>();
  private Optional<Socket> client = Optional.empty();
  private int accepted;
  private final Thread acceptor;

  /**
   * @param agree send IAC DO COM-PORT-OPTION on accept (false: a silent or raw server)
   * @param script the reply to a COM-PORT command (code and value), or none
   */
  ScriptedServer(boolean agree, Function<byte[], Optional<byte[]>> script) throws IOException {
    this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    this.agree = agree;
    this.script = script;
    this.acceptor = new Thread(this::acceptLoop, "scripted-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Answers every command with its own value, as a port that can do everything. */
  static Function<byte[], Optional<byte[]>> echoing() {
    return command -> {
      byte[] reply = command.clone();
      reply[0] = (byte) ((command[0] & 0xFF) + 100);
      return Optional.of(reply);
    };
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        synchronized (lock) {
          client = Optional.of(s);
          accepted++;
          lock.notifyAll();
        }
        if (agree) {
          s.getOutputStream().write(new byte[] {(byte) IAC, (byte) 253, 44});
        }
        Thread reader = new Thread(() -> readLoop(s), "scripted-server-read");
        reader.setDaemon(true);
        reader.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void readLoop(Socket s) {
    try (InputStream in = s.getInputStream()) {
      OutputStream out = s.getOutputStream();
      ByteArrayOutputStream sb = new ByteArrayOutputStream();
      int state = 0; // 0 data, 1 after IAC, 2 verb, 3 in SB, 4 IAC in SB
      int b;
      while ((b = in.read()) >= 0) {
        switch (state) {
          case 0 -> {
            if (agree && b == IAC) {
              state = 1;
            } else {
              record(b);
            }
          }
          case 1 -> {
            if (b == IAC) {
              record(b);
              state = 0;
            } else if (b == SB) {
              sb.reset();
              state = 3;
            } else {
              state = b >= 251 ? 2 : 0;
            }
          }
          case 2 -> state = 0;
          case 3 -> {
            if (b == IAC) {
              state = 4;
            } else {
              sb.write(b);
            }
          }
          default -> {
            if (b == IAC) {
              sb.write(b);
              state = 3;
            } else {
              state = 0;
              byte[] all = sb.toByteArray();
              if (all.length > 1 && (all[0] & 0xFF) == 44) {
                byte[] command = Arrays.copyOfRange(all, 1, all.length);
                synchronized (lock) {
                  commands.add(command);
                  lock.notifyAll();
                }
                Optional<byte[]> reply = script.apply(command);
                if (reply.isPresent()) {
                  ByteArrayOutputStream r = new ByteArrayOutputStream();
                  r.writeBytes(new byte[] {(byte) IAC, (byte) SB, 44});
                  for (byte x : reply.get()) {
                    r.write(x);
                    if (x == (byte) IAC) {
                      r.write(x);
                    }
                  }
                  r.writeBytes(new byte[] {(byte) IAC, (byte) SE});
                  out.write(r.toByteArray());
                }
              }
            }
          }
        }
      }
    } catch (IOException e) {
      // the client went away or the test dropped it
    }
  }

  private void record(int b) {
    synchronized (lock) {
      data.write(b);
      lock.notifyAll();
    }
  }

  /** Sends raw bytes to the current client, exactly as given. */
  void send(byte[] bytes) throws IOException {
    awaitClient(1, Duration.ofSeconds(5)).getOutputStream().write(bytes);
  }

  Socket awaitClient(int nth, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (accepted < nth) {
        waitUntil(deadline, "client #" + nth + " never connected");
      }
      return client.orElseThrow();
    }
  }

  /** Closes the current client's connection. */
  void drop() throws IOException {
    synchronized (lock) {
      if (client.isPresent()) {
        client.get().close();
      }
    }
  }

  byte[] awaitData(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (data.size() < count) {
        waitUntil(deadline, "server got " + data.size() + " of " + count + " data bytes");
      }
      return data.toByteArray();
    }
  }

  /** Waits until the client has sent {@code count} COM-PORT commands; returns them. */
  List<byte[]> awaitCommands(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (commands.size() < count) {
        waitUntil(deadline, "server got " + commands.size() + " of " + count + " commands");
      }
      return List.copyOf(commands);
    }
  }

  private void waitUntil(long deadline, String what) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new AssertionError("timed out: " + what);
    }
    try {
      TimeUnit.NANOSECONDS.timedWait(lock, left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    drop();
  }
}
