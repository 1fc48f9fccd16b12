package io.hilt.fakeprobers;

import io.hilt.probe.drivers.probers.EmbeddedTestElf;
import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.elf.SymbolicAddress;
import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.ImageSegment;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.StopReason;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A stand-in for the {@code probe-rs} executable (releases 0.30 to 0.32, chosen with {@code
 * FAKE_PROBE_RS_VERSION}), for tests without a board. It accepts the command lines hilt's driver
 * builds ({@code --version}, {@code list}, {@code download}, {@code reset}, {@code read}, {@code
 * write}, {@code attach}, {@code run}), prints the texts probe-rs prints and exits with its
 * statuses, and drives the bundled simulator so the effects are real (see {@link FakeBoard}).
 *
 * <p>Output texts follow probe-rs-tools {@code src/bin/probe-rs}: {@code cmd/list.rs}, {@code
 * cmd/read.rs}, {@code util/cli.rs} ({@code flash}, {@code monitor}, {@code display_stack_trace}),
 * {@code util/common_options.rs} ({@code OperationError}); errors are printed the way a Rust {@code
 * main} returning {@code anyhow::Result} does ({@code Error: ...}, {@code Caused by:}, exit 1).
 *
 * <p>Environment: {@code FAKE_PROBE_RS_STATE} the state directory (default {@code
 * $HOME/.fake-probe-rs}); {@code FAKE_PROBE_RS_PROBES} the attached probes ({@code
 * NAME|VID:PID|SERIAL|KIND;...}); {@code FAKE_PROBE_RS_FAULT} a fault to inject on every call, or a
 * file {@code fault} in the state directory for the next call only: {@code missing}, {@code busy},
 * {@code usb}, {@code permission}, {@code locked}, {@code no-target}, {@code flash-algo}, {@code
 * verify}, {@code hang}, {@code crash}, {@code killed}, {@code garbage}; {@code MODE:SUB} limits it
 * to one subcommand.
 */
public final class FakeProbeRs {
  /**
   * The stand-in's chip database: the mps2-an385 map with the core the simulator runs. The
   * Cortex-M3/M4 entries work once the simulator has an ARMv7-M board; until then connecting to
   * them fails the way an unsupported core does.
   */
  static final Map<String, io.hilt.probe.target.Arch> CHIPS =
      Map.of(
          "mps2-an385", io.hilt.probe.target.Arch.CORTEX_M0PLUS,
          "mps2-an385-m3", io.hilt.probe.target.Arch.CORTEX_M3,
          "mps2-an386", io.hilt.probe.target.Arch.CORTEX_M4);

  private final Version version;
  private final Path stateDir;
  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  FakeProbeRs(
      Version version, Path stateDir, Map<String, String> env, PrintStream out, PrintStream err) {
    this.version = version;
    this.stateDir = stateDir;
    this.env = env;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    PrintStream out =
        new PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    PrintStream err =
        new PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
    int status;
    try {
      Version version = Version.parse(env.getOrDefault("FAKE_PROBE_RS_VERSION", "0.32.0"));
      Path state =
          Path.of(
              env.getOrDefault(
                  "FAKE_PROBE_RS_STATE",
                  Path.of(env.getOrDefault("HOME", "."), ".fake-probe-rs").toString()));
      Files.createDirectories(state);
      status = new FakeProbeRs(version, state, env, out, err).run(args);
    } catch (CommandLine.UsageError e) {
      err.println("error: " + e.getMessage());
      err.println();
      err.println("For more information, try '--help'.");
      status = 2;
    } catch (ProbeError e) {
      err.println("Error: " + e.getMessage());
      status = 1;
    } catch (Exception e) {
      err.println("Error: " + e);
      status = 1;
    }
    out.flush();
    err.flush();
    Runtime.getRuntime().halt(status);
  }

  /** An error printed as {@code Error: MESSAGE} (with its {@code Caused by:} chain), exit 1. */
  static final class ProbeError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProbeError(String message, String... causes) {
      super(chain(message, causes));
    }

    private static String chain(String message, String... causes) {
      if (causes.length == 0) {
        return message;
      }
      StringBuilder b = new StringBuilder(message).append("\n\nCaused by:");
      if (causes.length == 1) {
        b.append("\n    ").append(causes[0]);
      } else {
        for (int i = 0; i < causes.length; i++) {
          b.append("\n    ").append(i).append(": ").append(causes[i]);
        }
      }
      return b.toString();
    }
  }

  int run(String[] args) throws IOException, InterruptedException {
    if (args.length > 0 && (args[0].equals("--version") || args[0].equals("-V"))) {
      out.println("probe-rs " + version + " (git commit: fake-probe-rs)");
      return 0;
    }
    CommandLine cmd = CommandLine.parse(args, version);
    Optional<String> log = Optional.ofNullable(env.get("FAKE_PROBE_RS_LOG"));
    if (log.isPresent()) {
      // One line per call, for tests that check what the driver ran.
      Files.writeString(
          Path.of(log.get()),
          String.join(" ", args) + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    }
    // cmd/run.rs detect_run_mode reads the ELF before anything is attached.
    Optional<EmbeddedTestElf> tests =
        cmd.subcommand().equals("run") ? detectTests(cmd) : Optional.empty();
    Optional<String> fault = fault(cmd.subcommand());
    if (fault.isPresent()) {
      Optional<Integer> status = inject(fault.get(), cmd);
      if (status.isPresent()) {
        return status.get();
      }
    }
    if (cmd.subcommand().equals("list")) {
      return list(fault.filter("missing"::equals).isPresent());
    }
    checkProbe(cmd, fault);
    // One session per probe, as with a real USB probe: a second probe-rs finds it claimed. The
    // lock goes with the process, however it ends.
    java.nio.channels.FileChannel probe =
        java.nio.channels.FileChannel.open(
            stateDir.resolve("probe.lock"),
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.WRITE);
    if (probe.tryLock() == null) {
      throw new ProbeError(
          "Failed to open the debug probe.",
          "The debug probe could not be created.",
          "A USB error occurred.",
          "Device or resource busy (os error 16)");
    }
    io.hilt.probe.target.Arch arch =
        CHIPS.get(cmd.option("--chip").orElseThrow().toLowerCase(Locale.ROOT));
    FakeBoard opened;
    try {
      opened = FakeBoard.open(stateDir.resolve(arch.id()), arch);
    } catch (io.hilt.probe.target.TargetException e) {
      throw new ProbeError(
          "Connecting to the chip was unsuccessful.",
          "An ARM specific error occurred.",
          e.getMessage());
    }
    try (FakeBoard board = opened) {
      // attach_session halts every core when it attaches.
      board.halted = true;
      int status =
          switch (cmd.subcommand()) {
            case "download" -> download(cmd, board);
            case "reset" -> {
              board.reset(false);
              yield 0;
            }
            case "read" -> read(cmd, board);
            case "write" -> write(cmd, board);
            case "attach" -> monitor(cmd, board, false);
            case "run" ->
                tests.isPresent() ? test(cmd, board, tests.get()) : monitor(cmd, board, true);
            default ->
                throw new CommandLine.UsageError(
                    "unrecognized subcommand '" + cmd.subcommand() + "'");
          };
      if (cmd.subcommand().equals("read")) {
        // memory and the system state are as they were: only the run state changed
        board.saveRunState();
      } else {
        board.save();
      }
      return status;
    }
  }

  // Faults --------------------------------------------------------------------------------------

  private Optional<String> fault(String subcommand) throws IOException {
    Optional<String> mode =
        Optional.ofNullable(env.get("FAKE_PROBE_RS_FAULT")).filter(s -> !s.isBlank());
    Path once = stateDir.resolve("fault");
    if (mode.isEmpty() && Files.exists(once)) {
      String text = Files.readString(once).strip();
      String[] parts = text.split(":", 2);
      if (parts.length == 1 || parts[1].equals(subcommand)) {
        Files.delete(once);
        mode = Optional.of(text);
      }
    }
    return mode.flatMap(
        m -> {
          String[] parts = m.split(":", 2);
          return parts.length == 1 || parts[1].equals(subcommand)
              ? Optional.of(parts[0])
              : Optional.empty();
        });
  }

  /** Does what the fault does; empty when the command goes on (with the fault in mind). */
  private Optional<Integer> inject(String mode, CommandLine cmd)
      throws IOException, InterruptedException {
    boolean session = !cmd.subcommand().equals("list");
    switch (mode) {
      case "missing":
        if (session) {
          throw new ProbeError("No connected probes were found.");
        }
        return Optional.empty();
      case "busy":
        throw new ProbeError(
            "Failed to open the debug probe.",
            "The debug probe could not be created.",
            "A USB error occurred.",
            "Device or resource busy (os error 16)");
      case "usb":
        throw new ProbeError(
            "Failed to open the debug probe.",
            "USB Communication Error",
            "No such device (os error 19)");
      case "permission":
        throw new ProbeError(
            "Failed to open the debug probe.",
            "The debug probe could not be created.",
            "A USB error occurred.",
            "Permission denied (os error 13)");
      case "locked":
        throw new ProbeError(
            "Connecting to the chip was unsuccessful.",
            "An operation was not performed because the required permissions were not given: "
                + "probe-rs --allow-erase-all.");
      case "no-target":
        throw new ProbeError(
            "Connecting to the chip was unsuccessful.",
            "An error with the usage of the probe occurred",
            "Failed to find or attach to the target. Please check the wiring before retrying.");
      case "flash-algo":
        if (cmd.subcommand().equals("download") || cmd.subcommand().equals("run")) {
          throw new ProbeError(
              "The flashing procedure failed for '" + cmd.positionals().get(0) + "'.",
              "Failed to erase flash sector at address 0x00000000.",
              "The execution of 'erase_sector' failed with code 1. This might indicate a problem with the flash algorithm.");
        }
        return Optional.empty();
      case "verify":
        if (cmd.subcommand().equals("download")) {
          throw new ProbeError(
              "The flashing procedure failed for '" + cmd.positionals().get(0) + "'.",
              "Flash content verification failed.");
        }
        return Optional.empty();
      case "hang":
        // A child too, so the caller must end the whole tree.
        new ProcessBuilder("sleep", "3600").inheritIO().start();
        Thread.sleep(Duration.ofHours(1).toMillis());
        return Optional.of(0);
      case "crash":
        err.println("thread 'main' panicked at probe-rs-tools/src/bin/probe-rs/main.rs:1:1:");
        err.println("injected by fake-probe-rs");
        err.println(
            "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace");
        return Optional.of(101);
      case "killed":
        out.print("partial output");
        out.flush();
        new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid()))
            .start()
            .waitFor();
        Thread.sleep(10_000);
        return Optional.of(137);
      case "garbage":
        byte[] junk = new byte[512];
        new Random(42).nextBytes(junk);
        out.write(junk);
        out.println();
        return Optional.of(0);
      default:
        err.println("fake-probe-rs: unknown FAKE_PROBE_RS_FAULT '" + mode + "'");
        return Optional.of(2);
    }
  }

  // Probes --------------------------------------------------------------------------------------

  private record Probe(String name, int vid, int pid, String serial, String kind) {
    String line() {
      return String.format("%s -- %04x:%04x:%s (%s)", name, vid, pid, serial, kind);
    }
  }

  private List<Probe> probes() {
    String spec =
        env.getOrDefault("FAKE_PROBE_RS_PROBES", "STLink V2-1|0483:374b|066DFF555654|ST-LINK");
    List<Probe> list = new ArrayList<>();
    for (String entry : spec.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] p = entry.split("\\|", 4);
      String[] ids = p[1].split(":");
      list.add(
          new Probe(p[0], Integer.parseInt(ids[0], 16), Integer.parseInt(ids[1], 16), p[2], p[3]));
    }
    return list;
  }

  private int list(boolean none) {
    List<Probe> probes = none ? List.of() : probes();
    if (probes.isEmpty()) {
      out.println("No debug probes were found.");
      return 0;
    }
    out.println("The following debug probes were found:");
    for (int i = 0; i < probes.size(); i++) {
      out.println("[" + i + "]: " + probes.get(i).line());
    }
    return 0;
  }

  private void checkProbe(CommandLine cmd, Optional<String> fault) {
    List<Probe> probes = fault.filter("missing"::equals).isPresent() ? List.of() : probes();
    if (probes.isEmpty()) {
      throw new ProbeError("No connected probes were found.");
    }
    Optional<String> selector = cmd.option("--probe");
    if (selector.isPresent()) {
      String[] parts = selector.get().split(":", 3);
      boolean found =
          probes.stream()
              .anyMatch(
                  p ->
                      Integer.parseInt(parts[0], 16) == p.vid()
                          && Integer.parseInt(parts[1], 16) == p.pid()
                          && (parts.length < 3 || parts[2].equals(p.serial())));
      if (!found) {
        throw new ProbeError(
            "Failed to open the debug probe.",
            "The debug probe could not be created.",
            "The selected debug probe was not found. This can be due to permissions.");
      }
    } else if (probes.size() > 1) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < probes.size(); i++) {
        b.append("\n").append(i).append(": ").append(probes.get(i).line());
      }
      throw new ProbeError(probes.size() + " probes were found: " + b);
    }
    String chip =
        cmd.option("--chip")
            .orElseThrow(
                () ->
                    new ProbeError(
                        "Connecting to the chip was unsuccessful.",
                        "Unable to load specification for chip",
                        "The chip could not be automatically determined."));
    if (!CHIPS.containsKey(chip.toLowerCase(Locale.ROOT))) {
      throw new ProbeError(
          "The chip '" + chip + "' was not found in the database.",
          "Unable to find target definition for '" + chip + "'");
    }
  }

  // Commands ------------------------------------------------------------------------------------

  private int download(CommandLine cmd, FakeBoard board) throws IOException {
    long start = System.nanoTime();
    Path file = Path.of(cmd.positional(0, "PATH"));
    FirmwareImage image = image(file, cmd.option("--binary-format").orElse("elf"));
    for (ImageSegment s : image.segments()) {
      board.sim.writeMemory(s.address(), s.data());
    }
    if (cmd.flag("--verify")) {
      for (ImageSegment s : image.segments()) {
        if (!java.util.Arrays.equals(
            board.sim.readMemory(s.address(), s.data().length), s.data())) {
          throw new ProbeError(
              "The flashing procedure failed for '" + file + "'.",
              "Flash content verification failed.");
        }
      }
    }
    if (cmd.flag("--reset")) {
      board.reset(false);
    }
    err.printf(Locale.ROOT, "     Finished in %.02fs%n", (System.nanoTime() - start) / 1e9);
    return 0;
  }

  private FirmwareImage image(Path file, String format) {
    if (!Files.isRegularFile(file)) {
      throw new ProbeError(
          "Failed to open the ELF file '" + file + "' for flashing.",
          "No such file or directory (os error 2)");
    }
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "hex", "ihex", "intelhex" -> IntelHexReader.read(file);
      case "elf", "target" -> FirmwareImages.load(file);
      default ->
          throw new CommandLine.UsageError(
              "invalid value '" + format + "' for '--binary-format <BINARY_FORMAT>'");
    };
  }

  private int read(CommandLine cmd, FakeBoard board) {
    String width = cmd.positional(0, "WIDTH").toLowerCase(Locale.ROOT);
    long address = number(cmd.positional(1, "ADDRESS"));
    int words = (int) number(cmd.positional(2, "WORDS"));
    int bytes =
        switch (width) {
          case "b8" -> 1;
          case "b16" -> 2;
          case "b32" -> 4;
          default ->
              throw new CommandLine.UsageError("invalid value '" + width + "' for '<WIDTH>'");
        };
    List<String> values = new ArrayList<>();
    for (int i = 0; i < words; i++) {
      long at = address + (long) i * bytes;
      long v;
      if (bytes == 4) {
        v = board.read32(at);
      } else {
        v = 0;
        for (int k = 0; k < bytes; k++) {
          v |= (long) board.read8(at + k) << (8 * k);
        }
      }
      values.add(String.format("%0" + (bytes * 2) + "x", v));
    }
    if (version.atLeast(0, 32)) {
      // cmd/read.rs write_hex_table: 32 bytes a line (8 for b8, 16 for b16).
      int perLine = (bytes == 1 ? 8 : bytes == 2 ? 16 : 32) / bytes;
      for (int i = 0; i < values.size(); i += perLine) {
        out.printf(
            "%08x: %s%n",
            address + (long) i * bytes,
            String.join(" ", values.subList(i, Math.min(values.size(), i + perLine))));
      }
    } else {
      // 0.30/0.31 read_to_console: "{val:08x} " for each word, then a newline.
      StringBuilder b = new StringBuilder();
      values.forEach(v -> b.append(v).append(' '));
      out.println(b);
    }
    // session.resume_all_cores()
    board.halted = false;
    return 0;
  }

  private int write(CommandLine cmd, FakeBoard board) {
    String width = cmd.positional(0, "WIDTH").toLowerCase(Locale.ROOT);
    long address = number(cmd.positional(1, "ADDRESS"));
    List<String> values = cmd.positionals().subList(2, cmd.positionals().size());
    for (int i = 0; i < values.size(); i++) {
      long v = number(values.get(i));
      switch (width) {
        case "b8" -> board.write8(address + i, (int) v);
        case "b32" -> board.write32(address + 4L * i, v);
        default ->
            throw new CommandLine.UsageError("fake-probe-rs writes b8 and b32 only: " + width);
      }
    }
    return 0;
  }

  /**
   * An embedded-test ELF (cmd/run.rs EmbeddedTestElfInfo::from_elf), or empty for a normal run.
   * libtest options with a normal firmware are refused, as probe-rs refuses them.
   */
  private Optional<EmbeddedTestElf> detectTests(CommandLine cmd) {
    Path path = Path.of(cmd.positional(0, "PATH"));
    Optional<ElfFile> elf;
    try {
      elf = Optional.of(ElfFile.read(path));
    } catch (RuntimeException e) {
      // Not an ELF here: the download reports it.
      elf = Optional.empty();
    }
    Optional<EmbeddedTestElf> found;
    try {
      found = elf.flatMap(EmbeddedTestElf::read);
    } catch (io.hilt.probe.target.TargetException e) {
      throw new ProbeError(
          "Failed to read embedded_test testcases from provided ELF", e.getMessage());
    }
    boolean testArguments =
        cmd.flag("--list")
            || cmd.flag("--exact")
            || cmd.option("--format").isPresent()
            || cmd.positionals().size() > 1;
    if (found.isEmpty() && testArguments) {
      throw new ProbeError(
          "probe-rs was invoked with arguments exclusive to test mode, but the binary does not"
              + " contain embedded-test");
    }
    return found;
  }

  /** run on an embedded-test ELF: flash it, then the tests (util/cli.rs test). */
  private int test(CommandLine cmd, FakeBoard board, EmbeddedTestElf tests) throws IOException {
    download(cmd, board);
    Optional<ElfFile> elf = Optional.of(ElfFile.read(Path.of(cmd.positional(0, "PATH"))));
    return new EmbeddedTestRunner(
            version,
            board,
            tests,
            cmd,
            out,
            err,
            () -> stackTrace(board, elf, OptionalLongPc.none()))
        .run();
  }

  private final Object monitorLock = new Object();
  private boolean monitorDone;

  private int monitor(CommandLine cmd, FakeBoard board, boolean flash) throws IOException {
    Optional<Path> elfPath =
        cmd.positionals().isEmpty()
            ? Optional.empty()
            : Optional.of(Path.of(cmd.positionals().get(0)));
    if (elfPath.isEmpty() && (flash || !version.atLeast(0, 32))) {
      throw new CommandLine.UsageError(
          "the following required arguments were not provided:\n  <PATH>");
    }
    Optional<ElfFile> elf = elfPath.map(ElfFile::read);
    if (flash) {
      download(cmd, board);
      board.reset(false);
    }
    Optional<OutputStream> uart = boardUart();
    board.sim.addOutputListener(
        chunk -> {
          if (chunk.channel() == OutputChannel.UART0 && uart.isPresent()) {
            writeUart(uart.get(), chunk.data());
          } else if (chunk.channel() == OutputChannel.SEMIHOSTING_STDOUT
              || chunk.channel() == OutputChannel.RTT) {
            out.print(new String(chunk.data(), StandardCharsets.UTF_8));
            out.flush();
          } else if (chunk.channel() == OutputChannel.SEMIHOSTING_STDERR) {
            err.print(new String(chunk.data(), StandardCharsets.UTF_8));
          }
        });
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  synchronized (monitorLock) {
                    if (monitorDone) {
                      return;
                    }
                    monitorDone = true;
                    board.sim.halt();
                    board.halted = false;
                    try {
                      board.save();
                    } catch (IOException e) {
                      err.println("fake-probe-rs: cannot save the board: " + e);
                    }
                    err.println("Received SIGTERM, exiting");
                    out.println("Exited by user request");
                    out.flush();
                    err.flush();
                    Runtime.getRuntime().halt(0);
                  }
                }));
    RttPrinter rtt =
        new RttPrinter(
            board.sim,
            elf,
            cmd.flag("--rtt-scan-memory") || cmd.option("--scan-region").isPresent(),
            cmd.option("--log-format"),
            out);
    board.halted = false;
    board.sim.resume();
    StopReason stop;
    while ((stop = board.sim.waitForStop(Duration.ofMillis(20))) instanceof StopReason.TimedOut) {
      // The firmware runs; semihosting arrives through the listener, RTT is polled.
      synchronized (monitorLock) {
        if (!monitorDone) {
          rtt.poll();
        }
      }
    }
    synchronized (monitorLock) {
      if (monitorDone) {
        return 0;
      }
      rtt.poll();
      monitorDone = true;
      board.halted = true;
      board.snapshotScs();
      board.save();
      out.flush();
      if (stop instanceof StopReason.Exited e) {
        if (e.code() == 0) {
          out.println("Firmware exited successfully");
          return 0;
        }
        out.println("Firmware exited with: Application exit (Unknown exit code " + e.code() + ")");
        stackTrace(board, elf, OptionalLongPc.none());
        throw new ProbeError("Application exit");
      }
      if (stop instanceof StopReason.Fault f) {
        out.println("Firmware exited unexpectedly: Exception");
        if (env.containsKey("FAKE_PROBE_RS_DEBUG")) {
          err.println("fake-probe-rs: " + f);
        }
        stackTrace(board, elf, OptionalLongPc.of(f.pc()));
        throw new ProbeError("Exception");
      }
      if (stop instanceof StopReason.Lockup) {
        throw new ProbeError("Run loop exited due to a locked up core");
      }
      if (stop instanceof StopReason.Breakpoint) {
        out.println("Firmware exited unexpectedly: Breakpoint(Software)");
        stackTrace(board, elf, OptionalLongPc.none());
        throw new ProbeError("Breakpoint(Software)");
      }
      out.println("Firmware exited unexpectedly: Request");
      throw new ProbeError("Request");
    }
  }

  /**
   * The board's UART wiring: {@code FAKE_PROBE_RS_UART} names a serial device (a pty) that the
   * simulated board's UART0 transmits into while the firmware runs, as a real board's UART pins
   * feed a USB-serial adapter. probe-rs itself never sees these bytes.
   */
  private Optional<OutputStream> boardUart() {
    Optional<String> path =
        Optional.ofNullable(env.get("FAKE_PROBE_RS_UART")).filter(p -> !p.isBlank());
    if (path.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new FileOutputStream(path.get(), true));
    } catch (IOException e) {
      err.println("fake-probe-rs: cannot open the board's UART " + path.get() + ": " + e);
      return Optional.empty();
    }
  }

  private void writeUart(OutputStream uart, byte[] data) {
    try {
      uart.write(data);
      uart.flush();
    } catch (IOException e) {
      err.println("fake-probe-rs: the board's UART stopped taking bytes: " + e);
    }
  }

  /** The faulting instruction's address, when the stop had one. */
  private record OptionalLongPc(boolean present, long pc) {
    static OptionalLongPc none() {
      return new OptionalLongPc(false, 0);
    }

    static OptionalLongPc of(long pc) {
      return new OptionalLongPc(true, pc);
    }
  }

  /** util/cli.rs display_stack_trace: "Core N", then " Frame I: FUNCTION @ 0xADDR". */
  private void stackTrace(FakeBoard board, Optional<ElfFile> elf, OptionalLongPc faultPc) {
    if (elf.isEmpty()) {
      err.println("Can not print stack trace because firmware is not available");
      return;
    }
    List<Long> pcs = new ArrayList<>();
    pcs.add(board.sim.readRegister("pc"));
    if (faultPc.present() && faultPc.pc() != pcs.get(0)) {
      pcs.add(faultPc.pc());
    }
    out.println("Core 0");
    for (int i = 0; i < pcs.size(); i++) {
      long pc = pcs.get(i);
      String function =
          elf.get()
              .symbolize(pc)
              .map(SymbolicAddress::symbol)
              .orElse("<unknown function @ " + String.format("%#010x", pc) + ">");
      out.println(
          "    Frame "
              + i
              + ": "
              + function
              + " @ "
              + (version.atLeast(0, 32) ? String.format("%#x", pc) : String.format("%#010x", pc)));
    }
  }

  /** clap value parsers: decimal, 0x hex or 0o octal (util/mod.rs parse_u64). */
  static long number(String text) {
    try {
      if (text.startsWith("0x") || text.startsWith("0X")) {
        return Long.parseUnsignedLong(text.substring(2), 16);
      }
      if (text.startsWith("0o")) {
        return Long.parseUnsignedLong(text.substring(2), 8);
      }
      return Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      throw new CommandLine.UsageError(
          "invalid value '" + text + "': invalid digit found in string");
    }
  }
}
