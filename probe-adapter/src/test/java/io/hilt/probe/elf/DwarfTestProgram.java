package io.hilt.probe.elf;

import io.hilt.probe.testsupport.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two-unit C program under {@code dwarf/} in the test resources ({@code src/faults.c}, {@code
 * lib/util.c}, {@code include/util.h}), built for Cortex-M3 with arm-none-eabi-gcc from relative
 * paths inside a temporary directory, plus binutils to check our reading against. Skips the calling
 * test when the toolchain is missing (fails under HILT_REQUIRE_TOOLS=1).
 */
public final class DwarfTestProgram {
  public static final List<String> SOURCES =
      List.of("src/faults.c", "lib/util.c", "include/util.h", "src/start.s");

  private static final String GCC_PACKAGE = "gcc-arm-none-eabi";
  private static final String BINUTILS_PACKAGE = "binutils-arm-none-eabi";
  private static final Pattern MARKER = Pattern.compile("/\\* LINE:(\\w+) \\*/");

  private DwarfTestProgram() {}

  /** Copies the sources and the linker script into {@code dir}. */
  public static void copySources(Path dir) {
    for (String source : SOURCES) {
      copyResource("dwarf/" + source, dir.resolve(source));
    }
    copyResource("flash-ram.ld", dir.resolve("flash-ram.ld"));
  }

  /**
   * Builds {@code faults.c} and {@code util.c} in {@code dir} (working directory, relative paths)
   * with the given extra gcc options and returns the ELF.
   */
  public static Path build(Path dir, String elfName, String... options) {
    Path gcc = Tools.require("arm-none-eabi-gcc", GCC_PACKAGE);
    copySources(dir);
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            gcc.toString(),
            "-mcpu=cortex-m3",
            "-mthumb",
            "-nostdlib",
            "-Wl,--build-id=none",
            "-Iinclude",
            "-T",
            "flash-ram.ld"));
    command.addAll(List.of(options));
    command.addAll(List.of("src/faults.c", "lib/util.c", "-o", elfName));
    run(dir, command);
    return dir.resolve(elfName);
  }

  /** Assembles and links {@code src/start.s} with DWARF 5 line info carrying MD5 checksums. */
  public static Path buildAssemblyWithMd5(Path dir) {
    Path gcc = Tools.require("arm-none-eabi-gcc", GCC_PACKAGE);
    copySources(dir);
    run(
        dir,
        List.of(
            gcc.toString(),
            "-mcpu=cortex-m3",
            "-mthumb",
            "-nostdlib",
            "-nostartfiles",
            "-Wl,--build-id=none",
            "-Wa,--gdwarf-5",
            "-Wl,-Ttext=0x1000",
            "-Wl,-e,start",
            "src/start.s",
            "-o",
            "start.elf"));
    return dir.resolve("start.elf");
  }

  /** The line numbers of the {@code LINE:name} markers in {@code src/faults.c}. */
  public static Map<String, Integer> markers() {
    Map<String, Integer> out = new LinkedHashMap<>();
    String[] lines = resourceText("dwarf/src/faults.c").split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = MARKER.matcher(lines[i]);
      if (m.find()) {
        out.put(m.group(1), i + 1);
      }
    }
    return out;
  }

  /** Runs {@code arm-none-eabi-<tool>} with the arguments in {@code dir}. */
  public static String binutils(Path dir, String tool, List<String> args) {
    Path exe = Tools.require("arm-none-eabi-" + tool, BINUTILS_PACKAGE);
    List<String> command = new ArrayList<>();
    command.add(exe.toString());
    command.addAll(args);
    return run(dir, command);
  }

  static String run(Path dir, List<String> command) {
    try {
      Process p =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
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

  private static String resourceText(String name) {
    try (InputStream in = DwarfTestProgram.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("test resource missing: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copyResource(String name, Path target) {
    try (InputStream in = DwarfTestProgram.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("test resource missing: " + name);
      }
      Files.createDirectories(target.getParent());
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
