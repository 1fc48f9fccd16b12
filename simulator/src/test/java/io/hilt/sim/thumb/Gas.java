package io.hilt.sim.thumb;

import io.hilt.probe.testsupport.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Assembles Thumb snippets with arm-none-eabi-as (skipping the test when it is missing). */
final class Gas {
  private Gas() {}

  /** The halfwords of {@code source} (unified syntax, Thumb, for {@code cpu}). */
  static int[] assemble(String cpu, String source) {
    Path as = Tools.require("arm-none-eabi-as", "binutils-arm-none-eabi");
    Path objcopy = Tools.require("arm-none-eabi-objcopy", "binutils-arm-none-eabi");
    try {
      Path dir = Files.createTempDirectory("hilt-gas");
      try {
        Path s = dir.resolve("snippet.s");
        Files.writeString(s, ".syntax unified\n.thumb\n" + source.replace(';', '\n') + "\n");
        run(dir, as.toString(), "-mcpu=" + cpu, "-mthumb", "-o", "snippet.o", "snippet.s");
        run(dir, objcopy.toString(), "-O", "binary", "-j", ".text", "snippet.o", "snippet.bin");
        byte[] bytes = Files.readAllBytes(dir.resolve("snippet.bin"));
        int[] halfwords = new int[bytes.length / 2];
        for (int i = 0; i < halfwords.length; i++) {
          halfwords[i] = (bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] & 0xFF) << 8;
        }
        return halfwords;
      } finally {
        try (var files = Files.walk(dir)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void run(Path dir, String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("log.txt").toFile())
            .start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(command[0] + " timed out");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed:\n" + Files.readString(dir.resolve("log.txt")));
    }
  }
}
