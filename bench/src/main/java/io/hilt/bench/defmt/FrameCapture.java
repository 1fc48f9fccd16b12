package io.hilt.bench.defmt;

import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.rtt.Rtt;
import io.hilt.probe.target.Arch;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetDriver;
import io.hilt.probe.target.TargetDrivers;
import io.hilt.probe.target.TargetSpec;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bytes a gcc-built defmt firmware really writes to RTT up channel 0: runs it on hilt's
 * simulator (driver {@code sim}, as the orchestrator opens it) and drains the channel while the
 * core runs, as a host tool does.
 */
final class FrameCapture {
  /** Code and RAM of the mps2 boards, as in {@code device-profiles/sim-cortex-m0plus.yaml}. */
  private static final List<MemoryRegion> MEMORY =
      List.of(
          new MemoryRegion("code", 0x0000_0000L, 4L << 20),
          new MemoryRegion("ram", 0x2000_0000L, 4L << 20));

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final Duration POLL = Duration.ofMillis(1);
  private static final int CHUNK = 4096;

  private FrameCapture() {}

  /**
   * Runs {@code elf} with {@code arguments} to its exit; returns everything read from channel 0.
   */
  static byte[] run(Path elf, String arguments) {
    ElfFile file = ElfFile.read(elf);
    TargetDriver driver =
        TargetDrivers.find("sim").orElseThrow(() -> new IllegalStateException("no driver 'sim'"));
    TargetSpec spec =
        new TargetSpec(
            "sim-cortex-m0plus",
            Arch.CORTEX_M0PLUS,
            "sim",
            MEMORY,
            Map.of("max-instructions", "4000000000"));
    try (DebugTarget target = driver.open(spec)) {
      String commandLine = arguments.isEmpty() ? elf.toString() : elf + " " + arguments;
      target.semihosting().orElseThrow().setCommandLine(commandLine);
      target.load(FirmwareImages.image(file));
      target.reset(ResetMode.RUN);
      Rtt rtt = Rtt.attach(target, Optional.of(file), MEMORY, TIMEOUT, POLL);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (true) {
        Optional<StopReason> stop = target.stopReason();
        byte[] chunk = rtt.read(0, CHUNK);
        out.writeBytes(chunk);
        if (stop.isPresent() && chunk.length == 0) {
          if (!(stop.get() instanceof StopReason.Exited exited) || exited.code() != 0) {
            throw new IllegalStateException(elf + " " + arguments + " stopped with " + stop.get());
          }
          return out.toByteArray();
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(elf + " " + arguments + " did not exit in " + TIMEOUT);
        }
        if (chunk.length == 0) {
          sleep();
        }
      }
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
