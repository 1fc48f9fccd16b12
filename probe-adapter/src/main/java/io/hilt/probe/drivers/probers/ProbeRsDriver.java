package io.hilt.probe.drivers.probers;

import io.hilt.probe.target.Arch;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.TargetDriver;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code driver: probe-rs}: boards behind a debug probe, driven through the probe-rs command line
 * ({@value ProbeRsVersion#SUPPORTED}). See {@link ProbeRsTarget} and docs/probe-rs.md.
 */
public final class ProbeRsDriver implements TargetDriver {
  public static final String ID = "probe-rs";

  static final Duration VERSION_TIMEOUT = Duration.ofSeconds(20);

  private final Map<String, String> environment;
  private final Map<String, String> childEnvironment;

  /** The driver ServiceLoader finds: the real environment (PATH, XDG_STATE_HOME, HOME). */
  public ProbeRsDriver() {
    this(System.getenv(), Map.of());
  }

  /**
   * @param environment where PATH, HOME and XDG_STATE_HOME are looked up
   * @param childEnvironment variables set for every probe-rs call (tests give the stand-in its
   *     state directory this way)
   */
  public ProbeRsDriver(Map<String, String> environment, Map<String, String> childEnvironment) {
    this.environment = Map.copyOf(environment);
    this.childEnvironment = Map.copyOf(childEnvironment);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public DebugTarget open(TargetSpec spec) {
    Objects.requireNonNull(spec, "spec");
    if (spec.arch() == Arch.RISCV32IMAC) {
      throw new TargetException(
          "profile "
              + spec.name()
              + ": the probe-rs driver drives Cortex-M cores (debug registers through memory);"
              + " RISC-V needs driver gdb with `probe-rs gdb`");
    }
    ProbeRsOptions options = ProbeRsOptions.of(spec);
    Path executable = findExecutable(options.executable());
    Path workDir = temporaryDirectory(spec.name());
    ProbeRsProcesses processes =
        new ProbeRsProcesses(executable, workDir, workDir.resolve("home"), childEnvironment);
    try {
      ProbeRsVersion version = version(processes);
      Path stateDir =
          options
              .stateDir()
              .orElse(
                  FlashState.defaultDirectory(
                      Optional.ofNullable(environment.get("XDG_STATE_HOME")),
                      Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")))));
      return new ProbeRsTarget(
          spec,
          options,
          new ProbeRsCommands(version, options),
          processes,
          new FlashState(stateDir, options.boardKey()),
          workDir);
    } catch (RuntimeException e) {
      deleteQuietly(workDir);
      throw e;
    }
  }

  /** The probes {@code probe-rs list} sees, with the executable a profile names (or PATH's). */
  public ProbeList listProbes(String executable, Duration timeout) {
    Path exe = findExecutable(executable);
    Path workDir = temporaryDirectory("list");
    try {
      ProbeRsProcesses processes =
          new ProbeRsProcesses(exe, workDir, workDir.resolve("home"), childEnvironment);
      version(processes);
      ProbeRsProcesses.Result r = processes.run(ProbeRsCommands.list(), timeout);
      if (r.timedOut() || r.exitCode() != 0) {
        throw new ProbeRsException(
            r.timedOut() ? ProbeRsFailure.TIMEOUT : ProbeRsFailure.classify(r.output()),
            "probe-rs list: " + ProbeRsFailure.excerpt(r.output()),
            "exit status " + r.exitCode());
      }
      return ProbeList.parse(r.stdout());
    } finally {
      deleteQuietly(workDir);
    }
  }

  /** Runs {@code probe-rs --version} and checks the release is supported. */
  static ProbeRsVersion version(ProbeRsProcesses processes) {
    ProbeRsProcesses.Result r = processes.run(ProbeRsCommands.versionQuery(), VERSION_TIMEOUT);
    String exe = processes.executable().toString();
    if (r.timedOut()) {
      throw new ProbeRsException(
          ProbeRsFailure.TIMEOUT,
          exe + " --version did not answer within " + VERSION_TIMEOUT.toSeconds() + " s",
          "");
    }
    if (r.exitCode() != 0) {
      throw new ProbeRsException(
          r.exitCode() == 101 || r.exitCode() > 128
              ? ProbeRsFailure.CRASHED
              : ProbeRsFailure.BAD_OUTPUT,
          exe + " --version failed: " + ProbeRsFailure.excerpt(r.output()),
          "exit status " + r.exitCode());
    }
    return ProbeRsVersion.parse(r.stdout())
        .orElseThrow(() -> ProbeRsVersion.unreadable(exe, r.output()))
        .requireSupported(exe);
  }

  /** An absolute path as given, or the first executable of that name on PATH. */
  Path findExecutable(String name) {
    if (name.contains(File.separator)) {
      Path p = Path.of(name);
      if (Files.isExecutable(p)) {
        return p.toAbsolutePath();
      }
      throw new ProbeRsException(
          ProbeRsFailure.NOT_INSTALLED, name + " does not exist or is not executable", "");
    }
    String path = environment.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toAbsolutePath();
      }
    }
    throw new ProbeRsException(
        ProbeRsFailure.NOT_INSTALLED, "no " + name + " on PATH (" + path + ")", "");
  }

  private static Path temporaryDirectory(String name) {
    try {
      Path dir =
          Files.createTempDirectory(
              "hilt-probe-rs-" + name.replaceAll("[^A-Za-z0-9._-]", "_") + "-");
      Files.createDirectories(dir.resolve("home"));
      return dir;
    } catch (IOException e) {
      throw new TargetException(
          "cannot create a working directory for probe-rs: " + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Nothing to clean up then.
    }
  }
}
