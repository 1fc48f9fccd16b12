package io.hilt.sim;

import io.hilt.probe.serial.SerialLink;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.ImageSegment;
import io.hilt.probe.target.OutputChunk;
import io.hilt.probe.target.OutputListener;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.Semihosting;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import io.hilt.sim.board.CortexMBoard;
import io.hilt.sim.board.SimBoard;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A simulated board as a {@link DebugTarget}. The board runs on a thread the target owns, in slices
 * of at most {@link #SLICE_CYCLES} cycles; debugger calls from other threads take the board lock
 * between slices, so they see a consistent state and never wait longer than one slice.
 */
public final class SimTarget implements DebugTarget {
  /** Cycles per slice: about a millisecond of simulation. */
  static final long SLICE_CYCLES = 200_000;

  private static final Duration HALT_TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_DEBUG_TRANSFER = 64 * 1024 * 1024;
  private final TargetSpec spec;
  private final SimOptions options;
  private final SimBoard board;
  private final ReentrantLock boardLock = new ReentrantLock(true);
  private final Object state = new Object();
  private final CopyOnWriteArrayList<OutputListener> listeners = new CopyOnWriteArrayList<>();
  private final TreeSet<Integer> breakpoints = new TreeSet<>();
  private final Thread thread;

  // Guarded by state.
  private boolean running;
  private boolean haltRequested;
  private boolean closed;
  private StopReason lastStop;
  private Optional<RuntimeException> listenerFailure = Optional.empty();
  private Optional<RuntimeException> simulatorFailure = Optional.empty();

  // Guarded by boardLock.
  private long instructionsAtReset;

  SimTarget(TargetSpec spec, SimOptions options, SimBoard board) {
    this.spec = spec;
    this.options = options;
    this.board = board;
    board.reset();
    this.lastStop = new StopReason.Halted(pc());
    this.thread = new Thread(this::loop, "hilt-sim-" + spec.name());
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public TargetSpec spec() {
    return spec;
  }

  // Run control --------------------------------------------------------------------------------

  private void loop() {
    while (true) {
      synchronized (state) {
        while (!running && !closed) {
          try {
            state.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (closed) {
          return;
        }
      }
      Optional<StopReason> stop;
      List<OutputChunk> output;
      boolean sleeping;
      boardLock.lock();
      try {
        stop = runSlice();
        output = board.takeOutput();
        sleeping = stop.isEmpty() && board.sleeping();
      } catch (RuntimeException e) {
        // A simulator bug: the target is unusable, every later call says why.
        synchronized (state) {
          simulatorFailure = Optional.of(e);
          running = false;
          state.notifyAll();
        }
        return;
      } finally {
        boardLock.unlock();
      }
      deliver(output);
      synchronized (state) {
        if (stop.isEmpty() && haltRequested) {
          stop = Optional.of(new StopReason.Halted(haltedLocked()));
        }
        if (stop.isPresent()) {
          running = false;
          haltRequested = false;
          lastStop = stop.get();
          state.notifyAll();
        } else if (sleeping) {
          try {
            // Nothing can wake the core but the host (input, halt): poll gently.
            state.wait(2);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }

  private Optional<StopReason> runSlice() {
    long slice = SLICE_CYCLES;
    if (options.maxInstructions().isPresent()) {
      long used = board.instructions() - instructionsAtReset;
      long remaining = options.maxInstructions().getAsLong() - used;
      if (remaining <= 0) {
        return Optional.of(new StopReason.LimitReached(used));
      }
      slice = Math.min(slice, remaining);
    }
    return board.run(slice);
  }

  private void deliver(List<OutputChunk> chunks) {
    for (OutputChunk chunk : chunks) {
      for (OutputListener listener : listeners) {
        try {
          listener.onOutput(chunk);
        } catch (RuntimeException e) {
          listeners.remove(listener);
          synchronized (state) {
            listenerFailure = Optional.of(e);
          }
        }
      }
    }
  }

  /** Halts on request (a Cortex-M records it in DFSR.HALTED, as on silicon). */
  private long haltedLocked() {
    boardLock.lock();
    try {
      board.debugHalted();
      return pc();
    } finally {
      boardLock.unlock();
    }
  }

  private long pcLocked() {
    boardLock.lock();
    try {
      return pc();
    } finally {
      boardLock.unlock();
    }
  }

  private long pc() {
    return board.pc();
  }

  @Override
  public void resume() {
    synchronized (state) {
      checkOpen();
      if (running) {
        return;
      }
      if (lastStop instanceof StopReason.Exited || lastStop instanceof StopReason.Lockup) {
        // The firmware ended (or the core is locked up): only a reset makes it run again.
        state.notifyAll();
        return;
      }
      boardLock.lock();
      try {
        stepOffBreakpoint();
      } finally {
        boardLock.unlock();
      }
      running = true;
      haltRequested = false;
      state.notifyAll();
    }
  }

  /**
   * Resuming on a debugger breakpoint executes the instruction under it; on BKPT/EBREAK, skips it.
   */
  private void stepOffBreakpoint() {
    board.stepOffBreakpoint(lastStop, breakpoints.contains((int) board.pc()));
  }

  @Override
  public void halt() {
    synchronized (state) {
      if (!running) {
        return;
      }
      haltRequested = true;
      state.notifyAll();
      long deadline = System.nanoTime() + HALT_TIMEOUT.toNanos();
      while (running) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TargetException(
              spec.name() + ": simulator did not halt within " + HALT_TIMEOUT);
        }
        try {
          state.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new TargetException(spec.name() + ": interrupted while halting", e);
        }
      }
    }
  }

  @Override
  public StopReason waitForStop(Duration timeout) {
    synchronized (state) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (running) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return new StopReason.TimedOut();
        }
        try {
          state.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new TargetException(spec.name() + ": interrupted while waiting for a stop", e);
        }
      }
      checkSimulator();
      if (listenerFailure.isPresent()) {
        RuntimeException failure = listenerFailure.get();
        listenerFailure = Optional.empty();
        throw new TargetException(spec.name() + ": an output listener failed", failure);
      }
      return lastStop;
    }
  }

  @Override
  public Optional<StopReason> stopReason() {
    synchronized (state) {
      return running ? Optional.empty() : Optional.of(lastStop);
    }
  }

  @Override
  public void reset(ResetMode mode) {
    halt();
    synchronized (state) {
      checkOpen();
      boardLock.lock();
      try {
        board.reset();
        instructionsAtReset = board.instructions();
        Optional<StopReason> stop = board.takeStopAfterReset();
        lastStop = stop.orElse(new StopReason.Halted(pc()));
      } finally {
        boardLock.unlock();
      }
    }
    if (mode == ResetMode.RUN) {
      resume();
    }
  }

  @Override
  public void load(FirmwareImage image) {
    halt();
    boardLock.lock();
    try {
      for (ImageSegment segment : image.segments()) {
        try {
          board.load(segment);
        } catch (IllegalArgumentException e) {
          throw new TargetException(
              spec.name() + ": cannot load " + image.name() + ": " + e.getMessage(), e);
        }
      }
    } finally {
      boardLock.unlock();
    }
  }

  // Memory and registers -----------------------------------------------------------------------

  @Override
  public byte[] readMemory(long address, int length) {
    checkRange(address, length);
    boardLock.lock();
    try {
      byte[] data = new byte[length];
      for (int i = 0; i < length; i++) {
        long b = board.peek8((int) (address + i));
        if (b < 0) {
          throw new TargetException(
              String.format("%s: cannot read 0x%08x: no memory there", spec.name(), address + i));
        }
        data[i] = (byte) b;
      }
      return data;
    } finally {
      boardLock.unlock();
    }
  }

  @Override
  public void writeMemory(long address, byte[] data) {
    checkRange(address, data.length);
    boardLock.lock();
    try {
      board
          .debugWrite(address, data)
          .ifPresent(
              failed -> {
                throw new TargetException(
                    String.format("%s: cannot write 0x%08x: no memory there", spec.name(), failed));
              });
    } finally {
      boardLock.unlock();
    }
  }

  private void checkRange(long address, int length) {
    if (address < 0
        || length < 0
        || length > MAX_DEBUG_TRANSFER
        || address + length > 0x1_0000_0000L) {
      throw new TargetException(
          String.format(
              "%s: memory access of %d bytes at 0x%x is outside the 32-bit space or over %d bytes",
              spec.name(), length, address, MAX_DEBUG_TRANSFER));
    }
  }

  @Override
  public List<String> registerNames() {
    return board.registerNames();
  }

  @Override
  public long readRegister(String name) {
    boardLock.lock();
    try {
      return board.readRegister(registerIndex(name));
    } finally {
      boardLock.unlock();
    }
  }

  @Override
  public void writeRegister(String name, long value) {
    if (value < Integer.MIN_VALUE || value > 0xFFFF_FFFFL) {
      throw new TargetException(
          String.format("%s: value 0x%x does not fit register %s", spec.name(), value, name));
    }
    boardLock.lock();
    try {
      board.writeRegister(registerIndex(name), (int) value);
    } catch (IllegalArgumentException e) {
      throw new TargetException(
          String.format("%s: cannot write register %s: %s", spec.name(), name, e.getMessage()), e);
    } finally {
      boardLock.unlock();
    }
  }

  private int registerIndex(String name) {
    return board
        .registerIndex(name.toLowerCase(java.util.Locale.ROOT))
        .orElseThrow(
            () ->
                new TargetException(
                    String.format(
                        "%s: unknown register '%s' (known: %s)",
                        spec.name(), name, String.join(", ", board.registerNames()))));
  }

  // Breakpoints and output ---------------------------------------------------------------------

  @Override
  public void addBreakpoint(long address) {
    changeBreakpoint(address, true);
  }

  @Override
  public void removeBreakpoint(long address) {
    changeBreakpoint(address, false);
  }

  private void changeBreakpoint(long address, boolean add) {
    if (address < 0 || address > 0xFFFF_FFFFL || (address & 1) != 0) {
      throw new TargetException(
          String.format(
              "%s: breakpoint address 0x%x is not a halfword address", spec.name(), address));
    }
    boardLock.lock();
    try {
      if (add) {
        breakpoints.add((int) address);
      } else {
        breakpoints.remove((int) address);
      }
      board.setBreakpoints(breakpoints.stream().mapToInt(Integer::intValue).toArray());
    } finally {
      boardLock.unlock();
    }
  }

  @Override
  public void addOutputListener(OutputListener listener) {
    listeners.add(listener);
  }

  @Override
  public void removeOutputListener(OutputListener listener) {
    listeners.remove(listener);
  }

  @Override
  public Optional<Semihosting> semihosting() {
    return Optional.of(board.semihost());
  }

  @Override
  public Optional<SerialLink> console() {
    return Optional.of(new SimSerialLink(this));
  }

  /**
   * Bytes for the console UART's receiver (any thread): UART0 on the mps2 boards, the NS16550A on
   * {@code virt}.
   */
  public void sendToUart0(byte[] data) {
    board.uartInput(data);
    synchronized (state) {
      state.notifyAll();
    }
  }

  /**
   * Writes the Cortex-M system state (SCB with the fault status, NVIC, SysTick, MPU) that memory
   * and registers do not hold, for a board that must continue in another process (fake-probe-rs).
   * The core must be halted.
   *
   * @throws UnsupportedOperationException on a board other than Cortex-M
   */
  public void saveSystemState(DataOutput out) throws IOException {
    boardLock.lock();
    try {
      cortexM("save the system state").scs().saveState(out);
    } finally {
      boardLock.unlock();
    }
  }

  /** Reads what {@link #saveSystemState} wrote, on a board of the same core. */
  public void restoreSystemState(DataInput in) throws IOException {
    boardLock.lock();
    try {
      cortexM("restore the system state").scs().restoreState(in);
    } finally {
      boardLock.unlock();
    }
  }

  private CortexMBoard cortexM(String what) {
    if (board instanceof CortexMBoard cortexM) {
      return cortexM;
    }
    throw new UnsupportedOperationException(
        spec.name() + ": cannot " + what + " of a " + spec.arch() + " board");
  }

  /** Instructions executed since the last reset. */
  public long instructionsSinceReset() {
    boardLock.lock();
    try {
      return board.instructions() - instructionsAtReset;
    } finally {
      boardLock.unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new TargetException(spec.name() + ": target is closed");
    }
    checkSimulator();
  }

  private void checkSimulator() {
    if (simulatorFailure.isPresent()) {
      RuntimeException e = simulatorFailure.get();
      throw new TargetException(
          String.format(
              "%s: the simulator failed at pc 0x%08x: %s", spec.name(), pcLocked(), e.getMessage()),
          e);
    }
  }

  @Override
  public void close() {
    synchronized (state) {
      closed = true;
      haltRequested = true;
      state.notifyAll();
    }
    try {
      thread.join(HALT_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (state) {
      running = false;
    }
  }
}
