package io.hilt.probe.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code qemu-system-riscv32 -M virt -bios none} with semihosting on, as hilt's RISC-V firmware
 * expects it (firmware/README.md, "RISC-V"): the semihosting console and the NS16550A UART each go
 * to a file, and the semihosting command line is the ELF path followed by {@code args}. Output goes
 * to files in a test's directory, never through a shell.
 */
public final class RiscvQemu implements AutoCloseable {
  public static final String EXECUTABLE = "qemu-system-riscv32";
  public static final String PACKAGE = "qemu-system-misc";

  /** What one run printed and how it ended. */
  public record Run(int exitCode, String console, String serial) {}

  private final Process process;
  private final Path console;
  private final Path serial;
  private final int gdbPort;

  private RiscvQemu(Process process, Path console, Path serial, int gdbPort) {
    this.process = process;
    this.console = console;
    this.serial = serial;
    this.gdbPort = gdbPort;
  }

  /** Runs {@code elf} to its end (semihosting exit), at most {@code timeout}. */
  public static Run run(Path elf, String args, Path dir, Duration timeout) throws IOException {
    try (RiscvQemu qemu = start(elf, args, dir, false)) {
      boolean ended;
      try {
        ended = qemu.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while QEMU ran " + elf, e);
      }
      if (!ended) {
        throw new IOException(
            "QEMU did not finish "
                + elf
                + " "
                + args
                + " within "
                + timeout
                + "; console so far: "
                + Files.readString(qemu.console));
      }
      return new Run(
          qemu.process.exitValue(), Files.readString(qemu.console), Files.readString(qemu.serial));
    }
  }

  /** Starts QEMU halted before the first instruction, its GDB stub on a free loopback port. */
  public static RiscvQemu startHaltedWithGdb(Path elf, String args, Path dir) throws IOException {
    return start(elf, args, dir, true);
  }

  private static RiscvQemu start(Path elf, String args, Path dir, boolean gdb) throws IOException {
    Path qemu = Tools.require(EXECUTABLE, PACKAGE);
    int port = 0;
    List<String> command = new ArrayList<>();
    command.add(qemu.toString());
    command.addAll(List.of("-M", "virt", "-bios", "none", "-display", "none", "-monitor", "none"));
    Path serial = dir.resolve("uart0.txt");
    command.addAll(List.of("-serial", "file:" + serial));
    // Without -nographic QEMU writes the semihosting console to stderr; a chardev keeps it apart
    // from QEMU's own messages.
    Path console = dir.resolve("semihosting.txt");
    command.addAll(List.of("-chardev", "file,id=semihosting,path=" + console));
    command.addAll(List.of("-semihosting-config", "enable=on,target=native,chardev=semihosting"));
    if (gdb) {
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort();
      }
      command.addAll(List.of("-S", "-gdb", "tcp:127.0.0.1:" + port));
    }
    command.addAll(List.of("-kernel", elf.toString()));
    if (!args.isEmpty()) {
      command.addAll(List.of("-append", args));
    }
    Files.deleteIfExists(console);
    Files.createFile(console);
    Files.deleteIfExists(serial);
    Files.createFile(serial);
    Process process =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(dir.resolve("qemu-stdout.txt").toFile())
            .redirectError(dir.resolve("qemu-stderr.txt").toFile())
            .start();
    return new RiscvQemu(process, console, serial, port);
  }

  /** {@code 127.0.0.1:port} of the GDB stub. */
  public String gdbAddress() {
    if (gdbPort == 0) {
      throw new IllegalStateException("QEMU was started without its GDB stub");
    }
    return "127.0.0.1:" + gdbPort;
  }

  public boolean alive() {
    return process.isAlive();
  }

  public String console() throws IOException {
    return Files.readString(console);
  }

  /** Waits for QEMU to end (after the firmware's semihosting exit) and returns its exit status. */
  public int waitForExit(Duration timeout) throws IOException {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException("QEMU still runs after " + timeout + "; console: " + console());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for QEMU", e);
    }
    return process.exitValue();
  }

  /** Kills QEMU if it still runs and waits until it is gone. */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "QEMU (pid " + process.pid() + ") did not end after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for QEMU to end", e);
    }
  }
}
