package io.hilt.fakeprobers;

import io.hilt.probe.testsupport.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Two pseudo-terminals joined by {@code socat}: what one side's writer sends, the other side's
 * reader gets, as a board's UART pins and the USB-serial adapter on the bench. The board side goes
 * to the stand-in probe-rs ({@code FAKE_PROBE_RS_UART}), the host side into the profile's {@code
 * serial:} section.
 */
final class PtyPair implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(5);

  private final Process socat;
  private final Path board;
  private final Path host;

  private PtyPair(Process socat, Path board, Path host) {
    this.socat = socat;
    this.board = board;
    this.host = host;
  }

  static PtyPair start(Path dir) throws IOException, InterruptedException {
    Path exe = Tools.require("socat", "socat");
    Path board = dir.resolve("board-uart");
    Path host = dir.resolve("host-uart");
    Process p =
        new ProcessBuilder(
                exe.toString(),
                "pty,link=" + board + ",rawer,echo=0",
                "pty,link=" + host + ",rawer,echo=0")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("socat.log").toFile())
            .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!(Files.exists(board) && Files.exists(host))) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IOException(
            "socat did not make the pty pair within "
                + START_TIMEOUT
                + ": "
                + Files.readString(dir.resolve("socat.log")));
      }
      Thread.sleep(20);
    }
    return new PtyPair(p, board, host);
  }

  Path board() {
    return board;
  }

  Path host() {
    return host;
  }

  @Override
  public void close() {
    socat.destroy();
    try {
      if (!socat.waitFor(2, TimeUnit.SECONDS)) {
        socat.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      socat.destroyForcibly();
    }
  }
}
