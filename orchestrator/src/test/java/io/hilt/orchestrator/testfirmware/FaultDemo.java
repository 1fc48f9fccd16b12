package io.hilt.orchestrator.testfirmware;

import io.hilt.probe.testsupport.ProjectPaths;
import io.hilt.probe.testsupport.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds {@code faults/fault-demo.c} (test resources) with arm-none-eabi-gcc for Cortex-M0+ against
 * the firmware's own startup code and linker script (firmware/common), and writes the profiles the
 * fault tests run on. Skips the calling test when the toolchain is missing (fails under
 * HILT_REQUIRE_TOOLS=1).
 */
public final class FaultDemo {
  /** The bundled simulator, which stops on HardFault entry (vector catch). */
  public static final String CATCHING = "sim-cortex-m0plus";

  /** The same simulator without vector catch: the firmware's HardFault handler runs. */
  public static final String NOT_CATCHING = "sim-no-vector-catch";

  /** {@link #NOT_CATCHING} with a small instruction budget, which a spinning handler runs out. */
  public static final String NOT_CATCHING_LIMITED = "sim-no-vector-catch-limited";

  private FaultDemo() {}

  /** Compiles the demo into {@code dir}/fault-demo.elf and returns its path. */
  public static Path build(Path dir) {
    Path gcc = Tools.require("arm-none-eabi-gcc", "gcc-arm-none-eabi");
    Path common = ProjectPaths.root().resolve("firmware/common");
    Path source = dir.resolve("fault-demo.c");
    try (InputStream in = FaultDemo.class.getResourceAsStream("/faults/fault-demo.c")) {
      if (in == null) {
        throw new IllegalStateException("test resource missing: /faults/fault-demo.c");
      }
      Files.createDirectories(dir);
      Files.copy(in, source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path elf = dir.resolve("fault-demo.elf");
    run(
        List.of(
            gcc.toString(),
            "-mcpu=cortex-m0plus",
            "-mthumb",
            "-O1",
            "-g",
            "-std=gnu11",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-I" + common,
            "-T",
            common.resolve("mps2-an385-m0plus.ld").toString(),
            "-nostartfiles",
            "--specs=rdimon.specs",
            "-ffunction-sections",
            "-fdata-sections",
            "-Wl,--gc-sections",
            "-Wl,--no-warn-rwx-segments",
            common.resolve("startup.c").toString(),
            source.toString(),
            "-o",
            elf.toString()));
    return elf;
  }

  /**
   * Writes {@link #CATCHING} (the repository's profile), {@link #NOT_CATCHING} and {@link
   * #NOT_CATCHING_LIMITED} into {@code dir}.
   */
  public static Path profiles(Path dir) {
    try {
      Files.createDirectories(dir);
      String sim =
          Files.readString(ProjectPaths.root().resolve("device-profiles/sim-cortex-m0plus.yaml"));
      Files.writeString(dir.resolve(CATCHING + ".yaml"), sim);
      String notCatching =
          sim.replace("name: sim-cortex-m0plus", "name: " + NOT_CATCHING)
              .replace("driver-options:\n", "driver-options:\n  vector-catch: none\n");
      if (!notCatching.contains("vector-catch: none")) {
        throw new IllegalStateException("the sim profile has no driver-options to extend");
      }
      Files.writeString(dir.resolve(NOT_CATCHING + ".yaml"), notCatching);
      String limited =
          notCatching
              .replace("name: " + NOT_CATCHING, "name: " + NOT_CATCHING_LIMITED)
              .replace("max-instructions: \"4000000000\"", "max-instructions: \"2000000\"");
      if (!limited.contains("\"2000000\"")) {
        throw new IllegalStateException("the sim profile has no max-instructions to lower");
      }
      Files.writeString(dir.resolve(NOT_CATCHING_LIMITED + ".yaml"), limited);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void run(List<String> command) {
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
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }
}
