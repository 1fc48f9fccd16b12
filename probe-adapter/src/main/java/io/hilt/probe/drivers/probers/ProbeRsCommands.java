package io.hilt.probe.drivers.probers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Command lines for one probe-rs release and one board. The differences hilt relies on, from the
 * sources of {@code probe-rs-tools/src/bin/probe-rs/cmd/*.rs}:
 *
 * <ul>
 *   <li>RTT scanning: {@code --rtt-scan-memory} (a flag) in 0.30 and 0.31, {@code --scan-region
 *       ram} from 0.32 (without it 0.32 neither scans nor polls RTT when the ELF has no {@code
 *       _SEGGER_RTT} symbol).
 *   <li>{@code attach} takes the ELF as a required positional argument in 0.30 and 0.31 (it reuses
 *       {@code run}'s arguments) and as an optional one from 0.32.
 *   <li>{@code read} prints a plain word list in 0.30 and 0.31 and a table from 0.32 ({@link
 *       MemoryDump}).
 *   <li>{@code download --reset} exists from 0.32 only; hilt resets with {@code probe-rs reset}
 *       instead, which every release has.
 * </ul>
 */
public final class ProbeRsCommands {
  private final ProbeRsVersion version;
  private final ProbeRsOptions options;

  public ProbeRsCommands(ProbeRsVersion version, ProbeRsOptions options) {
    this.version = Objects.requireNonNull(version, "version");
    this.options = Objects.requireNonNull(options, "options");
  }

  public ProbeRsVersion version() {
    return version;
  }

  public static List<String> versionQuery() {
    return List.of("--version");
  }

  public static List<String> list() {
    return List.of("list");
  }

  /** Flashes an Intel HEX file; progress bars off, verified unless the profile says otherwise. */
  public List<String> download(Path hexFile) {
    List<String> args = new ArrayList<>();
    args.add("download");
    args.addAll(options.probeArguments());
    args.add("--binary-format");
    args.add("hex");
    args.add("--disable-progressbars");
    if (options.verify()) {
      args.add("--verify");
    }
    args.add(hexFile.toString());
    return args;
  }

  public List<String> reset() {
    List<String> args = new ArrayList<>();
    args.add("reset");
    args.addAll(options.probeArguments());
    return args;
  }

  /** {@code read WIDTH ADDRESS WORDS}: attaches (halting the core), reads, resumes every core. */
  public List<String> read(String width, long address, int words) {
    MemoryDump.wordBytes(width);
    List<String> args = new ArrayList<>();
    args.add("read");
    args.addAll(options.probeArguments());
    args.add(width);
    args.add(String.format("0x%08x", address));
    args.add(Integer.toString(words));
    return args;
  }

  /** {@code write WIDTH ADDRESS VALUE...}: attaches (halting the core) and writes; no resume. */
  public List<String> write(String width, long address, List<Long> values) {
    MemoryDump.wordBytes(width);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("nothing to write");
    }
    List<String> args = new ArrayList<>();
    args.add("write");
    args.addAll(options.probeArguments());
    args.add(width);
    args.add(String.format("0x%08x", address));
    for (long v : values) {
      args.add(String.format("0x%x", v));
    }
    return args;
  }

  /**
   * {@code run --format json ELF} for an embedded-test firmware: flashes the ELF, then runs its
   * tests one by one (a reset before each) and prints libtest's JSON events ({@link
   * EmbeddedTestRun}). Monitoring options as for {@link #attach}, so firmware output during a test
   * reaches stdout the same way; the selection becomes libtest's options ({@code cmd/run.rs} {@code
   * TestOptions}, the same in 0.30 to 0.32).
   */
  public List<String> runTests(Path elf, EmbeddedTestSelection selection) {
    List<String> args = new ArrayList<>();
    args.add("run");
    args.addAll(options.probeArguments());
    args.add("--disable-progressbars");
    if (options.verify()) {
      args.add("--verify");
    }
    args.add("--no-timestamps");
    args.add("--log-format");
    args.add(MonitorLine.LOG_FORMAT);
    if (version.atLeast(ProbeRsVersion.V0_32)) {
      args.add("--scan-region");
      args.add("ram");
    } else {
      args.add("--rtt-scan-memory");
    }
    args.add("--format");
    args.add("json");
    if (selection.exact()) {
      args.add("--exact");
    }
    if (selection.includeIgnored()) {
      args.add("--include-ignored");
    }
    for (String skip : selection.skip()) {
      args.add("--skip-test");
      args.add(skip);
    }
    args.add(elf.toAbsolutePath().toString());
    selection.filter().ifPresent(args::add);
    return args;
  }

  /** Whether {@code attach} can run without the firmware's ELF (0.32 and later). */
  public boolean attachWithoutElf() {
    return version.atLeast(ProbeRsVersion.V0_32);
  }

  /**
   * {@code attach [ELF]}: resumes the core and prints semihosting and RTT output until the firmware
   * exits, faults (HardFault vector catch) or probe-rs is stopped.
   */
  public List<String> attach(Optional<Path> elf) {
    if (elf.isEmpty() && !attachWithoutElf()) {
      throw new ProbeRsException(
          ProbeRsFailure.UNSUPPORTED_OPERATION,
          "probe-rs "
              + version
              + " attach needs the firmware ELF, and the image was not loaded from one",
          "");
    }
    List<String> args = new ArrayList<>();
    args.add("attach");
    args.addAll(options.probeArguments());
    args.add("--no-timestamps");
    args.add("--log-format");
    args.add(MonitorLine.LOG_FORMAT);
    if (version.atLeast(ProbeRsVersion.V0_32)) {
      args.add("--scan-region");
      args.add("ram");
    } else {
      args.add("--rtt-scan-memory");
    }
    elf.ifPresent(p -> args.add(p.toAbsolutePath().toString()));
    return args;
  }
}
