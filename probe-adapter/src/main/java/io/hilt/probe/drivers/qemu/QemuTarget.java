package io.hilt.probe.drivers.qemu;

import io.hilt.probe.drivers.gdb.GdbOptions;
import io.hilt.probe.drivers.gdb.GdbTarget;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.OutputChunk;
import io.hilt.probe.target.OutputListener;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.Semihosting;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A QEMU machine as a {@link DebugTarget}: a {@code qemu-system-arm} child process driven through
 * its GDB stub ({@link GdbTarget}). Loading writes the image's segments through the stub, as a
 * probe flashes; a reset is the monitor command {@code system_reset}, which reloads SP and PC from
 * the vector table in memory.
 *
 * <p>QEMU reads the semihosting command line only when it starts, so a changed command line
 * restarts QEMU at the next load or reset (the image loaded last is written again). QEMU is also
 * restarted when it ended (a semihosting exit with {@code exit: quit}).
 */
public final class QemuTarget implements DebugTarget {
  private static final int START_ATTEMPTS = 3;

  private final TargetSpec spec;
  private final QemuOptions options;
  private final CopyOnWriteArrayList<OutputListener> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private final java.util.concurrent.atomic.AtomicReference<RuntimeException> listenerFailure =
      new java.util.concurrent.atomic.AtomicReference<>();

  // Guarded by lock.
  private QemuProcess process;
  private GdbTarget gdb;
  private List<String> startedWith;
  private List<String> commandLine = List.of();
  private Optional<FirmwareImage> image = Optional.empty();
  private boolean closed;

  QemuTarget(TargetSpec spec, QemuOptions options) {
    this.spec = spec;
    this.options = options;
    synchronized (lock) {
      start();
    }
  }

  private void start() {
    TargetException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      QemuProcess started =
          QemuProcess.start(spec.name(), options.executable(), options, commandLine, this::deliver);
      try {
        gdb = connect(started);
        process = started;
        startedWith = commandLine;
        return;
      } catch (TargetException e) {
        started.close();
        last = e;
        String said = started.stderr();
        if (!said.contains("Address already in use") && !said.contains("available port")) {
          throw e;
        }
        // another program took the GDB port between our probe and QEMU's bind: try another
      }
    }
    throw last;
  }

  /** Connects to QEMU's stub, retrying while QEMU starts up. */
  private GdbTarget connect(QemuProcess started) {
    long deadline = System.nanoTime() + options.startTimeout().toNanos();
    GdbOptions gdbOptions =
        new GdbOptions(
            new InetSocketAddress("127.0.0.1", started.gdbPort()),
            options.timeout(),
            Duration.ofSeconds(1),
            "system_reset",
            false,
            16384,
            false);
    TargetSpec gdbSpec = new TargetSpec(spec.name(), spec.arch(), "gdb", spec.memory(), Map.of());
    while (true) {
      if (!started.isAlive()) {
        throw new TargetException(
            spec.name()
                + ": QEMU ended before its GDB stub could be reached: "
                + started.describeDeath()
                + "; command: "
                + String.join(" ", started.command()));
      }
      try {
        GdbTarget target = GdbTarget.connect(gdbSpec, gdbOptions);
        target.addOutputListener(this::deliver);
        return target;
      } catch (TargetException e) {
        if (System.nanoTime() > deadline) {
          throw new TargetException(
              spec.name()
                  + ": QEMU's GDB stub on 127.0.0.1:"
                  + started.gdbPort()
                  + " did not answer within "
                  + options.startTimeout()
                  + ": "
                  + e.getMessage()
                  + " ("
                  + started.describeDeath()
                  + ")",
              e);
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new TargetException(spec.name() + ": interrupted while starting QEMU", interrupted);
        }
      }
    }
  }

  private void stop() {
    try {
      gdb.close();
    } finally {
      process.close();
    }
  }

  /**
   * With the lock held: a QEMU that runs with the current command line and, unless {@code loading},
   * holds the image loaded last.
   */
  private GdbTarget session(boolean loading) {
    checkOpen();
    if (gdb.ended() || !process.isAlive() || !startedWith.equals(commandLine)) {
      stop();
      start();
      if (!loading && image.isPresent()) {
        write(image.get());
      }
    }
    return gdb;
  }

  private void write(FirmwareImage firmware) {
    gdb.load(firmware);
    if (options.catchExit() || options.catchFaults()) {
      CortexMCatches.of(firmware, options.catchExit(), options.catchFaults()).install(gdb);
    }
  }

  /** The pid of the running QEMU (tests check it is gone after close). */
  public long pid() {
    synchronized (lock) {
      return process.pid();
    }
  }

  /** The GDB session to the running QEMU (tests step it). */
  public GdbTarget gdb() {
    synchronized (lock) {
      return gdb;
    }
  }

  private GdbTarget current() {
    synchronized (lock) {
      checkOpen();
      return gdb;
    }
  }

  @Override
  public TargetSpec spec() {
    return spec;
  }

  @Override
  public void load(FirmwareImage firmware) {
    synchronized (lock) {
      session(true);
      write(firmware);
      image = Optional.of(firmware);
    }
  }

  @Override
  public void reset(ResetMode mode) {
    GdbTarget target;
    synchronized (lock) {
      target = session(false);
    }
    target.reset(mode);
  }

  @Override
  public void resume() {
    current().resume();
  }

  @Override
  public void halt() {
    current().halt();
    drain();
  }

  @Override
  public StopReason waitForStop(Duration timeout) {
    StopReason reason;
    try {
      reason = current().waitForStop(timeout);
    } catch (TargetException e) {
      throw new TargetException(e.getMessage() + " (" + processState() + ")", e);
    }
    if (!(reason instanceof StopReason.TimedOut)) {
      drain();
    }
    RuntimeException failed = listenerFailure.getAndSet(null);
    if (failed != null) {
      throw new TargetException(spec.name() + ": an output listener failed: " + failed, failed);
    }
    return reason;
  }

  private String processState() {
    QemuProcess running;
    synchronized (lock) {
      running = process;
    }
    if (running.isAlive()) {
      return "QEMU (pid " + running.pid() + ") still runs";
    }
    return running.describeDeath();
  }

  /** Delivers QEMU's output up to now, so a stop is never reported before the output before it. */
  private void drain() {
    QemuProcess running;
    synchronized (lock) {
      running = process;
    }
    running.drain();
  }

  @Override
  public Optional<StopReason> stopReason() {
    return current().stopReason();
  }

  @Override
  public byte[] readMemory(long address, int length) {
    return current().readMemory(address, length);
  }

  @Override
  public void writeMemory(long address, byte[] data) {
    current().writeMemory(address, data);
  }

  @Override
  public List<String> registerNames() {
    return current().registerNames();
  }

  @Override
  public long readRegister(String name) {
    return current().readRegister(name);
  }

  @Override
  public void writeRegister(String name, long value) {
    current().writeRegister(name, value);
  }

  @Override
  public void addBreakpoint(long address) {
    current().addBreakpoint(address);
  }

  @Override
  public void removeBreakpoint(long address) {
    current().removeBreakpoint(address);
  }

  @Override
  public void addOutputListener(OutputListener listener) {
    listeners.add(listener);
  }

  @Override
  public void removeOutputListener(OutputListener listener) {
    listeners.remove(listener);
  }

  /** A listener that throws is dropped; the next wait reports its failure. */
  private void deliver(OutputChunk chunk) {
    for (OutputListener listener : listeners) {
      try {
        listener.onOutput(chunk);
      } catch (RuntimeException e) {
        listeners.remove(listener);
        listenerFailure.compareAndSet(null, e);
      }
    }
  }

  @Override
  public Optional<Semihosting> semihosting() {
    return Optional.of(
        new Semihosting() {
          @Override
          public void setConsoleInput(byte[] input) {
            throw new TargetException(
                spec.name()
                    + ": console input for semihosting is not supported with QEMU (QEMU 7.2's"
                    + " SYS_READC on a stdio chardev returned 0 instead of the byte given)");
          }

          @Override
          public void setCommandLine(String line) {
            synchronized (lock) {
              commandLine = QemuCommand.words(line);
            }
          }
        });
  }

  private void checkOpen() {
    if (closed) {
      throw new TargetException(spec.name() + ": target is closed");
    }
  }

  /** Ends the GDB session and kills QEMU; waits until the process is gone. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      stop();
    }
  }
}
