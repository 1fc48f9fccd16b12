package io.hilt.probe.drivers.probers;

import io.hilt.probe.target.TargetException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A probe-rs release, as printed by {@code probe-rs --version} ({@code probe-rs 0.32.0 (git commit:
 * ...)}: clap's version line, fed by {@code PROBE_RS_VERSION}/{@code PROBE_RS_LONG_VERSION} from
 * {@code probe-rs-tools/build.rs}).
 *
 * <p>hilt supports {@value #SUPPORTED}: the command lines and output texts it relies on were read
 * from the sources of exactly those releases (see docs/probe-rs.md).
 */
public record ProbeRsVersion(int major, int minor, int patch)
    implements Comparable<ProbeRsVersion> {
  /** The supported range, for messages. */
  public static final String SUPPORTED = "0.30.0 to 0.32.x";

  public static final ProbeRsVersion V0_30 = new ProbeRsVersion(0, 30, 0);
  public static final ProbeRsVersion V0_31 = new ProbeRsVersion(0, 31, 0);
  public static final ProbeRsVersion V0_32 = new ProbeRsVersion(0, 32, 0);

  private static final Pattern LINE =
      Pattern.compile("(?m)^probe-rs\\s+(\\d{1,4})\\.(\\d{1,4})\\.(\\d{1,4})\\S*(?:\\s.*)?$");

  public ProbeRsVersion {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("version parts must not be negative");
    }
  }

  /** The version in the output of {@code probe-rs --version}, if it has one. */
  public static Optional<ProbeRsVersion> parse(String versionOutput) {
    Matcher m = LINE.matcher(versionOutput);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(
        new ProbeRsVersion(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3))));
  }

  public boolean supported() {
    return major == 0 && minor >= 30 && minor <= 32;
  }

  /** Throws unless this release is in the supported range. */
  public ProbeRsVersion requireSupported(String executable) {
    if (!supported()) {
      throw new ProbeRsException(
          ProbeRsFailure.UNSUPPORTED_VERSION,
          executable + " is probe-rs " + this + ", but hilt supports " + SUPPORTED,
          "");
    }
    return this;
  }

  /** Whether this release is at least {@code other}. */
  public boolean atLeast(ProbeRsVersion other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(ProbeRsVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }

  static TargetException unreadable(String executable, String output) {
    return new ProbeRsException(
        ProbeRsFailure.UNSUPPORTED_VERSION,
        executable
            + " --version printed no 'probe-rs X.Y.Z' line: "
            + ProbeRsFailure.excerpt(output),
        "");
  }
}
