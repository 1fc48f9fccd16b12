package io.hilt.probe.drivers.gdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.testsupport.Tools;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code qemu-system-arm -M mps2-an385} with its GDB stub on a free loopback port, halted
 * before the first instruction of {@code kernel}; its stdout (the semihosting console) goes to a
 * file. Closing kills it and checks it is gone.
 */
final class QemuGdbServer implements AutoCloseable {
  final int port;
  final Path stdout;
  private final Process process;

  QemuGdbServer(Path kernel, Path dir) throws IOException {
    Path qemu = Tools.require("qemu-system-arm", "qemu-system-arm");
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    stdout = dir.resolve("qemu-stdout.txt");
    List<String> command =
        List.of(
            qemu.toString(),
            "-M",
            "mps2-an385",
            "-S",
            "-gdb",
            "tcp:127.0.0.1:" + port,
            "-nographic",
            "-monitor",
            "none",
            "-semihosting-config",
            "enable=on,target=native",
            "-kernel",
            kernel.toString());
    process =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(stdout.toFile())
            .redirectError(dir.resolve("qemu-stderr.txt").toFile())
            .start();
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  String console() throws IOException {
    return Files.readString(stdout);
  }

  boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("QEMU ended after SIGKILL").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for QEMU to end", e);
    }
    assertThat(ProcessHandle.of(process.pid()).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
  }
}
