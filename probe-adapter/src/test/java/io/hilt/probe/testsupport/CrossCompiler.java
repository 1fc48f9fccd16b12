package io.hilt.probe.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The arm-none-eabi toolchain for tests: builds bare-metal Thumb programs from test resources in a
 * working directory and runs binutils on the result. Getting one skips the calling test when the
 * tool is missing (fails under HILT_REQUIRE_TOOLS=1, see {@link Tools}). Every command runs with a
 * timeout and fails the test with the tool's output when it exits non-zero.
 */
public final class CrossCompiler {
  public static final String GCC_PACKAGE = "gcc-arm-none-eabi";
  public static final String BINUTILS_PACKAGE = "binutils-arm-none-eabi";
  private static final long TIMEOUT_MINUTES = 2;

  private final Path executable;
  private final Path dir;

  private CrossCompiler(Path executable, Path dir) {
    this.executable = executable;
    this.dir = dir;
  }

  /** arm-none-eabi-gcc, run in {@code dir} (relative paths are relative to it). */
  public static CrossCompiler gcc(Path dir) {
    return new CrossCompiler(Tools.require("arm-none-eabi-gcc", GCC_PACKAGE), dir);
  }

  /** arm-none-eabi-g++, run in {@code dir}. */
  public static CrossCompiler gxx(Path dir) {
    return new CrossCompiler(Tools.require("arm-none-eabi-g++", GCC_PACKAGE), dir);
  }

  /**
   * Compiles and links {@code sources} for {@code cpu} in Thumb state, without the C library or a
   * build-id note, placed by {@code linkerScript}, and returns the ELF's path.
   *
   * @param options further gcc options ({@code -O1}, {@code -g}, defines, include folders)
   */
  public Path link(
      String cpu, String linkerScript, List<String> options, List<String> sources, String elf) {
    List<String> args = new ArrayList<>(List.of("-mcpu=" + cpu, "-mthumb"));
    args.addAll(options);
    args.addAll(List.of("-nostdlib", "-Wl,--build-id=none", "-T", linkerScript));
    args.addAll(sources);
    args.addAll(List.of("-o", elf));
    run(args);
    return dir.resolve(elf);
  }

  /**
   * Builds {@code source} against the repository's firmware runtime, as firmware/Makefile does: the
   * startup code and mps2-an385 linker script of {@code firmware/common}, newlib with rdimon
   * semihosting, warnings as errors. Returns the ELF's path.
   *
   * @param options optimisation and other gcc options ({@code -O1}, {@code -g})
   */
  public Path linkWithFirmwareRuntime(String cpu, List<String> options, Path source, String elf) {
    Path common = ProjectPaths.root().resolve("firmware/common");
    List<String> args = new ArrayList<>(List.of("-mcpu=" + cpu, "-mthumb"));
    args.addAll(options);
    args.addAll(
        List.of(
            "-Wall",
            "-Wextra",
            "-Werror",
            "-I" + common,
            "-T",
            common.resolve("mps2-an385-m0plus.ld").toString(),
            "-nostartfiles",
            "--specs=rdimon.specs",
            "-Wl,--gc-sections",
            "-Wl,--no-warn-rwx-segments",
            common.resolve("startup.c").toString(),
            source.toString(),
            "-o",
            elf));
    run(args);
    return dir.resolve(elf);
  }

  /** Runs the compiler with exactly these arguments and returns what it printed. */
  public String run(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(args);
    return run(dir, command);
  }

  /** Runs {@code arm-none-eabi-<tool>} (readelf, nm, objcopy, addr2line...) in {@code dir}. */
  public static String binutils(Path dir, String tool, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Tools.require("arm-none-eabi-" + tool, BINUTILS_PACKAGE).toString());
    command.addAll(args);
    return run(dir, command);
  }

  /** Copies the class-path resource {@code name} (relative to {@code anchor}) to {@code target}. */
  public static Path copyResource(Class<?> anchor, String name, Path target) {
    try (InputStream in = anchor.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("test resource missing: " + name);
      }
      Files.createDirectories(target.toAbsolutePath().getParent());
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String run(Path dir, List<String> command) {
    try {
      Process p =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String output;
      try (InputStream in = p.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
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
}
