package io.hilt.sim.riscv;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hilt.probe.testsupport.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * riscv64-unknown-elf-gcc with picolibc for tests: builds RV32 programs that run on QEMU's {@code
 * virt} with {@code -bios none} (code at 0x80000000, data at 0x80400000) and talk through
 * semihosting. Getting one skips the calling test when the compiler or picolibc is missing (fails
 * under HILT_REQUIRE_TOOLS=1).
 */
public final class RiscvToolchain {
  public static final String GCC = "riscv64-unknown-elf-gcc";
  public static final String GCC_PACKAGE = "gcc-riscv64-unknown-elf";
  public static final String PICOLIBC_PACKAGE = "picolibc-riscv64-unknown-elf";
  static final Path PICOLIBC_SPECS =
      Path.of("/usr/lib/picolibc/riscv64-unknown-elf/picolibc.specs");
  private static final long TIMEOUT_SECONDS = 120;

  private final Path gcc;

  private RiscvToolchain(Path gcc) {
    this.gcc = gcc;
  }

  public static RiscvToolchain require() {
    Path gcc = Tools.require(GCC, GCC_PACKAGE);
    if (!Files.isRegularFile(PICOLIBC_SPECS)) {
      String message =
          PICOLIBC_SPECS + " not found: install the Debian package " + PICOLIBC_PACKAGE;
      if (Tools.required()) {
        throw new AssertionError(Tools.REQUIRE_ENV + "=1 but " + message);
      }
      assumeTrue(false, "skipped: " + message);
    }
    return new RiscvToolchain(gcc);
  }

  /**
   * Compiles and links {@code sources} for {@code march} ({@code rv32im}, {@code rv32imac}) with
   * picolibc's semihosting crt0 and the CSR instructions available (ISA spec 2.2 naming, so the
   * picolibc multilib still matches).
   */
  public Path build(
      String march, String optimisation, List<Path> sources, List<String> includes, Path elf) {
    List<String> command =
        new ArrayList<>(
            List.of(
                gcc.toString(),
                "-march=" + march,
                "-misa-spec=2.2",
                "-mabi=ilp32",
                "--specs=picolibc.specs",
                "--oslib=semihost",
                "--crt0=semihost",
                optimisation,
                "-g",
                "-Wall",
                "-Wextra",
                "-Werror",
                "-Wl,--defsym=__flash=0x80000000",
                "-Wl,--defsym=__flash_size=0x400000",
                "-Wl,--defsym=__ram=0x80400000",
                "-Wl,--defsym=__ram_size=0x400000",
                "-Wl,--build-id=none"));
    for (String include : includes) {
      command.add("-I" + include);
    }
    sources.forEach(s -> command.add(s.toString()));
    command.addAll(List.of("-o", elf.toString()));
    try {
      Files.createDirectories(elf.getParent());
      Path log = elf.resolveSibling(elf.getFileName() + ".log");
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("gcc did not finish within " + TIMEOUT_SECONDS + " s: " + command);
      }
      if (p.exitValue() != 0) {
        throw new AssertionError(
            "gcc failed ("
                + p.exitValue()
                + "): "
                + command
                + "\n"
                + Files.readString(log, StandardCharsets.UTF_8));
      }
      return elf;
    } catch (IOException e) {
      throw new UncheckedIOException("running " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while compiling " + elf, e);
    }
  }
}
