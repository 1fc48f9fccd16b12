package io.hilt.probe.drivers.qemu;

import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.OutputChunk;
import io.hilt.probe.target.TargetException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One running {@code qemu-system-arm}: the process, its stdout (the semihosting console), its
 * stderr (kept for error messages) and the UART0 socket it connects to. Closing kills it and
 * whatever it started.
 */
final class QemuProcess implements AutoCloseable {
  private static final int STDERR_KEPT = 8 * 1024;
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);

  private final String profile;
  private final Process process;
  private final ServerSocket uartServer;
  private final int gdbPort;
  private final List<String> command;
  private final byte[] stderrTail = new byte[STDERR_KEPT];
  private final OutputPump stdout;
  private final Thread stdoutPump;
  private final Thread stderrPump;
  private final Thread uartPump;
  private final Consumer<OutputChunk> output;
  private volatile Optional<OutputPump> uartOutput = Optional.empty();
  private final Object stderrLock = new Object();
  private int stderrLength;
  private volatile Optional<Socket> uart = Optional.empty();

  private QemuProcess(
      String profile,
      Process process,
      ServerSocket uartServer,
      int gdbPort,
      List<String> command,
      Consumer<OutputChunk> output) {
    this.profile = profile;
    this.process = process;
    this.uartServer = uartServer;
    this.gdbPort = gdbPort;
    this.command = List.copyOf(command);
    this.output = output;
    this.stdout =
        new OutputPump(
            process.getInputStream(),
            OutputChannel.SEMIHOSTING_STDOUT,
            output,
            () -> !process.isAlive());
    this.stdoutPump = pump("stdout", stdout);
    this.stderrPump = pump("stderr", () -> keepStderr(process.getErrorStream()));
    this.uartPump = pump("uart", this::serveUart);
  }

  /**
   * Starts QEMU.
   *
   * @throws TargetException when the program cannot be started (not installed, not executable)
   */
  static QemuProcess start(
      String profile,
      String executable,
      QemuOptions options,
      List<String> commandLine,
      Consumer<OutputChunk> output) {
    ServerSocket uartServer;
    try {
      uartServer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      uartServer.setSoTimeout((int) Math.min(options.startTimeout().toMillis(), 600_000));
    } catch (IOException e) {
      throw new TargetException(profile + ": cannot open a loopback socket for UART0: " + e, e);
    }
    int gdbPort = freePort(profile);
    List<String> command =
        QemuCommand.arguments(executable, options, gdbPort, uartServer.getLocalPort(), commandLine);
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      return new QemuProcess(profile, process, uartServer, gdbPort, command, output);
    } catch (IOException e) {
      closeQuietly(uartServer);
      throw new TargetException(
          profile
              + ": cannot start "
              + executable
              + " ("
              + e.getMessage()
              + "); install the Debian package qemu-system-arm or set driver-options"
              + " executable",
          e);
    }
  }

  /** A port that was free a moment ago (QEMU's -gdb tcp: must bind it itself). */
  private static int freePort(String profile) {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new TargetException(profile + ": cannot find a free loopback port: " + e, e);
    }
  }

  int gdbPort() {
    return gdbPort;
  }

  long pid() {
    return process.pid();
  }

  List<String> command() {
    return command;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** QEMU's exit status, once it ended. */
  Optional<Integer> exitStatus() {
    return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
  }

  /** The last bytes QEMU wrote to stderr, for messages. */
  String stderr() {
    synchronized (stderrLock) {
      return new String(stderrTail, 0, stderrLength, StandardCharsets.UTF_8).strip();
    }
  }

  /** Why QEMU is not usable, for a message: its status and what it said. */
  String describeDeath() {
    String said = stderr();
    return "QEMU (pid "
        + pid()
        + ") "
        + exitStatus().map(s -> "exited with status " + s).orElse("is running")
        + (said.isEmpty() ? "" : ": " + said.replace('\n', ' '));
  }

  private Thread pump(String what, Runnable body) {
    Thread t = new Thread(body, "hilt-qemu-" + what + "-" + profile);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * Delivers all output QEMU has written so far (semihosting console and UART0); called when the
   * core stopped, so that the output before the stop is complete.
   */
  void drain() {
    stdout.drain();
    uartOutput.ifPresent(OutputPump::drain);
  }

  private void keepStderr(InputStream in) {
    byte[] buffer = new byte[1024];
    try (in) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        synchronized (stderrLock) {
          if (stderrLength + n > STDERR_KEPT) {
            int drop = Math.min(stderrLength, stderrLength + n - STDERR_KEPT);
            System.arraycopy(stderrTail, drop, stderrTail, 0, stderrLength - drop);
            stderrLength -= drop;
          }
          int keep = Math.min(n, STDERR_KEPT - stderrLength);
          System.arraycopy(buffer, n - keep, stderrTail, stderrLength, keep);
          stderrLength += keep;
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  private void serveUart() {
    try (Socket socket = uartServer.accept()) {
      uart = Optional.of(socket);
      OutputPump pump =
          new OutputPump(
              socket.getInputStream(), OutputChannel.UART0, output, () -> !process.isAlive());
      uartOutput = Optional.of(pump);
      pump.run();
    } catch (SocketTimeoutException e) {
      // QEMU never connected (it failed to start); the GDB connection reports that
    } catch (IOException e) {
      // closed while waiting or reading
    }
  }

  /** Kills QEMU and everything it started, and waits for it to be gone. */
  @Override
  public void close() {
    stdout.stop();
    uartOutput.ifPresent(OutputPump::stop);
    process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      if (!process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TargetException(
            profile
                + ": QEMU (pid "
                + process.pid()
                + ") did not end within "
                + KILL_WAIT
                + " of SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(uartServer);
      uart.ifPresent(QemuProcess::closeQuietly);
      for (Thread t : new Thread[] {stdoutPump, stderrPump, uartPump}) {
        try {
          t.join(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing on the way out; nothing to do about it
    }
  }
}
