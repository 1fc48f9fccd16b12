package io.hilt.sim.board;

import io.hilt.probe.target.OutputChunk;
import io.hilt.probe.target.StopReason;
import io.hilt.sim.cortexm.CoreModel;
import io.hilt.sim.cortexm.ExceptionUnit;
import io.hilt.sim.thumb.ThumbCore;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/** A board driven directly, without the target thread. */
final class BoardHarness {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
  final CortexMBoard board;
  final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  final ByteArrayOutputStream uart = new ByteArrayOutputStream();

  BoardHarness(Program program, boolean catchHardFault) {
    this(program, CoreModel.CORTEX_M0PLUS, catchHardFault ? ExceptionUnit.VC_HARDERR : 0);
  }

  /**
   * @param vectorCatch DEMCR VC_* bits
   */
  BoardHarness(Program program, CoreModel model, int vectorCatch) {
    board = new CortexMBoard(model, CLOCK, vectorCatch);
    program.segments().forEach(board::load);
    board.reset();
  }

  /** A word as the debugger reads it (no side effects, no privilege check). */
  int peek(int address) {
    int value = 0;
    for (int i = 3; i >= 0; i--) {
      value = value << 8 | (int) board.bus().peek8(address + i);
    }
    return value;
  }

  BoardHarness(Program program) {
    this(program, true);
  }

  ThumbCore core() {
    return board.core();
  }

  int reg(int i) {
    return board.core().register(i);
  }

  int word(int address) {
    return (int) board.bus().read32(address);
  }

  /** Runs until a stop or {@code maxCycles}; empty when the budget ran out. */
  Optional<StopReason> run(long maxCycles) {
    long end = board.cycles() + maxCycles;
    while (board.cycles() < end) {
      Optional<StopReason> stop = board.run(end - board.cycles());
      collect();
      if (stop.isPresent()) {
        return stop;
      }
      if (board.sleeping()) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private void collect() {
    for (OutputChunk c : board.takeOutput()) {
      ByteArrayOutputStream target =
          switch (c.channel()) {
            case SEMIHOSTING_STDOUT -> stdout;
            case SEMIHOSTING_STDERR -> stderr;
            default -> uart;
          };
      target.writeBytes(c.data());
    }
  }
}
