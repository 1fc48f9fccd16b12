package io.hilt.sim;

import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.OutputChunk;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetException;
import io.hilt.sim.board.CortexMBoard;
import io.hilt.sim.board.SimBoard;
import io.hilt.sim.cortexm.CoreModel;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs an image to its end on the calling thread, without a debugger: the entry point for
 * benchmarks and for tools that only need "run this and tell me how it went".
 */
public final class SimRunner {
  /** Most output kept per channel; the rest is dropped (a chatty firmware must not fill memory). */
  public static final int MAX_OUTPUT = 16 * 1024 * 1024;

  /**
   * How a run went.
   *
   * @param stop why it ended ({@link StopReason.LimitReached} when the budget ran out)
   * @param instructions instructions executed
   * @param wallTime host time spent running
   * @param output what the firmware wrote, by channel (at most {@link #MAX_OUTPUT} bytes each)
   */
  public record Result(
      StopReason stop, long instructions, Duration wallTime, Map<OutputChannel, byte[]> output) {
    public Result {
      output = Map.copyOf(output);
    }

    /** Simulated instructions per host second. */
    public double instructionsPerSecond() {
      long nanos = Math.max(1, wallTime.toNanos());
      return instructions * 1e9 / nanos;
    }

    /** Output of one channel as text (UTF-8), empty if none. */
    public String text(OutputChannel channel) {
      return new String(
          output.getOrDefault(channel, new byte[0]), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private final Clock clock;

  public SimRunner(Clock clock) {
    this.clock = clock;
  }

  /** {@link #run(CoreModel, FirmwareImage, String, long)} on a Cortex-M0+. */
  public Result run(FirmwareImage image, String commandLine, long maxInstructions) {
    return run(CoreModel.CORTEX_M0PLUS, image, commandLine, maxInstructions);
  }

  /**
   * Loads {@code image} on a fresh board with the given core, resets it and runs until it stops or
   * has run {@code maxInstructions}. Every fault handler entry stops the run (vector catch). A core
   * sleeping with nothing to wake it ends the run as halted.
   *
   * @param commandLine what SYS_GET_CMDLINE returns
   */
  public Result run(
      CoreModel model, FirmwareImage image, String commandLine, long maxInstructions) {
    return run(model, SimOptions.VectorCatch.ALL_FAULTS, image, commandLine, maxInstructions);
  }

  /** As {@link #run(CoreModel, FirmwareImage, String, long)}, catching only what is asked. */
  public Result run(
      CoreModel model,
      SimOptions.VectorCatch vectorCatch,
      FirmwareImage image,
      String commandLine,
      long maxInstructions) {
    if (maxInstructions <= 0) {
      throw new IllegalArgumentException("maxInstructions must be positive");
    }
    return run(
        new CortexMBoard(model, clock, vectorCatch.demcrBits()),
        image,
        commandLine,
        maxInstructions);
  }

  /**
   * Loads {@code image} on {@code board} (fresh from its constructor, any of the simulator's
   * boards), resets it and runs it as {@link #run(CoreModel, FirmwareImage, String, long)} does.
   */
  public Result run(SimBoard board, FirmwareImage image, String commandLine, long maxInstructions) {
    if (maxInstructions <= 0) {
      throw new IllegalArgumentException("maxInstructions must be positive");
    }
    try {
      image.segments().forEach(board::load);
    } catch (IllegalArgumentException e) {
      throw new TargetException("cannot load " + image.name() + ": " + e.getMessage(), e);
    }
    board.semihost().setCommandLine(commandLine);
    board.reset();
    Map<OutputChannel, ByteArrayOutputStream> output = new EnumMap<>(OutputChannel.class);
    long start = System.nanoTime();
    Optional<StopReason> stop = board.takeStopAfterReset();
    while (stop.isEmpty()) {
      long left = maxInstructions - board.instructions();
      if (left <= 0) {
        stop = Optional.of(new StopReason.LimitReached(board.instructions()));
        break;
      }
      stop = board.run(Math.min(left, 10_000_000));
      collect(board, output);
      if (stop.isEmpty() && board.sleeping()) {
        stop = Optional.of(new StopReason.Halted(board.pc()));
      }
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    collect(board, output);
    Map<OutputChannel, byte[]> bytes = new EnumMap<>(OutputChannel.class);
    output.forEach((c, b) -> bytes.put(c, b.toByteArray()));
    return new Result(stop.get(), board.instructions(), wall, bytes);
  }

  private static void collect(SimBoard board, Map<OutputChannel, ByteArrayOutputStream> output) {
    for (OutputChunk chunk : board.takeOutput()) {
      output
          .computeIfAbsent(chunk.channel(), c -> new ByteArrayOutputStream())
          .writeBytes(chunk.data());
    }
  }
}
