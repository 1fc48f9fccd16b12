package io.hilt.probe.elf;

import io.hilt.probe.testsupport.CrossCompiler;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the test program ({@code program.c} with {@code flash-ram.ld} from the test resources)
 * with arm-none-eabi-gcc for Cortex-M0+, and runs binutils on the result. Skips the calling test
 * when the toolchain is missing (fails under HILT_REQUIRE_TOOLS=1).
 */
public final class GccElf {
  private GccElf() {}

  /** Compiles the test program into {@code dir} and returns the ELF's path. */
  public static Path build(Path dir) {
    CrossCompiler gcc = CrossCompiler.gcc(dir);
    Path source = CrossCompiler.copyResource(GccElf.class, "program.c", dir.resolve("program.c"));
    Path script =
        CrossCompiler.copyResource(GccElf.class, "flash-ram.ld", dir.resolve("flash-ram.ld"));
    return gcc.link(
        "cortex-m0plus",
        script.toString(),
        List.of("-O1", "-g"),
        List.of(source.toString()),
        dir.resolve("program.elf").toString());
  }

  /** Runs an arm-none-eabi binutils tool ({@code readelf}, {@code nm}, {@code objcopy}). */
  public static String binutils(String tool, String... args) {
    return CrossCompiler.binutils(Path.of("").toAbsolutePath(), tool, List.of(args));
  }
}
