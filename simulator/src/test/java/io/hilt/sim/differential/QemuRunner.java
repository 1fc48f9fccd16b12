package io.hilt.sim.differential;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs an ELF on one of QEMU's MPS2 boards with semihosting, the reference the simulator is
 * compared against: {@code mps2-an385} (Cortex-M3, also used for ARMv6-M firmware) by default, or
 * {@code mps2-an386} (Cortex-M4, same memory map), or RISC-V {@code virt} (with {@code -bios
 * none}). On the MPS2 boards the whole semihosting console goes to stdout through a chardev, as
 * hilt's qemu driver does; on {@code virt} SYS_WRITE to {@code :tt} goes to stdout and, on QEMU
 * 7.2, SYS_WRITEC/SYS_WRITE0 to its stderr (where picolibc's semihosting stdio writes); UART0 goes
 * to a file, stdin is empty, there is no monitor, and a run that outlives its timeout is killed
 * with all its children.
 */
final class QemuRunner {
  /** Output beyond this many bytes per stream means a runaway firmware, not a result to compare. */
  static final int MAX_OUTPUT_BYTES = 4 << 20;

  /** What one run produced. */
  record Result(byte[] console, byte[] stderr, byte[] uart, int exitCode) {
    Result {
      console = console.clone();
      stderr = stderr.clone();
      uart = uart.clone();
    }

    @Override
    public byte[] console() {
      return console.clone();
    }

    @Override
    public byte[] stderr() {
      return stderr.clone();
    }

    @Override
    public byte[] uart() {
      return uart.clone();
    }
  }

  /** QEMU's board for firmware built for {@code cpu} (a firmware/build folder name). */
  static String machineFor(String cpu) {
    return switch (cpu) {
      case "cortex-m0plus", "cortex-m3" -> "mps2-an385";
      case "cortex-m4" -> "mps2-an386";
      case "riscv32imac" -> "virt";
      default -> throw new IllegalArgumentException("no QEMU board for CPU '" + cpu + "'");
    };
  }

  private final Path qemu;
  private final String machine;
  private final Duration timeout;

  QemuRunner(Path qemu, Duration timeout) {
    this(qemu, "mps2-an385", timeout);
  }

  QemuRunner(Path qemu, String machine, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (!machine.matches("[a-z0-9][a-z0-9-]*")) {
      throw new IllegalArgumentException("bad QEMU machine name '" + machine + "'");
    }
    this.qemu = qemu;
    this.machine = machine;
    this.timeout = timeout;
  }

  /** The QEMU command line for one run (no shell: one list element per argument). */
  List<String> command(Path elf, List<String> arguments, Path uartFile) {
    List<String> command = new ArrayList<>();
    command.add(qemu.toString());
    if (machine.equals("virt")) {
      // The RISC-V board: no OpenSBI, the ELF runs from reset in M-mode.
      command.addAll(List.of("-bios", "none"));
    }
    command.addAll(
        List.of("-M", machine, "-nographic", "-monitor", "none", "-serial", "file:" + uartFile));
    if (machine.equals("virt")) {
      command.addAll(List.of("-semihosting-config", "enable=on,target=native"));
    } else {
      // As hilt's qemu driver runs it: the whole semihosting console (SYS_WRITE0/WRITEC too, which
      // QEMU 7.2 otherwise writes to its stderr) on stdout, where the simulator puts it.
      command.addAll(
          List.of(
              "-chardev",
              "stdio,id=semihosting",
              "-semihosting-config",
              "enable=on,target=native,chardev=semihosting"));
    }
    command.addAll(List.of("-kernel", elf.toString()));
    if (!arguments.isEmpty()) {
      command.add("-append");
      command.add(String.join(" ", arguments));
    }
    return command;
  }

  Result run(Path elf, List<String> arguments) {
    for (String argument : arguments) {
      if (argument.isEmpty() || argument.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException(
            "semihosting splits the command line at spaces; bad argument '" + argument + "'");
      }
    }
    Path work = null;
    try {
      work = Files.createTempDirectory("hilt-qemu-");
      Path stdout = work.resolve("stdout");
      Path stderr = work.resolve("stderr");
      Path uart = work.resolve("uart0");
      Files.createFile(uart);
      ProcessBuilder builder =
          new ProcessBuilder(command(elf, arguments, uart))
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile());
      Process process = builder.start();
      boolean finished;
      try {
        finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        destroyTree(process);
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while QEMU ran " + elf, e);
      }
      if (!finished) {
        destroyTree(process);
        throw new AssertionError(
            "QEMU did not finish "
                + elf
                + " within "
                + timeout
                + "; console so far: "
                + new String(readBounded(stdout), java.nio.charset.StandardCharsets.UTF_8));
      }
      return new Result(
          readBounded(stdout), readBounded(stderr), readBounded(uart), process.exitValue());
    } catch (IOException e) {
      throw new UncheckedIOException("running QEMU on " + elf, e);
    } finally {
      if (work != null) {
        deleteTree(work);
      }
    }
  }

  private static void destroyTree(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] readBounded(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_OUTPUT_BYTES) {
      throw new AssertionError(
          file.getFileName() + " of the QEMU run has " + size + " bytes, over " + MAX_OUTPUT_BYTES);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(MAX_OUTPUT_BYTES);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cleaning up " + dir, e);
    }
  }
}
