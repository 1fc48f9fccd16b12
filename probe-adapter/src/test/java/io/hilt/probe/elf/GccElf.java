package io.hilt.probe.elf;

import io.hilt.probe.testsupport.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the test program ({@code program.c} with {@code flash-ram.ld} from the test resources)
 * with arm-none-eabi-gcc for Cortex-M0+, and runs binutils on the result. Skips the calling test
 * when the toolchain is missing (fails under HILT_REQUIRE_TOOLS=1).
 */
public final class GccElf {
  private static final String PACKAGE = "gcc-arm-none-eabi";

  private GccElf() {}

  /** Compiles the test program into {@code dir} and returns the ELF's path. */
  public static Path build(Path dir) {
    Path gcc = Tools.require("arm-none-eabi-gcc", PACKAGE);
    Path source = copyResource("program.c", dir);
    Path script = copyResource("flash-ram.ld", dir);
    Path elf = dir.resolve("program.elf");
    run(
        List.of(
            gcc.toString(),
            "-mcpu=cortex-m0plus",
            "-mthumb",
            "-O1",
            "-g",
            "-nostdlib",
            "-Wl,--build-id=none",
            "-T",
            script.toString(),
            source.toString(),
            "-o",
            elf.toString()));
    return elf;
  }

  /** Runs an arm-none-eabi binutils tool ({@code readelf}, {@code nm}, {@code objcopy}). */
  public static String binutils(String tool, String... args) {
    Path exe = Tools.require("arm-none-eabi-" + tool, "binutils-arm-none-eabi");
    List<String> command = new ArrayList<>();
    command.add(exe.toString());
    command.addAll(List.of(args));
    return run(command);
  }

  static String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String output;
      try (InputStream in = p.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      if (p.exitValue() != 0) {
        throw new AssertionError(command + " exited with " + p.exitValue() + ":\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }

  private static Path copyResource(String name, Path dir) {
    try (InputStream in = GccElf.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("test resource missing: " + name);
      }
      Path target = dir.resolve(name);
      Files.copy(in, target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
