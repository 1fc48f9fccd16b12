package io.hilt.probe.drivers.probers;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What kind of trouble a failed probe-rs call was, told from its own message text. These are
 * infrastructure problems (the board, probe, USB or tool), never test failures, so each carries a
 * hint for the person at the bench or the lab admin.
 *
 * <p>The texts are probe-rs's error messages (0.30 to 0.32): {@code OperationError} in {@code
 * probe-rs-tools/src/bin/probe-rs/util/common_options.rs}, {@code DebugProbeError} and {@code
 * ProbeCreationError} in {@code probe-rs/src/probe.rs}, {@code FlashError} in {@code
 * probe-rs/src/flashing/error.rs}, {@code Error::MissingPermissions} in {@code
 * probe-rs/src/error.rs}. probe-rs prints them as an anyhow chain on stderr ({@code Error: ...},
 * then {@code Caused by:}) and exits 1; a panic exits 101.
 */
public enum ProbeRsFailure {
  NO_PROBE(
      "no debug probe is connected (or it is not visible to this user)",
      "plug the probe in, check the cable, and on Linux install probe-rs's udev rules",
      "No connected probes were found",
      "The selected debug probe was not found",
      "No debug probes were found"),
  MULTIPLE_PROBES(
      "several probes are connected and none was selected",
      "set driver-options probe: VID:PID[:SERIAL] (see `probe-rs list`)",
      "probes were found:"),
  PROBE_BUSY(
      "the probe is in use by another process",
      "close the other debugger (another probe-rs, OpenOCD, an IDE) or wait for the lab lock",
      "Device or resource busy",
      "os error 16",
      "The selected USB device could not be opened",
      "in use by another",
      "already in use"),
  PERMISSION(
      "this user may not open the probe",
      "install probe-rs's udev rules and re-plug the probe, or add the user to plugdev",
      "Permission denied",
      "Access denied",
      "(inaccessible)",
      "insufficient permissions"),
  USB(
      "USB communication with the probe failed",
      "re-plug the probe or power-cycle the hub; the probe may have re-enumerated",
      "USB Communication Error",
      "A USB error occurred",
      "A USB transport error occurred",
      "No such device",
      "LIBUSB_ERROR",
      "Pipe error"),
  CHIP_NOT_FOUND(
      "probe-rs does not know the chip",
      "check driver-options chip (see `probe-rs chip list`) or give chip-description-path",
      "was not found in the database",
      "Failed to open the chip description",
      "Failed to parse the chip description"),
  TARGET_NOT_RESPONDING(
      "the probe could not connect to the chip",
      "check wiring and power; try connect-under-reset: true or a lower speed-khz",
      "Connecting to the chip was unsuccessful",
      "Failed to find or attach to the target",
      "Failed to get a handle to the first core",
      "A timeout occurred during probe operation"),
  CHIP_LOCKED(
      "the chip is locked (read-out protection) and must be erased to be unlocked",
      "unlock it once by hand with `probe-rs erase --allow-erase-all` (this erases all flash)",
      "the required permissions were not given",
      "is locked",
      "--allow-erase-all"),
  FLASH_ALGORITHM(
      "flashing failed in the flash algorithm",
      "check the chip variant, try a lower speed-khz, or erase the chip once",
      "The flashing procedure failed",
      "flash algorithm",
      "Failed to erase",
      "The page write of the page",
      "No flash memory contains the entire requested memory range"),
  VERIFY_FAILED(
      "the flash contents do not match the image after programming",
      "the flash may be worn or protected; erase the chip and flash again",
      "Verification failed",
      "Flash content verification failed"),
  TIMEOUT("probe-rs did not finish in time and was stopped", "the board or probe may hang"),
  CRASHED(
      "probe-rs crashed",
      "run the same command by hand with --log-file to see why; report it to probe-rs",
      "panicked at"),
  BAD_OUTPUT(
      "probe-rs printed something hilt cannot read",
      "check that the executable is a supported probe-rs (" + ProbeRsVersion.SUPPORTED + ")"),
  UNSUPPORTED_VERSION(
      "this probe-rs release is not supported",
      "install probe-rs " + ProbeRsVersion.SUPPORTED + " or set driver-options probe-rs: /path"),
  NOT_INSTALLED(
      "the probe-rs executable was not found",
      "install probe-rs (https://probe.rs) or set driver-options probe-rs: /path/to/probe-rs"),
  UNSUPPORTED_OPERATION(
      "the probe-rs command line cannot do this", "use driver gdb with `probe-rs gdb` instead"),
  OTHER("probe-rs failed", "see probe-rs's message above");

  /** Bytes of probe-rs output quoted in a message, at most. */
  static final int EXCERPT = 1200;

  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");

  private final String meaning;
  private final String hint;
  private final List<String> markers;

  ProbeRsFailure(String meaning, String hint, String... markers) {
    this.meaning = meaning;
    this.hint = hint;
    this.markers = List.of(markers);
  }

  public String meaning() {
    return meaning;
  }

  public String hint() {
    return hint;
  }

  /**
   * The kind of failure probe-rs's output describes; {@link #OTHER} when nothing is recognised.
   * More specific kinds are tried first (a busy probe also reports "could not be created").
   */
  public static ProbeRsFailure classify(String output) {
    String text = stripAnsi(output).toLowerCase(Locale.ROOT);
    for (ProbeRsFailure kind :
        List.of(
            CRASHED,
            VERIFY_FAILED,
            CHIP_LOCKED,
            MULTIPLE_PROBES,
            PERMISSION,
            PROBE_BUSY,
            NO_PROBE,
            CHIP_NOT_FOUND,
            FLASH_ALGORITHM,
            USB,
            TARGET_NOT_RESPONDING)) {
      for (String marker : kind.markers) {
        if (text.contains(marker.toLowerCase(Locale.ROOT))) {
          return kind;
        }
      }
    }
    return OTHER;
  }

  static String stripAnsi(String s) {
    return ANSI.matcher(s).replaceAll("");
  }

  /** probe-rs's own words, trimmed and bounded, for quoting in a message. */
  static String excerpt(String output) {
    String s = stripAnsi(output).strip();
    StringBuilder b = new StringBuilder(Math.min(s.length(), EXCERPT + 20));
    for (int i = 0; i < s.length() && b.length() < EXCERPT; i++) {
      char c = s.charAt(i);
      b.append(c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f) ? c : '?');
    }
    if (s.length() > EXCERPT) {
      b.append(" [... ").append(s.length() - EXCERPT).append(" more characters]");
    }
    return b.isEmpty() ? "(no output)" : b.toString();
  }
}
