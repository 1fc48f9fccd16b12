package io.hilt.probe.elf;

import io.hilt.probe.testsupport.CrossCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  private static final Pattern MARKER = Pattern.compile("/\\* LINE:(\\w+) \\*/");

  private DwarfTestProgram() {}

  /** Copies the sources and the linker script into {@code dir}. */
  public static void copySources(Path dir) {
    for (String source : SOURCES) {
      CrossCompiler.copyResource(DwarfTestProgram.class, "dwarf/" + source, dir.resolve(source));
    }
    CrossCompiler.copyResource(DwarfTestProgram.class, "flash-ram.ld", dir.resolve("flash-ram.ld"));
  }

  /**
   * Builds {@code faults.c} and {@code util.c} in {@code dir} (working directory, relative paths)
   * with the given extra gcc options and returns the ELF.
   */
  public static Path build(Path dir, String elfName, String... options) {
    CrossCompiler gcc = CrossCompiler.gcc(dir);
    copySources(dir);
    List<String> flags = new ArrayList<>(List.of("-Iinclude"));
    flags.addAll(List.of(options));
    return gcc.link(
        "cortex-m3", "flash-ram.ld", flags, List.of("src/faults.c", "lib/util.c"), elfName);
  }

  /** Assembles and links {@code src/start.s} with DWARF 5 line info carrying MD5 checksums. */
  public static Path buildAssemblyWithMd5(Path dir) {
    CrossCompiler gcc = CrossCompiler.gcc(dir);
    copySources(dir);
    gcc.run(
        List.of(
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
    return CrossCompiler.binutils(dir, tool, args);
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
}
