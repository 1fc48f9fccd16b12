package io.hilt.probe.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A pseudo-terminal made by {@code socat}, for serial tests: the device side is a symlink ({@link
 * #link()}) to the pty slave that the code under test opens; the other side is a loopback TCP
 * socket this object holds, so a test sends bytes into the pty and reads what was written to it.
 * {@link #unplug()} ends socat (the pty and its symlink go away, as a USB device's node does) and
 * {@link #replug()} makes a new pty under the same symlink. {@link #close()} ends socat.
 */
public final class SocatPty implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(5);

  private final Path socat;
  private final Path link;
  private final Object lock = new Object();
  private Optional<Process> process = Optional.empty();
  private Optional<Socket> peer = Optional.empty();
  // Guarded by lock: what the code under test wrote into the pty, since the last replug.
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();

  private SocatPty(Path socat, Path link) {
    this.socat = socat;
    this.link = link;
  }

  /** Starts socat with a pty linked at {@code link} (skips the test when socat is missing). */
  public static SocatPty start(Path link) {
    SocatPty pty = new SocatPty(Tools.require("socat", "socat"), link);
    try {
      pty.replug();
    } catch (RuntimeException e) {
      pty.close();
      throw e;
    }
    return pty;
  }

  public Path link() {
    return link;
  }

  /** The pty slave the link points to now. */
  public Path device() {
    try {
      return link.toRealPath();
    } catch (IOException e) {
      throw new IllegalStateException("no pty at " + link, e);
    }
  }

  /** Starts socat again under the same link; a no-op while it runs. */
  public void replug() {
    if (process.isPresent() && process.get().isAlive()) {
      return;
    }
    int port = freePort();
    Path log = link.resolveSibling(link.getFileName() + ".socat.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                socat.toString(),
                "-d",
                "-d",
                "pty,link=" + link + ",rawer,echo=0",
                "tcp-listen:" + port + ",bind=127.0.0.1,reuseaddr")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start socat: " + e.getMessage(), e);
    }
    process = Optional.of(p);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    Socket s = null;
    while (s == null) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "socat did not come up (pty " + link + ", tcp " + port + "): " + read(log));
      }
      if (Files.exists(link)) {
        try {
          Socket candidate = new Socket();
          candidate.connect(new InetSocketAddress("127.0.0.1", port), 1000);
          s = candidate;
        } catch (IOException e) {
          sleep(10);
        }
      } else {
        sleep(10);
      }
    }
    synchronized (lock) {
      received.reset();
    }
    peer = Optional.of(s);
    Socket reading = s;
    Thread reader = new Thread(() -> readPeer(reading), "socat-peer " + link.getFileName());
    reader.setDaemon(true);
    reader.start();
  }

  private void readPeer(Socket s) {
    byte[] buf = new byte[4096];
    try (InputStream in = s.getInputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        synchronized (lock) {
          received.write(buf, 0, n);
          lock.notifyAll();
        }
      }
    } catch (IOException e) {
      // The socket closes when socat ends: that is how a test unplugs the pty.
    }
  }

  /** Sends bytes into the pty, as a board would. */
  public void send(byte[] data) {
    try {
      peer.orElseThrow(() -> new IllegalStateException("pty unplugged"))
          .getOutputStream()
          .write(data);
    } catch (IOException e) {
      throw new IllegalStateException("cannot send into pty " + link + ": " + e.getMessage(), e);
    }
  }

  /** Waits until at least {@code count} bytes were written into the pty; returns all so far. */
  public byte[] awaitReceived(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (received.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "pty " + link + " got " + received.size() + " of " + count + " bytes in " + timeout);
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
      return received.toByteArray();
    }
  }

  /** Waits until what was written into the pty ends with {@code suffix}; returns all so far. */
  public byte[] awaitReceivedEndingWith(byte[] suffix, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        byte[] all = received.toByteArray();
        if (all.length >= suffix.length
            && java.util.Arrays.equals(
                all, all.length - suffix.length, all.length, suffix, 0, suffix.length)) {
          return all;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "pty "
                  + link
                  + " got "
                  + all.length
                  + " bytes, not ending as expected, in "
                  + timeout);
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
    }
  }

  /** {@code stty -a -F link}: the pty's termios as the kernel holds it. */
  public String stty() {
    Path stty = Tools.require("stty", "coreutils");
    try {
      Process p =
          new ProcessBuilder(stty.toString(), "-a", "-F", link.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("stty -F " + link + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run stty: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Stops socat ({@code SIGSTOP}) so nothing drains the pty: writes into it fill its buffer and
   * then block, as a device that stopped reading would.
   */
  public void pause() {
    signal("-STOP");
  }

  /** Lets a paused socat go on ({@code SIGCONT}). */
  public void resume() {
    signal("-CONT");
  }

  private void signal(String which) {
    Path kill = Tools.require("kill", "procps");
    long pid = process.orElseThrow(() -> new IllegalStateException("socat not running")).pid();
    try {
      Process p = new ProcessBuilder(kill.toString(), which, Long.toString(pid)).start();
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("kill " + which + " " + pid + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run kill: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Ends socat: the pty and the symlink go away. */
  public void unplug() {
    peer.ifPresent(
        s -> {
          try {
            s.close();
          } catch (IOException e) {
            // closing a socket to a process that is ending anyway
          }
        });
    peer = Optional.empty();
    process.ifPresent(
        p -> {
          resume();
          destroyTree(p);
        });
    process = Optional.empty();
    try {
      // socat removes its link on a clean exit; make sure, as a removed USB device would.
      Files.deleteIfExists(link);
    } catch (IOException e) {
      throw new IllegalStateException("cannot remove " + link, e);
    }
  }

  @Override
  public void close() {
    unplug();
  }

  /** Ends a process and its descendants, waiting for them. */
  public static void destroyTree(Process p) {
    List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
    all.add(p.toHandle());
    all.forEach(ProcessHandle::destroy);
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(3, TimeUnit.SECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
    try {
      p.waitFor(3, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A loopback TCP port free right now. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port", e);
    }
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "(no log)";
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
