package io.hilt.probe.drivers.probers;

import io.hilt.probe.drivers.probers.ProbeRsProcesses.Result;
import io.hilt.probe.drivers.probers.ProbeRsProcesses.Running;
import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.ImageSegment;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.OutputChunk;
import io.hilt.probe.target.OutputListener;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.Semihosting;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A board reached through the probe-rs command line, one child process per operation.
 *
 * <h2>How each operation maps to probe-rs</h2>
 *
 * Every probe-rs command that opens a session halts the cores when it attaches ({@code
 * attach_session}); {@code read} resumes every core afterwards, {@code write} and {@code download}
 * leave them halted, {@code reset} leaves them running. hilt keeps its own idea of whether the core
 * should be halted and restores it after each call:
 *
 * <ul>
 *   <li>{@link #load}: the image as Intel HEX through {@code download --verify}; skipped when the
 *       board is recorded (by {@link FlashState}) as holding the same image.
 *   <li>{@link #reset}: {@code reset} for RUN, then {@code attach} watches the firmware; for HALT,
 *       DEMCR.VC_CORERESET and AIRCR.SYSRESETREQ are written so the core stops at the reset vector.
 *   <li>{@link #resume}: {@code attach}, which resumes the core and streams semihosting and RTT
 *       output until the firmware exits or faults (probe-rs catches HardFault), or hilt stops it.
 *   <li>{@link #halt}: the {@code attach} process is stopped, then DHCSR.C_HALT is written.
 *   <li>memory: {@code read}/{@code write}; after a read of a halted core DHCSR.C_HALT is written
 *       again (the core runs briefly in between: a limit of the probe-rs command line).
 *   <li>registers: the core register transfer registers DCRSR/DCRDR through memory accesses.
 *   <li>breakpoints: not possible, probe-rs clears every hardware breakpoint when a command ends.
 * </ul>
 */
public final class ProbeRsTarget implements DebugTarget {
  static final long DHCSR = 0xE000_EDF0L;
  static final long DCRSR = 0xE000_EDF4L;
  static final long DCRDR = 0xE000_EDF8L;
  static final long DEMCR = 0xE000_EDFCL;
  static final long AIRCR = 0xE000_ED0CL;
  static final long DHCSR_HALT = 0xA05F_0003L;
  static final long DHCSR_RUN = 0xA05F_0001L;
  static final long DEMCR_TRCENA = 0x0100_0000L;
  static final long DEMCR_VC_HARDERR = 0x400L;
  static final long DEMCR_VC_CORERESET = 0x1L;
  static final long AIRCR_SYSRESETREQ = 0x05FA_0004L;
  static final long LOCKUP_PC = 0xEFFF_FFFEL;

  /** Words per {@code read}/{@code write} call, so command lines stay short. */
  static final int WORDS_PER_CALL = 1024;

  static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private static final List<String> REGISTERS =
      List.of(
          "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "sp",
          "lr", "pc", "xpsr", "msp", "psp", "primask", "control");

  private final TargetSpec spec;
  private final ProbeRsOptions options;
  private final ProbeRsCommands commands;
  private final ProbeRsProcesses processes;
  private final FlashState flashState;
  private final Path workDir;
  private final CopyOnWriteArrayList<OutputListener> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();

  // Guarded by lock.
  private Optional<Path> elf = Optional.empty();
  private volatile boolean rttFirmware = true;
  private Optional<Monitor> monitor = Optional.empty();
  private boolean halted = true;
  private StopReason lastStop = new StopReason.Halted(0);
  private final Map<String, Long> registerCache = new HashMap<>();
  private boolean closed;

  /** The {@code probe-rs run} of an embedded-test suite while it runs; close() ends it. */
  private volatile Optional<Running> testProcess = Optional.empty();

  private volatile boolean closing;

  ProbeRsTarget(
      TargetSpec spec,
      ProbeRsOptions options,
      ProbeRsCommands commands,
      ProbeRsProcesses processes,
      FlashState flashState,
      Path workDir) {
    this.spec = spec;
    this.options = options;
    this.commands = commands;
    this.processes = processes;
    this.flashState = flashState;
    this.workDir = workDir;
  }

  @Override
  public TargetSpec spec() {
    return spec;
  }

  public ProbeRsVersion version() {
    return commands.version();
  }

  /** The executable this target runs. */
  public Path executable() {
    return processes.executable();
  }

  /** Process ids of the probe-rs processes running now (the monitor), for checks. */
  public List<Long> runningProcesses() {
    List<Long> pids = new ArrayList<>();
    testProcess.filter(Running::alive).ifPresent(p -> pids.add(p.pid()));
    synchronized (lock) {
      monitor.filter(m -> m.process.alive()).ifPresent(m -> pids.add(m.process.pid()));
    }
    return pids;
  }

  // Flashing ----------------------------------------------------------------------------------

  @Override
  public void load(FirmwareImage image) {
    synchronized (lock) {
      checkOpen();
      stopMonitor();
      elf = elfOf(image);
      rttFirmware = elf.map(ProbeRsTarget::hasRttSymbol).orElse(true);
      String hash = FlashState.hash(image);
      registerCache.clear();
      if (flashState.holds(hash)) {
        // Nothing to flash, but load halts the core, whatever hilt last knew of it.
        write32(DHCSR, DHCSR_HALT);
        halted = true;
        lastStop = new StopReason.Halted(readRegister("pc"));
        return;
      }
      Path hex = workDir.resolve("image.hex");
      try {
        Files.writeString(hex, IntelHex.write(image), StandardCharsets.US_ASCII);
      } catch (IOException e) {
        throw new TargetException(spec.name() + ": cannot write " + hex + ": " + e.getMessage(), e);
      }
      flashState.forget();
      Result r = call(commands.download(hex), options.flashTimeout(), "flash " + image.name());
      if (r.output().contains("Verification failed")
          || r.output().contains("Flash content verification failed")) {
        throw failure(ProbeRsFailure.VERIFY_FAILED, "flash " + image.name(), r);
      }
      flashState.record(hash);
      halted = true;
      lastStop = new StopReason.Halted(resetVector(image).orElse(0L));
    }
  }

  /** Whether the next {@link #load} of this image would be skipped. */
  public boolean holds(FirmwareImage image) {
    return flashState.holds(FlashState.hash(image));
  }

  private static Optional<Path> elfOf(FirmwareImage image) {
    try {
      Path path = Path.of(image.name());
      if (Files.isRegularFile(path)) {
        byte[] magic = new byte[4];
        try (var in = Files.newInputStream(path)) {
          if (in.readNBytes(magic, 0, 4) == 4
              && magic[0] == 0x7f
              && magic[1] == 'E'
              && magic[2] == 'L'
              && magic[3] == 'F') {
            return Optional.of(path.toAbsolutePath());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not a readable ELF: attach then runs without one (0.32) or is refused.
    }
    return Optional.empty();
  }

  private static Optional<Long> resetVector(FirmwareImage image) {
    return image.segments().stream()
        .min(Comparator.comparingLong(ImageSegment::address))
        .filter(s -> s.data().length >= 8)
        .map(
            s -> {
              byte[] d = s.data();
              long v =
                  (d[4] & 0xffL)
                      | (d[5] & 0xffL) << 8
                      | (d[6] & 0xffL) << 16
                      | (d[7] & 0xffL) << 24;
              return v & ~1L;
            });
  }

  // Run control -------------------------------------------------------------------------------

  @Override
  public void reset(ResetMode mode) {
    synchronized (lock) {
      checkOpen();
      stopMonitor();
      registerCache.clear();
      switch (mode) {
        case RUN -> {
          call(commands.reset(), options.callTimeout(), "reset");
          halted = false;
          startMonitor();
        }
        case HALT -> {
          // The vector table is read before the reset, while the core may still run: once it is
          // halted at the reset vector, every probe-rs read would let it run on.
          Optional<long[]> vectors = resetVectors();
          write32(DEMCR, DEMCR_TRCENA | DEMCR_VC_HARDERR | DEMCR_VC_CORERESET);
          write32(AIRCR, AIRCR_SYSRESETREQ);
          write32(DEMCR, DEMCR_TRCENA | DEMCR_VC_HARDERR);
          write32(DHCSR, DHCSR_HALT);
          halted = true;
          vectors.ifPresent(
              v -> {
                // What the architecture defines after a reset (ARMv7-M B1.5.5): SP_main from
                // word 0, PC and the Thumb bit from word 1, PRIMASK and CONTROL zero; r0-r12 and
                // LR are UNKNOWN and stay uncached.
                registerCache.put("sp", v[0] & ~3L);
                registerCache.put("msp", v[0] & ~3L);
                registerCache.put("pc", v[1] & ~1L);
                registerCache.put("xpsr", (v[1] & 1L) << 24);
                registerCache.put("primask", 0L);
                registerCache.put("control", 0L);
              });
          lastStop = new StopReason.Halted(readRegister("pc"));
        }
      }
    }
  }

  /**
   * The initial stack pointer and reset vector, read from address 0 where ARMv6-M and ARMv7-M find
   * the vector table after a reset (VTOR resets to 0). ARMv8-M's reset VTOR is
   * implementation-defined, so nothing is assumed there.
   */
  private Optional<long[]> resetVectors() {
    if (spec.arch() == io.hilt.probe.target.Arch.CORTEX_M33) {
      return Optional.empty();
    }
    try {
      Result r = call(commands.read("b32", 0, 2), options.callTimeout(), "read the vector table");
      byte[] b = MemoryDump.parse(commands.version(), "b32", 0, 2, r.stdout());
      return Optional.of(new long[] {word(b, 0), word(b, 4)});
    } catch (ProbeRsException e) {
      if (e.failure() != ProbeRsFailure.BAD_OUTPUT && e.failure() != ProbeRsFailure.OTHER) {
        throw e;
      }
      return Optional.empty();
    }
  }

  private static long word(byte[] b, int at) {
    return (b[at] & 0xffL)
        | (b[at + 1] & 0xffL) << 8
        | (b[at + 2] & 0xffL) << 16
        | (b[at + 3] & 0xffL) << 24;
  }

  @Override
  public void resume() {
    synchronized (lock) {
      checkOpen();
      if (monitor.isPresent() && monitor.get().process.alive()) {
        return;
      }
      registerCache.clear();
      halted = false;
      startMonitor();
    }
  }

  @Override
  public void halt() {
    synchronized (lock) {
      checkOpen();
      boolean wasRunning = stopMonitor() || !halted;
      if (wasRunning) {
        write32(DHCSR, DHCSR_HALT);
        halted = true;
        registerCache.clear();
        lastStop = new StopReason.Halted(readRegister("pc"));
      }
    }
  }

  @Override
  public StopReason waitForStop(Duration timeout) {
    Monitor m;
    synchronized (lock) {
      checkOpen();
      if (monitor.isEmpty()) {
        return lastStop;
      }
      m = monitor.get();
    }
    Optional<Result> ended = m.process.poll(timeout);
    if (ended.isEmpty()) {
      return new StopReason.TimedOut();
    }
    synchronized (lock) {
      if (monitor.isPresent() && monitor.get() == m) {
        monitor = Optional.empty();
        m.process.close();
        lastStop = m.stopReason(ended.get());
        halted = true;
      }
      return lastStop;
    }
  }

  @Override
  public Optional<StopReason> stopReason() {
    synchronized (lock) {
      if (monitor.isPresent()) {
        if (monitor.get().process.alive()) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(waitForStop(Duration.ZERO));
  }

  private void startMonitor() {
    Monitor m = new Monitor();
    m.process = processes.start(commands.attach(elf), m::onLine);
    monitor = Optional.of(m);
  }

  /**
   * Ends the monitor, whatever it was doing; the core stays as it was (probe-rs detaches). True
   * when the firmware was still running, so hilt ended it.
   */
  private boolean stopMonitor() {
    if (monitor.isEmpty()) {
      return false;
    }
    Monitor m = monitor.get();
    monitor = Optional.empty();
    if (m.process.alive()) {
      // probe-rs says "Exited by user request" and exits 0: hilt's doing, not the firmware's.
      m.process.stop(STOP_GRACE);
      m.process.close();
      return true;
    }
    Result r = m.process.await(Duration.ZERO);
    m.process.close();
    lastStop = m.stopReason(r);
    halted = true;
    return false;
  }

  /** One {@code probe-rs attach} and what it printed. */
  private final class Monitor {
    Running process;
    private final List<MonitorLine.Frame> frames = new CopyOnWriteArrayList<>();
    private volatile Optional<MonitorLine> end = Optional.empty();

    void onLine(String raw) {
      MonitorLine line = MonitorLine.parse(raw, end.isPresent());
      if (line instanceof MonitorLine.Text t) {
        emit(OutputChannel.RTT, t.text());
      } else if (line instanceof MonitorLine.Log l) {
        emit(OutputChannel.RTT, l.display());
      } else if (line instanceof MonitorLine.Frame f) {
        frames.add(f);
      } else if (!(line instanceof MonitorLine.CoreHeader)) {
        end = Optional.of(line);
      }
    }

    private void emit(OutputChannel channel, String text) {
      OutputChunk chunk =
          new OutputChunk(
              elfHasRtt() ? channel : OutputChannel.SEMIHOSTING_STDOUT,
              (text + "\n").getBytes(StandardCharsets.UTF_8));
      for (OutputListener listener : listeners) {
        listener.onOutput(chunk);
      }
    }

    StopReason stopReason(Result r) {
      if (r.timedOut() || process.endedByHilt()) {
        return new StopReason.Halted(0);
      }
      String context = "exit status " + r.exitCode() + ", " + r.commandLine();
      if (end.isEmpty()) {
        if (r.stderr().contains("locked up core")) {
          return new StopReason.Lockup(LOCKUP_PC, ProbeRsFailure.excerpt(r.stderr()));
        }
        if (r.exitCode() == 0) {
          throw new ProbeRsException(
              ProbeRsFailure.BAD_OUTPUT,
              spec.name()
                  + ": probe-rs attach ended without saying why: "
                  + ProbeRsFailure.excerpt(r.output()),
              context);
        }
        throw failure(ProbeRsFailure.classify(r.output()), "watch the firmware", r);
      }
      String backtrace =
          frames.isEmpty()
              ? ""
              : "; probe-rs backtrace: "
                  + String.join(
                      ", ",
                      frames.stream()
                          .map(f -> String.format("%s @ 0x%08x", f.function(), f.pc()))
                          .toList());
      MonitorLine last = end.get();
      if (last instanceof MonitorLine.ExitedSuccessfully) {
        return new StopReason.Exited(0);
      }
      if (last instanceof MonitorLine.ExitedWith e) {
        return e.code().isPresent()
            ? new StopReason.Exited(e.code().getAsInt())
            : new StopReason.Fault(
                e.reason(), framePc(0), "semihosting exit: " + e.reason() + backtrace);
      }
      if (last instanceof MonitorLine.ExitedUnexpectedly e) {
        if (e.exception()) {
          return new StopReason.Fault(
              "HardFault",
              framePc(frames.size() > 1 ? 1 : 0),
              "probe-rs caught a HardFault (vector catch)" + backtrace);
        }
        return e.breakpoint()
            ? new StopReason.Breakpoint(framePc(0))
            : new StopReason.Halted(framePc(0));
      }
      throw new ProbeRsException(
          ProbeRsFailure.OTHER,
          spec.name()
              + ": probe-rs attach was stopped by someone else (\"Exited by user request\")",
          context);
    }

    private long framePc(int index) {
      return index < frames.size() ? frames.get(index).pc() : 0;
    }
  }

  private boolean elfHasRtt() {
    // Semihosting and text RTT both arrive on probe-rs's stdout: without an RTT control block in
    // the firmware, it can only be semihosting.
    return rttFirmware;
  }

  private static boolean hasRttSymbol(Path path) {
    try {
      return io.hilt.probe.elf.ElfFile.read(path).symbol("_SEGGER_RTT").isPresent();
    } catch (RuntimeException e) {
      return true;
    }
  }

  // embedded-test -----------------------------------------------------------------------------

  /**
   * Runs every test of an embedded-test firmware: {@link #runEmbeddedTests(Path,
   * EmbeddedTestSelection, Duration, Consumer)} with {@link EmbeddedTestSelection#ALL}.
   */
  public EmbeddedTestRun runEmbeddedTests(
      Path elf, Duration timeout, Consumer<String> outputLines) {
    return runEmbeddedTests(elf, EmbeddedTestSelection.ALL, timeout, outputLines);
  }

  /**
   * Flashes an embedded-test firmware and runs its tests with {@code probe-rs run --format json}
   * (probe-rs resets the core before each test, tells the firmware which one to run over
   * semihosting and takes its semihosting exit as the result; docs/probe-rs.md). One {@link
   * EmbeddedTestRun.Outcome} per selected test, named from the ELF, comes back:
   *
   * <ul>
   *   <li>the suite finished (exit 0, or exit 1 with "Some tests failed"): passed, failed (with
   *       probe-rs's message and the output printed while the test ran) and ignored tests;
   *   <li>it was aborted after it started: {@link EmbeddedTestRun#abort()} says why. A HardFault
   *       (or lockup, or any halt that is not semihosting) is {@link
   *       EmbeddedTestRun.AbortKind#TARGET}: the running test failed, the rest did not run. hilt's
   *       timeout ({@link EmbeddedTestRun.AbortKind#TIMEOUT}, the process tree is killed) and a
   *       probe-rs crash ({@link EmbeddedTestRun.AbortKind#PROBE_RS}) leave the running test and
   *       the rest not run;
   *   <li>nothing started (no probe, flashing failed, the ELF was refused, or the timeout ran out
   *       first): a {@link ProbeRsException} classified as for every other call.
   * </ul>
   *
   * <p>Afterwards the board holds this firmware, halted; the flash record is cleared (probe-rs
   * flashed it, not hilt).
   *
   * @param timeout for the whole run, flashing included
   * @param outputLines every line probe-rs prints on stdout (events and firmware output), as it
   *     comes, on a reader thread
   * @throws TargetException when {@code elf} is not an embedded-test firmware
   */
  public EmbeddedTestRun runEmbeddedTests(
      Path elf, EmbeddedTestSelection selection, Duration timeout, Consumer<String> outputLines) {
    Objects.requireNonNull(selection, "selection");
    Objects.requireNonNull(outputLines, "outputLines");
    EmbeddedTestElf tests =
        EmbeddedTestElf.read(ElfFile.read(elf))
            .orElseThrow(
                () ->
                    new TargetException(
                        spec.name()
                            + ": "
                            + elf
                            + " is not an embedded-test firmware (no "
                            + EmbeddedTestElf.SECTION
                            + " section with "
                            + EmbeddedTestElf.VERSION_SYMBOL
                            + "), so probe-rs run would not run tests"));
    EmbeddedTestRun run =
        new EmbeddedTestRun(
            selection.apply(tests.tests()).stream().map(EmbeddedTestElf.Test::name).toList());
    String what = "run the embedded tests of " + elf.getFileName();
    synchronized (lock) {
      checkOpen();
      stopMonitor();
      registerCache.clear();
      flashState.forget();
      this.elf = Optional.of(elf.toAbsolutePath());
      rttFirmware = hasRttSymbol(elf);
      halted = true;
      lastStop = new StopReason.Halted(0);
      List<RuntimeException> listenerFailures = new CopyOnWriteArrayList<>();
      Result r;
      try (Running p =
          processes.start(
              commands.runTests(elf, selection),
              line -> {
                run.accept(line);
                try {
                  outputLines.accept(line);
                } catch (RuntimeException e) {
                  listenerFailures.add(e);
                }
              })) {
        testProcess = Optional.of(p);
        r = p.await(timeout);
      } finally {
        testProcess = Optional.empty();
      }
      if (!listenerFailures.isEmpty()) {
        throw new TargetException(
            spec.name() + ": " + what + ": the output listener failed", listenerFailures.get(0));
      }
      return finish(run, r, timeout, what);
    }
  }

  private EmbeddedTestRun finish(EmbeddedTestRun run, Result r, Duration timeout, String what) {
    String stderr = ProbeRsFailure.stripAnsi(r.stderr());
    if (closing && !run.complete()) {
      String why = "the target was closed while the tests ran, and probe-rs was killed";
      if (!run.started()) {
        throw new TargetException(spec.name() + ": " + what + ": " + why);
      }
      run.abort(new EmbeddedTestRun.Abort(EmbeddedTestRun.AbortKind.PROBE_RS, why));
      return run;
    }
    if (r.timedOut()) {
      if (!run.started()) {
        throw new ProbeRsException(
            ProbeRsFailure.TIMEOUT,
            String.format(
                "%s: %s: probe-rs did not start the tests within %d s and was killed; its output:"
                    + " %s",
                spec.name(), what, timeout.toSeconds(), ProbeRsFailure.excerpt(r.output())),
            r.commandLine());
      }
      run.abort(
          new EmbeddedTestRun.Abort(
              EmbeddedTestRun.AbortKind.TIMEOUT,
              "hilt's timeout of " + timeout.toSeconds() + " s ran out and probe-rs was killed"));
      return run;
    }
    if (run.complete()) {
      // Exit 1 with "Some tests failed" is libtest's verdict; the failures are outcomes.
      return run;
    }
    if (!run.started()) {
      if (r.exitCode() == 0) {
        throw new ProbeRsException(
            ProbeRsFailure.BAD_OUTPUT,
            spec.name()
                + ": "
                + what
                + ": probe-rs printed no test events: "
                + ProbeRsFailure.excerpt(r.output()),
            r.commandLine());
      }
      throw failure(ProbeRsFailure.classify(r.output()), what, r);
    }
    run.abort(abortOf(r, stderr));
    return run;
  }

  /** Why a started suite ended without its closing event, from probe-rs's last words. */
  private EmbeddedTestRun.Abort abortOf(Result r, String stderr) {
    String said = "probe-rs said: " + ProbeRsFailure.excerpt(errorLines(stderr));
    if (r.exitCode() == 101 || r.exitCode() > 128) {
      return new EmbeddedTestRun.Abort(
          EmbeddedTestRun.AbortKind.PROBE_RS,
          "probe-rs crashed (exit status " + r.exitCode() + "); " + said);
    }
    if (stderr.contains("The CPU halted unexpectedly")) {
      String reason =
          stderr.contains("halted unexpectedly: Exception")
              ? "a HardFault (probe-rs's vector catch)"
              : "a halt that was not a semihosting call";
      return new EmbeddedTestRun.Abort(
          EmbeddedTestRun.AbortKind.TARGET, "the target stopped on " + reason + "; " + said);
    }
    if (stderr.contains("locked up")) {
      return new EmbeddedTestRun.Abort(
          EmbeddedTestRun.AbortKind.TARGET, "the core locked up; " + said);
    }
    if (stderr.contains("Unexpected semihosting command")) {
      return new EmbeddedTestRun.Abort(
          EmbeddedTestRun.AbortKind.TARGET,
          "the firmware made a semihosting call probe-rs does not serve during a test; " + said);
    }
    if (stderr.contains("Cancelled") && r.exitCode() == 0) {
      return new EmbeddedTestRun.Abort(
          EmbeddedTestRun.AbortKind.PROBE_RS,
          "probe-rs was stopped by someone else (\"Cancelled\", exit status 0)");
    }
    return new EmbeddedTestRun.Abort(
        EmbeddedTestRun.AbortKind.PROBE_RS,
        "probe-rs ended (exit status "
            + r.exitCode()
            + ") before the suite finished; "
            + ProbeRsFailure.excerpt(r.output()));
  }

  /** probe-rs's {@code Error: ...} message (with its {@code Caused by:} lines), else all stderr. */
  private static String errorLines(String stderr) {
    int at = stderr.lastIndexOf("Error: ");
    return at >= 0 ? stderr.substring(at + "Error: ".length()) : stderr;
  }

  // Memory ------------------------------------------------------------------------------------

  @Override
  public byte[] readMemory(long address, int length) {
    checkRange(address, length);
    synchronized (lock) {
      checkOpen();
      boolean wasMonitoring = pauseMonitor();
      try {
        byte[] out = new byte[length];
        boolean words = address % 4 == 0 && length % 4 == 0;
        int unit = words ? 4 : 1;
        int done = 0;
        while (done < length) {
          int n = Math.min(length - done, WORDS_PER_CALL * unit);
          String width = words ? "b32" : "b8";
          long at = address + done;
          Result r =
              call(
                  commands.read(width, at, n / unit),
                  options.callTimeout(),
                  String.format("read %d bytes at 0x%08x", n, at));
          byte[] data = MemoryDump.parse(commands.version(), width, at, n / unit, r.stdout());
          System.arraycopy(data, 0, out, done, n);
          done += n;
        }
        return out;
      } finally {
        // probe-rs read resumed the core: stop it again where hilt had it stopped.
        if (halted && !wasMonitoring) {
          write32(DHCSR, DHCSR_HALT);
        }
        resumeMonitor(wasMonitoring);
      }
    }
  }

  @Override
  public void writeMemory(long address, byte[] data) {
    checkRange(address, data.length);
    synchronized (lock) {
      checkOpen();
      boolean wasMonitoring = pauseMonitor();
      try {
        writeBytes(address, data);
        if (!halted && !wasMonitoring) {
          write32(DHCSR, DHCSR_RUN);
        }
      } finally {
        resumeMonitor(wasMonitoring);
      }
    }
  }

  private void writeBytes(long address, byte[] data) {
    int done = 0;
    while (done < data.length) {
      long at = address + done;
      boolean word = at % 4 == 0 && data.length - done >= 4;
      List<Long> values = new ArrayList<>();
      if (word) {
        while (values.size() < WORDS_PER_CALL && data.length - done >= 4) {
          values.add(
              (data[done] & 0xffL)
                  | (data[done + 1] & 0xffL) << 8
                  | (data[done + 2] & 0xffL) << 16
                  | (data[done + 3] & 0xffL) << 24);
          done += 4;
        }
      } else {
        // Bytes up to the next word boundary (or the end).
        while (values.size() < WORDS_PER_CALL
            && done < data.length
            && (values.isEmpty() || (address + done) % 4 != 0)) {
          values.add(data[done] & 0xffL);
          done++;
        }
      }
      call(
          commands.write(word ? "b32" : "b8", at, values),
          options.callTimeout(),
          String.format("write %d %s at 0x%08x", values.size(), word ? "words" : "bytes", at));
    }
  }

  private void write32(long address, long value) {
    call(
        commands.write("b32", address, List.of(value)),
        options.callTimeout(),
        String.format("write 0x%08x to 0x%08x", value, address));
  }

  /** Stops a running monitor so the probe is free; true when it has to be started again. */
  private boolean pauseMonitor() {
    if (monitor.isPresent() && monitor.get().process.alive()) {
      Monitor m = monitor.get();
      monitor = Optional.empty();
      m.process.stop(STOP_GRACE);
      m.process.close();
      return true;
    }
    if (monitor.isPresent()) {
      stopMonitor();
    }
    return false;
  }

  private void resumeMonitor(boolean wasMonitoring) {
    if (wasMonitoring) {
      startMonitor();
    }
  }

  private void checkRange(long address, int length) {
    if (address < 0 || length < 0 || address + length > 0x1_0000_0000L) {
      throw new TargetException(
          String.format(
              "%s: memory access of %d bytes at 0x%x is outside the 32-bit space",
              spec.name(), length, address));
    }
  }

  // Registers ---------------------------------------------------------------------------------

  @Override
  public List<String> registerNames() {
    return REGISTERS;
  }

  @Override
  public long readRegister(String name) {
    String key = name.toLowerCase(java.util.Locale.ROOT);
    int selector = selector(key);
    synchronized (lock) {
      checkOpen();
      requireHalted("read register " + name);
      Long cached = registerCache.get(key);
      if (cached != null) {
        return cached;
      }
      write32(DCRSR, selector);
      Result r =
          call(commands.read("b32", DCRDR, 1), options.callTimeout(), "read register " + name);
      byte[] b = MemoryDump.parse(commands.version(), "b32", DCRDR, 1, r.stdout());
      write32(DHCSR, DHCSR_HALT);
      long raw = (b[0] & 0xffL) | (b[1] & 0xffL) << 8 | (b[2] & 0xffL) << 16 | (b[3] & 0xffL) << 24;
      long value =
          switch (key) {
            case "primask" -> raw & 1;
            case "control" -> (raw >>> 24) & 0xff;
            default -> raw;
          };
      registerCache.put(key, value);
      return value;
    }
  }

  @Override
  public void writeRegister(String name, long value) {
    String key = name.toLowerCase(java.util.Locale.ROOT);
    int selector = selector(key);
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw new TargetException(
          String.format("%s: value 0x%x does not fit register %s", spec.name(), value, name));
    }
    synchronized (lock) {
      checkOpen();
      requireHalted("write register " + name);
      long raw = value;
      if (key.equals("primask") || key.equals("control")) {
        long special = readRegisterRaw(20);
        raw =
            key.equals("primask")
                ? (special & ~0xffL) | (value & 1)
                : (special & 0x00ff_ffffL) | (value & 0xff) << 24;
      }
      write32(DCRDR, raw);
      write32(DCRSR, selector | 0x1_0000L);
      registerCache.clear();
    }
  }

  private long readRegisterRaw(int selector) {
    write32(DCRSR, selector);
    Result r =
        call(commands.read("b32", DCRDR, 1), options.callTimeout(), "read special registers");
    byte[] b = MemoryDump.parse(commands.version(), "b32", DCRDR, 1, r.stdout());
    write32(DHCSR, DHCSR_HALT);
    return (b[0] & 0xffL) | (b[1] & 0xffL) << 8 | (b[2] & 0xffL) << 16 | (b[3] & 0xffL) << 24;
  }

  private int selector(String key) {
    int index = REGISTERS.indexOf(key);
    if (index < 0) {
      throw new TargetException(
          String.format(
              "%s: unknown register '%s' (known: %s)",
              spec.name(), key, String.join(", ", REGISTERS)));
    }
    // DCRSR.REGSEL: r0-r12, sp, lr, DebugReturnAddress (pc), xPSR, MSP, PSP; 20 holds CONTROL,
    // FAULTMASK, BASEPRI and PRIMASK in one word.
    return index <= 18 ? index : 20;
  }

  private void requireHalted(String what) {
    if (!halted || (monitor.isPresent() && monitor.get().process.alive())) {
      throw new TargetException(
          spec.name() + ": cannot " + what + " while the core runs: halt it first");
    }
  }

  // Breakpoints, output, semihosting -----------------------------------------------------------

  @Override
  public void addBreakpoint(long address) {
    throw new ProbeRsException(
        ProbeRsFailure.UNSUPPORTED_OPERATION,
        String.format(
            "%s: breakpoint at 0x%08x: probe-rs clears every hardware breakpoint when a command"
                + " ends, so the command line cannot keep one",
            spec.name(), address),
        "");
  }

  @Override
  public void removeBreakpoint(long address) {
    addBreakpoint(address);
  }

  @Override
  public void addOutputListener(OutputListener listener) {
    listeners.add(listener);
  }

  @Override
  public void removeOutputListener(OutputListener listener) {
    listeners.remove(listener);
  }

  /** probe-rs serves semihosting itself and takes no console input or command line from hilt. */
  @Override
  public Optional<Semihosting> semihosting() {
    return Optional.empty();
  }

  @Override
  public void close() {
    // An embedded-test run holds the lock while it waits: end its process tree first.
    closing = true;
    testProcess.ifPresent(Running::close);
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      monitor.ifPresent(m -> m.process.close());
      monitor = Optional.empty();
      try (Stream<Path> files = Files.walk(workDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // A temporary directory left behind is harmless.
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new TargetException(spec.name() + ": the probe-rs target is closed");
    }
  }

  // Calls -------------------------------------------------------------------------------------

  private Result call(List<String> args, Duration timeout, String what) {
    Result r = processes.run(args, timeout);
    if (r.timedOut()) {
      throw new ProbeRsException(
          ProbeRsFailure.TIMEOUT,
          String.format(
              "%s: %s: probe-rs did not finish within %d s and was killed; its output: %s",
              spec.name(), what, timeout.toSeconds(), ProbeRsFailure.excerpt(r.output())),
          r.commandLine());
    }
    if (r.exitCode() != 0) {
      throw failure(ProbeRsFailure.classify(r.output()), what, r);
    }
    return r;
  }

  private ProbeRsException failure(ProbeRsFailure kind, String what, Result r) {
    String status =
        r.exitCode() == 101
            ? "exit status 101 (a panic)"
            : r.exitCode() > 128
                ? "killed by signal " + (r.exitCode() - 128)
                : "exit status " + r.exitCode();
    return new ProbeRsException(
        r.exitCode() == 101 || r.exitCode() > 128 ? ProbeRsFailure.CRASHED : kind,
        spec.name() + ": " + what + ": probe-rs said: " + ProbeRsFailure.excerpt(r.output()),
        status + ", " + r.commandLine());
  }
}
