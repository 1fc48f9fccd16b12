package io.hilt.probe.drivers.probers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts probe-rs child processes the one way hilt allows: an argument list (never a shell), a
 * working directory and {@code HOME} of hilt's own (probe-rs reads {@code
 * .probe-rs.{toml,json,yaml}} presets from both), no {@code PROBE_RS_*} variables inherited (each
 * one sets an option: {@code PROBE_RS_PROBE}, {@code PROBE_RS_CHIP}, {@code
 * PROBE_RS_CONFIG_PRESET}...), no colour, standard input from {@code /dev/null} (probe-rs otherwise
 * prompts for a probe or an RTT down channel and waits forever), a timeout per call, and the whole
 * process tree ended on timeout or close.
 */
public final class ProbeRsProcesses {
  /** Output kept per stream and call, at most; the rest is counted and dropped. */
  public static final int MAX_CAPTURE = 8 * 1024 * 1024;

  /** How long an ended process tree may take to go away before that is an error. */
  static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private final Path executable;
  private final Path workDir;
  private final Path home;
  private final Map<String, String> extraEnvironment;

  /**
   * @param extraEnvironment variables set for every call (after the inherited {@code PROBE_RS_*}
   *     ones were removed), for example the stand-in's state directory in tests
   */
  public ProbeRsProcesses(
      Path executable, Path workDir, Path home, Map<String, String> extraEnvironment) {
    this.executable = Objects.requireNonNull(executable, "executable");
    this.workDir = Objects.requireNonNull(workDir, "workDir");
    this.home = Objects.requireNonNull(home, "home");
    this.extraEnvironment = Map.copyOf(extraEnvironment);
  }

  public Path executable() {
    return executable;
  }

  public Path workDir() {
    return workDir;
  }

  /**
   * What one finished call left behind.
   *
   * @param timedOut hilt ended it because it ran out of time; its status means nothing then
   */
  public record Result(
      List<String> command, int exitCode, String stdout, String stderr, boolean timedOut) {
    public Result {
      command = List.copyOf(command);
      Objects.requireNonNull(stdout, "stdout");
      Objects.requireNonNull(stderr, "stderr");
    }

    public String output() {
      return stdout + (stdout.isEmpty() || stderr.isEmpty() ? "" : "\n") + stderr;
    }

    /** {@code probe-rs read ...}, for messages. */
    public String commandLine() {
      return String.join(" ", command.subList(1, command.size()));
    }
  }

  /**
   * The environment of a probe-rs call: the inherited one without {@code PROBE_RS_*} (and {@code
   * CARGO_TARGET_DIR}) except hilt's own {@code PROBE_RS_COLOR=false}, with hilt's {@code HOME},
   * XDG directories and no colour, then {@code extra}.
   */
  static Map<String, String> environment(
      Map<String, String> inherited, Path home, Map<String, String> extra) {
    Map<String, String> env = new java.util.HashMap<>(inherited);
    env.keySet().removeIf(k -> k.startsWith("PROBE_RS_") || k.equals("CARGO_TARGET_DIR"));
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
    env.put("NO_COLOR", "1");
    env.put("CLICOLOR", "0");
    // 0.32 colours backtraces unless PROBE_RS_COLOR says otherwise (util/cli.rs:1309-1313).
    env.put("PROBE_RS_COLOR", "false");
    env.putAll(extra);
    return env;
  }

  /** Runs probe-rs with {@code args} and waits at most {@code timeout}. */
  public Result run(List<String> args, Duration timeout) {
    Running running = start(args, line -> {});
    return running.await(timeout);
  }

  /**
   * Starts probe-rs with {@code args}; {@code onStdoutLine} gets each line of standard output as it
   * comes (on a reader thread), and all of it is also kept for {@link Running#await}.
   */
  public Running start(List<String> args, Consumer<String> onStdoutLine) {
    List<String> command = new ArrayList<>(args.size() + 1);
    command.add(executable.toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.directory(workDir.toFile());
    builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Map<String, String> env = builder.environment();
    Map<String, String> wanted = environment(env, home, extraEnvironment);
    env.clear();
    env.putAll(wanted);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new ProbeRsException(
          ProbeRsFailure.NOT_INSTALLED,
          "cannot start " + executable + ": " + e.getMessage(),
          "",
          e);
    }
    return new Running(process, command, onStdoutLine);
  }

  /** A started probe-rs process and the threads draining its output. */
  public static final class Running implements AutoCloseable {
    private final Process process;
    private final List<String> command;
    private final Capture stdout;
    private final Capture stderr;
    private volatile boolean endedByHilt;

    Running(Process process, List<String> command, Consumer<String> onStdoutLine) {
      this.process = process;
      this.command = List.copyOf(command);
      this.stdout = new Capture(process.getInputStream(), onStdoutLine, "stdout", process.pid());
      this.stderr = new Capture(process.getErrorStream(), line -> {}, "stderr", process.pid());
    }

    public long pid() {
      return process.pid();
    }

    public boolean alive() {
      return process.isAlive();
    }

    /**
     * Waits for the process to end; after {@code timeout} the whole tree is killed and the result
     * says {@code timedOut}.
     */
    public Result await(Duration timeout) {
      boolean finished;
      try {
        finished = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        killTree();
        throw new ProbeRsException(
            ProbeRsFailure.TIMEOUT,
            "interrupted while waiting for " + String.join(" ", command),
            "",
            e);
      }
      if (!finished) {
        killTree();
      }
      return result(!finished);
    }

    /** Waits up to {@code timeout}; empty while it still runs. */
    public java.util.Optional<Result> poll(Duration timeout) {
      try {
        if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
          return java.util.Optional.of(result(false));
        }
        return java.util.Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return java.util.Optional.empty();
      }
    }

    /**
     * Asks the process to stop (SIGTERM, as Ctrl-C would) and waits up to {@code grace}, then kills
     * the tree. The result is marked as ended by hilt: probe-rs exits 0 then ("Exited by user
     * request"), which must not be read as the firmware's status.
     */
    public Result stop(Duration grace) {
      endedByHilt = true;
      List<ProcessHandle> children = process.descendants().toList();
      process.destroy();
      try {
        if (!process.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS)) {
          killTree();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        killTree();
      }
      children.forEach(ProcessBuilderHelp::destroyAndWait);
      return result(false);
    }

    /** Whether hilt ended this process (stop or timeout), so its exit status means nothing. */
    public boolean endedByHilt() {
      return endedByHilt;
    }

    private Result result(boolean timedOut) {
      String out = stdout.text();
      String err = stderr.text();
      int code = process.isAlive() ? -1 : process.exitValue();
      return new Result(command, code, out, err, timedOut);
    }

    /** Kills the process and every descendant, and checks that none is left. */
    void killTree() {
      endedByHilt = true;
      List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
      tree.forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      tree.add(process.toHandle());
      for (ProcessHandle handle : tree) {
        ProcessBuilderHelp.destroyAndWait(handle);
      }
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        killTree();
      }
      stdout.join();
      stderr.join();
    }
  }

  /** Ending processes and waiting for them. */
  static final class ProcessBuilderHelp {
    private ProcessBuilderHelp() {}

    static void destroyAndWait(ProcessHandle handle) {
      if (!handle.isAlive()) {
        return;
      }
      handle.destroyForcibly();
      try {
        handle.onExit().get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
      }
      if (handle.isAlive()) {
        throw new ProbeRsException(
            ProbeRsFailure.TIMEOUT,
            "process "
                + handle.pid()
                + " did not end within "
                + KILL_WAIT.toSeconds()
                + " s of SIGKILL",
            "");
      }
    }
  }

  /** Drains one stream on its own thread, bounded, splitting lines for a listener. */
  private static final class Capture {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final Thread thread;
    private long dropped;

    Capture(InputStream in, Consumer<String> onLine, String name, long pid) {
      thread = new Thread(() -> drain(in, onLine), "probe-rs-" + pid + "-" + name);
      thread.setDaemon(true);
      thread.start();
    }

    private void drain(InputStream in, Consumer<String> onLine) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          synchronized (this) {
            int room = MAX_CAPTURE - kept.size();
            kept.write(buffer, 0, Math.max(0, Math.min(room, n)));
            dropped += Math.max(0, n - Math.max(0, room));
          }
          for (int i = 0; i < n; i++) {
            byte b = buffer[i];
            if (b == '\n') {
              deliver(onLine, line);
            } else if (line.size() < 64 * 1024) {
              line.write(b);
            }
          }
        }
      } catch (IOException e) {
        // The process ended or was killed: what was read so far is kept.
      }
      if (line.size() > 0) {
        deliver(onLine, line);
      }
    }

    private static void deliver(Consumer<String> onLine, ByteArrayOutputStream line) {
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      if (text.endsWith("\r")) {
        text = text.substring(0, text.length() - 1);
      }
      onLine.accept(text);
    }

    String text() {
      join();
      synchronized (this) {
        String s = kept.toString(StandardCharsets.UTF_8);
        return dropped == 0 ? s : s + "\n[... " + dropped + " bytes of output dropped]";
      }
    }

    void join() {
      try {
        thread.join(KILL_WAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
