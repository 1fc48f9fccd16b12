package io.hilt.probe.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@code ser2net} (4.x) serving one device on 127.0.0.1, with its own YAML config in a test's
 * directory, run in the foreground ({@code -n -d}). {@link #stop()} and {@link #start()} restart it
 * on the same port; {@link #close()} ends it.
 */
public final class Ser2net implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(5);

  private final Path exe;
  private final Path dir;
  private final Path config;
  private final int port;
  private Optional<Process> process = Optional.empty();

  private Ser2net(Path exe, Path dir, Path config, int port) {
    this.exe = exe;
    this.dir = dir;
    this.config = config;
    this.port = port;
  }

  /**
   * Writes a config bridging {@code device} and starts ser2net (skips the test when it is missing).
   *
   * @param accepter {@code telnet(rfc2217)} for RFC 2217, {@code tcp} for a raw port
   */
  public static Ser2net start(Path dir, Path device, String accepter) {
    Path exe = Tools.require("ser2net", "ser2net");
    int port = SocatPty.freePort();
    Path config = dir.resolve("ser2net-" + port + ".yaml");
    String prefix = accepter.equals("tcp") ? "tcp" : accepter + ",tcp";
    String yaml =
        "%YAML 1.1\n"
            + "---\n"
            + "connection: &dut\n"
            + "  accepter: "
            + prefix
            + ",127.0.0.1,"
            + port
            + "\n"
            + "  connector: serialdev,"
            + device
            + ",115200n81,local\n"
            + "  options:\n"
            + "    kickolduser: true\n";
    try {
      Files.writeString(config, yaml);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + config, e);
    }
    Ser2net s = new Ser2net(exe, dir, config, port);
    try {
      s.start();
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  public int port() {
    return port;
  }

  /** Starts ser2net (again) and waits until it listens; a no-op while it runs. */
  public void start() {
    if (process.isPresent() && process.get().isAlive()) {
      return;
    }
    Path log = dir.resolve("ser2net-" + port + ".log");
    try {
      process =
          Optional.of(
              new ProcessBuilder(
                      exe.toString(),
                      "-c",
                      config.toString(),
                      "-n",
                      "-d",
                      "-P",
                      dir.resolve("ser2net-" + port + ".pid").toString())
                  .redirectErrorStream(true)
                  .redirectOutput(log.toFile())
                  .start());
    } catch (IOException e) {
      throw new IllegalStateException("cannot start ser2net: " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!listening()) {
      if (!process.get().isAlive() || System.nanoTime() > deadline) {
        String out;
        try {
          out = Files.readString(log);
        } catch (IOException e) {
          out = e.getMessage();
        }
        throw new IllegalStateException("ser2net did not listen on 127.0.0.1:" + port + ": " + out);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /** True when /proc/net/tcp shows a listener on 127.0.0.1:port (without connecting to it). */
  private boolean listening() {
    String local = String.format(Locale.ROOT, "0100007F:%04X", port);
    try {
      return Files.readAllLines(Path.of("/proc/net/tcp")).stream()
          .map(String::trim)
          .map(l -> l.split("\\s+"))
          .anyMatch(f -> f.length > 3 && f[1].equals(local) && f[3].equals("0A"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/net/tcp", e);
    }
  }

  /** Ends ser2net; its clients see their connection close. */
  public void stop() {
    process.ifPresent(SocatPty::destroyTree);
    process = Optional.empty();
  }

  @Override
  public void close() {
    stop();
  }
}
