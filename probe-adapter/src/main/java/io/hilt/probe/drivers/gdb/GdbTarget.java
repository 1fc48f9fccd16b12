package io.hilt.probe.drivers.gdb;

import io.hilt.probe.target.Arch;
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
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A core behind a GDB remote serial protocol server (QEMU's gdbstub, OpenOCD, pyOCD, {@code
 * probe-rs gdb}), in all-stop mode. See {@code docs/drivers.md} for what is supported and how stop
 * replies become {@link StopReason}s.
 *
 * <p>Threads: callers' requests take the link lock, one request at a time. Stop replies after a
 * resume arrive on the link's event loop and are handled on this target's run-control thread (which
 * may talk to the server, for example to step past an internal breakpoint); output listeners are
 * called on the event loop thread.
 */
public final class GdbTarget implements DebugTarget {
  /** Decides about stops at internal breakpoints (the QEMU driver catches semihosting exits). */
  public interface StopHook {
    /**
     * Called on the run-control thread when the core stopped at an internal breakpoint; may read
     * registers and memory of {@code target}.
     *
     * @return the stop to report, or empty to let the core run on past the breakpoint
     */
    Optional<StopReason> atInternalBreakpoint(GdbTarget target, long pc);
  }

  private static final int MAX_ANNEX_BYTES = 1024 * 1024;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

  /** Cortex-M's private peripheral bus and vendor system space start here. */
  private static final long SYSTEM_SPACE = 0xE000_0000L;

  private final TargetSpec spec;
  private final GdbOptions options;
  private final String where;
  private final ReentrantLock link = new ReentrantLock();
  private final Object state = new Object();
  private final CopyOnWriteArrayList<OutputListener> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService runControl;
  private final GdbClient client;

  // Set while opening, then read only.
  private GdbFeatures features = new GdbFeatures(Map.of());
  private TargetDescription description = TargetDescription.armMProfileDefault();
  private boolean vCont;
  private int packetSize;
  private RspMemory memory;
  private boolean physicalMemoryMode;
  private RspRegisters registers;
  private RspBreakpoints breakpoints;

  // Guarded by link.
  private boolean handlingStop;
  private Optional<StopHook> hook = Optional.empty();

  // Written with the link held, read by the event loop.
  private volatile Optional<ByteArrayOutputStream> monitorOutput = Optional.empty();

  // Guarded by state.
  private boolean running;
  private boolean haltRequested;
  private boolean closed;
  private StopReason lastStop = new StopReason.Halted(0);
  private Optional<TargetException> failure = Optional.empty();
  private Optional<RuntimeException> listenerFailure = Optional.empty();
  private Optional<String> gone = Optional.empty();

  private GdbTarget(TargetSpec spec, GdbOptions options, ClientFactory factory) {
    this.spec = spec;
    this.options = options;
    this.where =
        spec.name()
            + ": GDB server "
            + options.address().getHostString()
            + ":"
            + options.address().getPort();
    this.runControl =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "hilt-gdb-run-" + spec.name());
              t.setDaemon(true);
              return t;
            });
    GdbClient.Listener listener = new LinkListener();
    GdbClient c;
    try {
      c = factory.open(listener);
    } catch (RuntimeException e) {
      runControl.shutdownNow();
      throw e;
    }
    this.client = c;
  }

  /** Makes the link; the listener must be the one given. */
  @FunctionalInterface
  public interface ClientFactory {
    GdbClient open(GdbClient.Listener listener);
  }

  /**
   * Connects to the server in {@code options} and reads what it supports, its registers and the
   * core's state.
   *
   * @throws TargetException naming the server when it cannot be reached or does not speak RSP
   */
  public static GdbTarget connect(TargetSpec spec, GdbOptions options) {
    InetSocketAddress resolved =
        new InetSocketAddress(options.address().getHostString(), options.address().getPort());
    return open(
        spec,
        options,
        listener ->
            GdbClient.connect(
                resolved, options.connectTimeout(), options.maxPacket() * 2, listener));
  }

  /** Opens a target over a link {@code factory} makes (tests pass in-memory links). */
  public static GdbTarget open(TargetSpec spec, GdbOptions options, ClientFactory factory) {
    GdbTarget target = new GdbTarget(spec, options, factory);
    try {
      target.handshake();
      return target;
    } catch (RuntimeException e) {
      target.client.close();
      target.runControl.shutdownNow();
      throw e;
    }
  }

  private void handshake() {
    link.lock();
    try {
      RspReply supported =
          request(
              "qSupported:swbreak+;hwbreak+;vContSupported+"
                  + (spec.arch() == Arch.RISCV32IMAC ? "" : ";xmlRegisters=arm"));
      if (supported instanceof RspReply.Data d) {
        features = GdbFeatures.parse(d.text());
      } else if (!(supported instanceof RspReply.Empty)) {
        throw new TargetException(
            where + ": unexpected answer to qSupported: " + supported.describe());
      }
      packetSize =
          (int)
              Math.max(
                  GdbOptions.MIN_PACKET,
                  Math.min(options.maxPacket(), features.packetSize().orElse(1024)));
      if (features.supports("QStartNoAckMode")
          && request("QStartNoAckMode") instanceof RspReply.Ok) {
        client.noAckMode();
      }
      if (features.supports("qXfer:features:read")) {
        description = TargetDescription.parse(this::readAnnex);
      }
      physicalMemoryMode = probePhysicalMemoryMode();
      memory = new RspMemory(this::request, packetSize, where);
      registers = new RspRegisters(this::request, description, where);
      breakpoints =
          new RspBreakpoints(
              this::request,
              options.hardwareBreakpoints(),
              // GDB's kind: 2 for a 16-bit Thumb BKPT (Cortex-M), 4 for RISC-V's EBREAK
              spec.arch() == Arch.RISCV32IMAC ? "4" : "2",
              where);
      if (description.register("pc").isEmpty()) {
        throw new TargetException(
            where
                + ": the target description has no register named pc (registers: "
                + names()
                + ")");
      }
      RspReply cont = request("vCont?");
      vCont =
          cont instanceof RspReply.Data d
              && List.of(d.text().split(";")).containsAll(List.of("vCont", "c", "s"));
      RspReply status = request("?");
      StopReason initial =
          status instanceof RspReply.Stop s
              ? classify(s.reply(), false, true)
              : new StopReason.Halted(pc());
      synchronized (state) {
        lastStop = initial;
      }
    } finally {
      link.unlock();
    }
  }

  /**
   * Whether the server is QEMU with {@code qqemu.PhyMemMode}: memory access without the MPU/PMP in
   * the way, as a probe's debug access port has on real silicon. Other servers answer the query
   * with an empty packet.
   */
  private boolean probePhysicalMemoryMode() {
    RspReply mode = request("qqemu.PhyMemMode");
    return mode instanceof RspReply.Data d && (d.text().equals("0") || d.text().equals("1"));
  }

  /**
   * Runs a memory access; when QEMU refuses it, runs it again in physical memory mode. QEMU checks
   * debug accesses against the MPU per 1 KiB page, so a small no-access region (a null-pointer
   * guard) makes it refuse privileged code sharing that page, where a real probe reads fine.
   * Physical mode cannot be on all the time: it goes around the CPU's own view, where the System
   * Control Space lives, so SCB registers read as zero there.
   */
  private <T> T withPhysicalFallback(long address, java.util.function.Supplier<T> access) {
    try {
      return access.get();
    } catch (TargetException refused) {
      if (!physicalMemoryMode || address >= SYSTEM_SPACE) {
        throw refused;
      }
      if (!(request("Qqemu.PhyMemMode:1") instanceof RspReply.Ok)) {
        throw refused;
      }
      try {
        return access.get();
      } catch (TargetException again) {
        again.addSuppressed(refused);
        throw again;
      } finally {
        request("Qqemu.PhyMemMode:0");
      }
    }
  }

  /** What the server said it supports. */
  public GdbFeatures features() {
    return features;
  }

  public TargetDescription description() {
    return description;
  }

  /** host:port of the server. */
  public String peer() {
    return client.peer();
  }

  public void setStopHook(StopHook stopHook) {
    link.lock();
    try {
      hook = Optional.of(stopHook);
    } finally {
      link.unlock();
    }
  }

  @Override
  public TargetSpec spec() {
    return spec;
  }

  // Requests -----------------------------------------------------------------------------------

  private RspReply request(String command) {
    return request(RspCommand.of(command));
  }

  private RspReply request(RspCommand command) {
    try {
      return client.request(command, options.timeout());
    } catch (TargetException e) {
      throw new TargetException(spec.name() + ": " + e.getMessage(), e);
    }
  }

  private String readAnnex(String annex) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int chunk = packetSize - RspMemory.PACKET_OVERHEAD;
    while (true) {
      String command =
          "qXfer:features:read:"
              + annex
              + ":"
              + Integer.toHexString(out.size())
              + ","
              + Integer.toHexString(chunk);
      RspReply reply = request(command);
      if (!(reply instanceof RspReply.Data data) || data.bytes().length == 0) {
        throw new GdbDescriptionException(
            annex + ": " + where + " answered '" + command + "' with " + reply.describe());
      }
      byte[] bytes = data.bytes();
      if (bytes[0] != 'm' && bytes[0] != 'l') {
        throw new GdbDescriptionException(
            annex
                + ": "
                + where
                + " answered '"
                + command
                + "' with "
                + reply.describe()
                + " (expected m... or l...)");
      }
      out.write(bytes, 1, bytes.length - 1);
      if (out.size() > MAX_ANNEX_BYTES) {
        throw new GdbDescriptionException(
            annex + ": longer than " + MAX_ANNEX_BYTES + " bytes; refusing the rest");
      }
      if (bytes[0] == 'l') {
        return out.toString(StandardCharsets.UTF_8);
      }
      if (bytes.length == 1) {
        throw new GdbDescriptionException(
            annex + ": " + where + " sent an empty 'm' chunk at offset " + out.size());
      }
    }
  }

  // Run control --------------------------------------------------------------------------------

  @Override
  public void resume() {
    synchronized (state) {
      checkOpen();
      if (running || gone.isPresent() || isFinal(lastStop)) {
        // an exited target only runs again after a reset
        return;
      }
    }
    link.lock();
    try {
      long pc = pc();
      if (breakpoints.insertedAt(pc).isPresent()) {
        Optional<StopReason> stepped = stepOver(pc);
        if (stepped.isPresent()) {
          publish(stepped.get());
          return;
        }
      }
      continueRunning();
    } finally {
      link.unlock();
    }
  }

  /** Sends the continue; with the link held. */
  private void continueRunning() {
    synchronized (state) {
      running = true;
      haltRequested = false;
      failure = Optional.empty();
      client.resume(RspCommand.of(vCont ? "vCont;c" : "c"));
    }
  }

  /**
   * Executes one instruction; with the link held, at a breakpoint or not.
   *
   * @return how the core stopped after it
   */
  public StopReason step() {
    synchronized (state) {
      checkOpen();
      checkHalted("step");
    }
    link.lock();
    try {
      long pc = pc();
      StopReason reason = stepOver(pc).orElseGet(() -> new StopReason.Halted(pc()));
      publish(reason);
      return reason;
    } finally {
      link.unlock();
    }
  }

  /**
   * Steps past the instruction at {@code pc}, lifting a breakpoint there for the step.
   *
   * @return a stop other than the step's own end (an exit, a fault, a breakpoint), if any
   */
  private Optional<StopReason> stepOver(long pc) {
    Optional<Character> type = breakpoints.lift(pc);
    RspReply reply;
    try {
      reply = request(vCont ? "vCont;s" : "s");
    } finally {
      if (type.isPresent() && gone().isEmpty()) {
        breakpoints.restore(pc, type.get());
      }
    }
    if (!(reply instanceof RspReply.Stop stop)) {
      throw new TargetException(
          String.format("%s: step at 0x%08x was answered with %s", where, pc, reply.describe()));
    }
    StopReason reason = classify(stop.reply(), true, false);
    if (reason instanceof StopReason.Halted) {
      return Optional.empty();
    }
    return Optional.of(reason);
  }

  @Override
  public void halt() {
    synchronized (state) {
      checkOpen();
      if (!running) {
        return;
      }
      haltRequested = true;
      if (client.running()) {
        client.interrupt();
      }
    }
    if (!awaitStopped(options.timeout())) {
      client.interrupt();
      if (!awaitStopped(options.timeout())) {
        throw new TargetException(
            where
                + ": the core did not stop within "
                + options.timeout().multipliedBy(2)
                + " of an interrupt (0x03)");
      }
    }
    synchronized (state) {
      failure.ifPresent(
          f -> {
            throw new TargetException(where + ": link failed while halting: " + f.getMessage(), f);
          });
    }
  }

  private boolean awaitStopped(Duration timeout) {
    synchronized (state) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (running) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          state.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new TargetException(where + ": interrupted while waiting for the core", e);
        }
      }
      return true;
    }
  }

  @Override
  public StopReason waitForStop(Duration timeout) {
    if (!awaitStopped(timeout)) {
      return new StopReason.TimedOut();
    }
    synchronized (state) {
      if (failure.isPresent()) {
        TargetException f = failure.get();
        throw new TargetException(where + ": " + f.getMessage(), f);
      }
      if (listenerFailure.isPresent()) {
        RuntimeException e = listenerFailure.get();
        listenerFailure = Optional.empty();
        throw new TargetException(spec.name() + ": an output listener failed: " + e, e);
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
    link.lock();
    try {
      checkReachable("reset");
      monitor(options.resetCommand());
      publish(new StopReason.Halted(pc()));
    } finally {
      link.unlock();
    }
    if (mode == ResetMode.RUN) {
      resume();
    }
  }

  /**
   * Runs a monitor command ({@code qRcmd}) and returns what it printed.
   *
   * @throws TargetException when the server refuses it or does not know monitor commands
   */
  public String monitor(String command) {
    link.lock();
    try {
      checkHaltedForRequest("run monitor command '" + command + "'");
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      monitorOutput = Optional.of(printed);
      RspReply reply;
      try {
        reply =
            request("qRcmd," + HexFormat.of().formatHex(command.getBytes(StandardCharsets.UTF_8)));
      } finally {
        monitorOutput = Optional.empty();
      }
      if (reply instanceof RspReply.Data d) {
        Hex.bytes(d.text()).ifPresent(printed::writeBytes);
      } else if (!(reply instanceof RspReply.Ok)) {
        throw new TargetException(
            where
                + ": monitor command '"
                + command
                + "' was answered with "
                + reply.describe()
                + (reply instanceof RspReply.Empty ? " (the server has no monitor commands)" : ""));
      }
      return printed.toString(StandardCharsets.UTF_8);
    } finally {
      link.unlock();
    }
  }

  @Override
  public void load(FirmwareImage image) {
    halt();
    for (ImageSegment segment : image.segments()) {
      try {
        writeMemory(segment.address(), segment.data());
      } catch (TargetException e) {
        throw new TargetException(
            spec.name() + ": cannot load " + image.name() + ": " + e.getMessage(), e);
      }
    }
  }

  // Stop handling ------------------------------------------------------------------------------

  /** On the run-control thread: the stop reply that ends a resume. */
  private void stopped(StopReply reply) {
    link.lock();
    handlingStop = true;
    try {
      StopReason reason = classify(reply, false, false);
      if (reason instanceof StopReason.Breakpoint b
          && !breakpoints.isUser(b.address())
          && breakpoints.isInternal(b.address())
          && hook.isPresent()) {
        Optional<StopReason> decided = hook.get().atInternalBreakpoint(this, b.address());
        if (decided.isPresent()) {
          reason = decided.get();
        } else if (haltWanted()) {
          reason = new StopReason.Halted(b.address());
        } else {
          Optional<StopReason> stepped = stepOver(b.address());
          if (stepped.isEmpty()) {
            synchronized (state) {
              if (!haltRequested) {
                running = true;
                client.resume(RspCommand.of(vCont ? "vCont;c" : "c"));
                return;
              }
            }
            reason = new StopReason.Halted(pc());
          } else {
            reason = stepped.get();
          }
        }
      }
      publish(reason);
    } catch (RuntimeException e) {
      TargetException f =
          e instanceof TargetException t
              ? t
              : new TargetException(where + ": handling a stop failed: " + e, e);
      synchronized (state) {
        failure = Optional.of(f);
        running = false;
        state.notifyAll();
      }
    } finally {
      handlingStop = false;
      link.unlock();
    }
  }

  private boolean haltWanted() {
    synchronized (state) {
      return haltRequested;
    }
  }

  private void publish(StopReason reason) {
    synchronized (state) {
      lastStop = reason;
      running = false;
      haltRequested = false;
      state.notifyAll();
    }
  }

  /**
   * What a stop reply means.
   *
   * @param stepping the reply ends a single step: a trap is a plain halt unless a breakpoint set by
   *     the user is where the step ended
   * @param attaching the reply is the answer to {@code ?} when connecting: whatever the signal, the
   *     core is simply halted
   */
  private StopReason classify(StopReply reply, boolean stepping, boolean attaching) {
    if (reply instanceof StopReply.Exited exited) {
      markGone("the firmware exited with status " + exited.code());
      return new StopReason.Exited(exited.code());
    }
    if (reply instanceof StopReply.Terminated t) {
      markGone("the target was ended by " + Signals.name(t.signal()));
      return new StopReason.Fault(
          Signals.name(t.signal()),
          0,
          "the GDB server reports the target ended by signal "
              + t.signal()
              + " (X packet); its registers are gone");
    }
    StopReply.Signalled s = (StopReply.Signalled) reply;
    int pcNumber = description.register("pc").orElseThrow().number();
    long pc = s.register(pcNumber).orElseGet(this::pc) & 0xFFFF_FFFFL;
    if (attaching) {
      return new StopReason.Halted(pc);
    }
    if (Signals.isFault(s.signal())) {
      return fault(s.signal(), pc);
    }
    boolean trap = s.signal() == Signals.SIGTRAP;
    Optional<String> why = s.reason();
    if (why.isPresent() && (why.get().equals("swbreak") || why.get().equals("hwbreak"))) {
      return new StopReason.Breakpoint(pc);
    }
    if (trap && breakpoints.insertedAt(pc).isPresent() && (!stepping || breakpoints.isUser(pc))) {
      return new StopReason.Breakpoint(pc);
    }
    return new StopReason.Halted(pc);
  }

  /** A fault signal, named by the exception the core is in when xpsr says so. */
  private StopReason fault(int signal, long pc) {
    String name = Signals.name(signal);
    Optional<GdbRegister> xpsr = description.register("xpsr");
    if (xpsr.isPresent()) {
      OptionalLong value = tryRegister(xpsr.get());
      if (value.isPresent()) {
        int exception = (int) (value.getAsLong() & 0x1FF);
        String[] names = {null, null, "NMI", "HardFault", "MemManage", "BusFault", "UsageFault"};
        if (exception >= 2 && exception < names.length) {
          name = names[exception];
        }
      }
    }
    return new StopReason.Fault(
        name, pc, "the GDB server stopped the core with " + Signals.name(signal));
  }

  private void markGone(String why) {
    synchronized (state) {
      gone = Optional.of(why);
    }
  }

  private Optional<String> gone() {
    synchronized (state) {
      return gone;
    }
  }

  private static boolean isFinal(StopReason reason) {
    return reason instanceof StopReason.Exited;
  }

  // Memory -------------------------------------------------------------------------------------

  @Override
  public byte[] readMemory(long address, int length) {
    checkRange(address, length);
    link.lock();
    try {
      checkHaltedForRequest(String.format("read memory at 0x%08x", address));
      return withPhysicalFallback(address, () -> memory.read(address, length));
    } finally {
      link.unlock();
    }
  }

  @Override
  public void writeMemory(long address, byte[] data) {
    checkRange(address, data.length);
    link.lock();
    try {
      checkHaltedForRequest(String.format("write memory at 0x%08x", address));
      withPhysicalFallback(
          address,
          () -> {
            memory.write(address, data);
            return null;
          });
    } finally {
      link.unlock();
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

  // Registers ----------------------------------------------------------------------------------

  /**
   * The registers the server describes, and on a Cortex-M the special registers it leaves out
   * ({@code msp}, {@code psp}, {@code primask}, ...), which are reached by stepping an {@code MRS}
   * or {@code MSR} at the halted pc (see {@link #viaInstruction}).
   */
  @Override
  public List<String> registerNames() {
    List<String> described = describedNames();
    List<String> all = new ArrayList<>(described);
    all.addAll(CortexMSystemRegisters.missing(spec.arch(), described));
    return List.copyOf(all);
  }

  private List<String> describedNames() {
    return description.registers().stream().map(GdbRegister::name).toList();
  }

  private Optional<Integer> derivedSysm(String name) {
    if (description.register(name).isPresent()) {
      return Optional.empty();
    }
    return CortexMSystemRegisters.sysm(spec.arch(), name);
  }

  private String names() {
    return String.join(", ", registerNames());
  }

  private GdbRegister register(String name) {
    return description
        .register(name)
        .orElseThrow(
            () ->
                new TargetException(
                    where
                        + ": no register named '"
                        + name
                        + "' (this target has: "
                        + names()
                        + ")"));
  }

  @Override
  public long readRegister(String name) {
    Optional<Integer> sysm = derivedSysm(name);
    if (sysm.isPresent()) {
      return viaInstruction(name, CortexMSystemRegisters.mrsR0(sysm.get()), OptionalLong.empty());
    }
    GdbRegister register = register(name);
    link.lock();
    try {
      checkHaltedForRequest("read register " + register.name());
      OptionalLong value = registers.read(register);
      if (value.isEmpty()) {
        throw new TargetException(
            where
                + ": register "
                + register.name()
                + " (number "
                + register.number()
                + ") is unavailable");
      }
      return value.getAsLong();
    } finally {
      link.unlock();
    }
  }

  /**
   * Reads or writes a special register the server does not describe, the way a debugger without
   * DCRSR access does it: with r0, pc and the 4 bytes at pc saved, puts {@code instruction} (an
   * {@code MRS r0, reg} or {@code MSR reg, r0}) at pc, steps it, then restores memory, r0 and pc.
   * The core must be halted in Thumb state at a halfword-aligned pc in writable memory (code in
   * RAM, as on QEMU); QEMU steps with interrupts masked, so the step runs exactly that instruction,
   * and anything else (the pc not advancing by 4) is an error.
   *
   * @param value for an MSR, the value to put in r0 first
   * @return r0 after the step (the register's value for an MRS)
   */
  private long viaInstruction(String name, byte[] instruction, OptionalLong value) {
    link.lock();
    try {
      String what = (value.isPresent() ? "write" : "read") + " register " + name;
      checkHaltedForRequest(what);
      GdbRegister r0 = register("r0");
      long pc = pc();
      long savedR0 = registers.read(r0).orElseThrow(() -> unavailable(what, "r0"));
      byte[] saved = withPhysicalFallback(pc, () -> memory.read(pc, instruction.length));
      Optional<Character> lifted = breakpoints.lift(pc);
      long result;
      try {
        if (value.isPresent()) {
          registers.write(r0, value.getAsLong());
        }
        writeCode(pc, instruction);
        RspReply reply;
        try {
          reply = request(vCont ? "vCont;s" : "s");
        } finally {
          writeCode(pc, saved);
        }
        long after = pc();
        if (!(reply instanceof RspReply.Stop) || after != pc + instruction.length) {
          throw new TargetException(
              String.format(
                  "%s: cannot %s (the server does not describe it, and stepping an MRS/MSR at"
                      + " 0x%08x %s); use a GDB server that describes the Cortex-M system"
                      + " registers",
                  where,
                  what,
                  pc,
                  reply instanceof RspReply.Stop
                      ? String.format("ended at 0x%08x", after)
                      : "was answered with " + reply.describe()));
        }
        result = registers.read(r0).orElseThrow(() -> unavailable(what, "r0"));
      } finally {
        registers.write(r0, savedR0);
        registers.write(register("pc"), pc);
        lifted.ifPresent(type -> breakpoints.restore(pc, type));
      }
      return result;
    } finally {
      link.unlock();
    }
  }

  private void writeCode(long address, byte[] code) {
    withPhysicalFallback(
        address,
        () -> {
          memory.write(address, code);
          return null;
        });
  }

  private TargetException unavailable(String what, String register) {
    return new TargetException(
        where + ": cannot " + what + ": register " + register + " is unavailable");
  }

  private long pc() {
    return registers
        .read(register("pc"))
        .orElseThrow(() -> new TargetException(where + ": cannot read the pc"));
  }

  private OptionalLong tryRegister(GdbRegister register) {
    return registers.read(register);
  }

  @Override
  public void writeRegister(String name, long value) {
    Optional<Integer> sysm = derivedSysm(name);
    if (sysm.isPresent()) {
      if ((value >>> 32) != 0) {
        throw new TargetException(
            String.format("%s: value 0x%x does not fit register %s", where, value, name));
      }
      viaInstruction(name, CortexMSystemRegisters.msrR0(sysm.get()), OptionalLong.of(value));
      return;
    }
    GdbRegister register = register(name);
    if (register.bytes() > 8
        || (register.bytes() < 8 && (value >>> (register.bytes() * 8)) != 0 && value >= 0)) {
      throw new TargetException(
          String.format("%s: value 0x%x does not fit register %s", where, value, register.name()));
    }
    link.lock();
    try {
      checkHaltedForRequest("write register " + register.name());
      registers.write(register, value);
    } finally {
      link.unlock();
    }
  }

  // Breakpoints --------------------------------------------------------------------------------

  @Override
  public void addBreakpoint(long address) {
    link.lock();
    try {
      checkHaltedForRequest(String.format("set a breakpoint at 0x%08x", address));
      breakpoints.addUser(address);
    } finally {
      link.unlock();
    }
  }

  @Override
  public void removeBreakpoint(long address) {
    link.lock();
    try {
      checkHaltedForRequest(String.format("remove the breakpoint at 0x%08x", address));
      breakpoints.removeUser(address);
    } finally {
      link.unlock();
    }
  }

  /** A breakpoint of the driver's own, not reported as a {@link StopReason.Breakpoint}. */
  public void addInternalBreakpoint(long address) {
    link.lock();
    try {
      checkHaltedForRequest(String.format("set a breakpoint at 0x%08x", address));
      breakpoints.addInternal(address);
    } finally {
      link.unlock();
    }
  }

  public void clearInternalBreakpoints() {
    link.lock();
    try {
      checkHaltedForRequest("remove internal breakpoints");
      breakpoints.clearInternal();
    } finally {
      link.unlock();
    }
  }

  public Set<Long> internalBreakpoints() {
    link.lock();
    try {
      return breakpoints.internal();
    } finally {
      link.unlock();
    }
  }

  // Output -------------------------------------------------------------------------------------

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
        synchronized (state) {
          listenerFailure = Optional.of(e);
        }
      }
    }
  }

  @Override
  public Optional<Semihosting> semihosting() {
    return Optional.empty();
  }

  // State checks and close ---------------------------------------------------------------------

  private void checkOpen() {
    if (closed) {
      throw new TargetException(spec.name() + ": target is closed");
    }
  }

  private void checkHalted(String what) {
    // the stop hook reads registers before the stop is published
    boolean hookRunning = link.isHeldByCurrentThread() && handlingStop;
    if (running && !hookRunning) {
      throw new TargetException(where + ": cannot " + what + " while the core runs; halt it first");
    }
  }

  private void checkHaltedForRequest(String what) {
    synchronized (state) {
      checkOpen();
      checkHalted(what);
    }
    checkReachable(what);
  }

  private void checkReachable(String what) {
    Optional<String> why = gone();
    if (why.isPresent()) {
      throw new TargetException(where + ": cannot " + what + ": " + why.get());
    }
  }

  /** Whether the server reported the target gone ({@code W} or {@code X}). */
  public boolean ended() {
    return gone().isPresent();
  }

  @Override
  public void close() {
    synchronized (state) {
      if (closed) {
        return;
      }
    }
    try {
      if (client.isOpen() && gone().isEmpty()) {
        try {
          halt();
        } catch (TargetException e) {
          // closing anyway; the link is dropped below
        }
        link.lock();
        try {
          client.request(options.detach() ? "D" : "k", CLOSE_TIMEOUT);
        } catch (TargetException | IllegalStateException e) {
          // the server may close the link on D/k without answering
        } finally {
          link.unlock();
        }
      }
    } finally {
      synchronized (state) {
        closed = true;
        state.notifyAll();
      }
      client.close();
      runControl.shutdownNow();
      try {
        runControl.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private final class LinkListener implements GdbClient.Listener {
    @Override
    public void onOutput(byte[] data) {
      Optional<ByteArrayOutputStream> capture = monitorOutput;
      if (capture.isPresent()) {
        synchronized (capture.get()) {
          capture.get().writeBytes(data);
        }
        return;
      }
      deliver(new OutputChunk(OutputChannel.SEMIHOSTING_STDOUT, data));
    }

    @Override
    public void onStop(StopReply stop) {
      runControl.execute(() -> stopped(stop));
    }

    @Override
    public void onFailure(TargetException f) {
      // after any stop reply still being handled (QEMU closes the link right after W)
      try {
        runControl.execute(() -> failed(f));
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        failed(f);
      }
    }

    private void failed(TargetException f) {
      synchronized (state) {
        if (running) {
          failure = Optional.of(f);
          running = false;
        }
        if (gone.isEmpty()) {
          gone = Optional.of("the link to the GDB server is down (" + f.getMessage() + ")");
        }
        state.notifyAll();
      }
    }
  }
}
