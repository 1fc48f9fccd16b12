package io.hilt.sim.differential;

import io.hilt.probe.target.Arch;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.OutputChunk;
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

/**
 * Runs an ELF on hilt's simulator the way the orchestrator does: through the target SPI (driver
 * {@code sim} found by ServiceLoader), load, reset and run, output collected from the listener.
 */
final class SimulatorRunner {
  /** The profile {@code device-profiles/sim-cortex-m0plus.yaml}, as the loader would pass it. */
  static final TargetSpec SPEC =
      new TargetSpec(
          "sim-cortex-m0plus",
          Arch.CORTEX_M0PLUS,
          "sim",
          List.of(
              new MemoryRegion("code", 0x0000_0000L, 4L << 20),
              new MemoryRegion("ram", 0x2000_0000L, 4L << 20)),
          Map.of("max-instructions", "4000000000"));

  /** What one run produced; {@code stop} is how the core stopped. */
  record Result(byte[] console, byte[] stderr, byte[] uart, StopReason stop) {
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

  private final TargetSpec spec;
  private final Duration timeout;

  SimulatorRunner(Duration timeout) {
    this(SPEC, timeout);
  }

  SimulatorRunner(TargetSpec spec, Duration timeout) {
    this.spec = spec;
    this.timeout = timeout;
  }

  /**
   * Runs {@code elf} with {@code arguments}. The semihosting command line is the ELF path followed
   * by the arguments, as QEMU builds it from {@code -kernel} and {@code -append}.
   */
  Result run(Path elf, List<String> arguments) {
    TargetDriver driver =
        TargetDrivers.find(spec.driver())
            .orElseThrow(() -> new AssertionError("no TargetDriver 'sim' on the class path"));
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    ByteArrayOutputStream uart = new ByteArrayOutputStream();
    try (DebugTarget target = driver.open(spec)) {
      target.addOutputListener(
          (OutputChunk chunk) -> {
            ByteArrayOutputStream sink =
                switch (chunk.channel()) {
                  case SEMIHOSTING_STDOUT -> console;
                  case SEMIHOSTING_STDERR -> stderr;
                  case UART0 -> uart;
                  case RTT -> throw new AssertionError("unexpected RTT output from " + elf);
                };
            synchronized (sink) {
              sink.writeBytes(chunk.data());
            }
          });
      String commandLine =
          arguments.isEmpty() ? elf.toString() : elf + " " + String.join(" ", arguments);
      target
          .semihosting()
          .orElseThrow(() -> new AssertionError("the simulator serves no semihosting"))
          .setCommandLine(commandLine);
      target.load(FirmwareImages.load(elf));
      target.reset(ResetMode.RUN);
      StopReason stop = target.waitForStop(timeout);
      if (stop instanceof StopReason.TimedOut) {
        target.halt();
      }
      synchronized (console) {
        synchronized (stderr) {
          synchronized (uart) {
            return new Result(
                console.toByteArray(), stderr.toByteArray(), uart.toByteArray(), stop);
          }
        }
      }
    }
  }
}
