package io.hilt.probe.drivers.probers;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The probes {@code probe-rs list} found.
 *
 * <p>Output (probe-rs-tools {@code cmd/list.rs}, 0.30 to 0.32): {@code The following debug probes
 * were found:} then one {@code [N]: LINE} per probe, or {@code No debug probes were found.}; 0.32
 * appends {@code (inaccessible)} to probes the user may not open and may print setup hints after
 * the list. {@code LINE} is {@code DebugProbeInfo}'s Display ({@code probe-rs/src/probe.rs}):
 * {@code NAME -- VID:PID:SERIAL (KIND)} in 0.30 and {@code NAME -- VID:PID[-IF]:SERIAL (KIND)} from
 * 0.31; ids are 4 lowercase hex digits.
 */
public record ProbeList(List<ProbeInfo> probes) {
  static final String HEADER = "The following debug probes were found:";
  static final String NONE = "No debug probes were found.";

  private static final Pattern ENTRY =
      Pattern.compile(
          "^\\[(\\d{1,4})]: (.*) -- ([0-9a-fA-F]{4}):([0-9a-fA-F]{4})(?:-(\\d{1,3}))?:(.*?)"
              + " \\(([^()]*)\\)( \\(inaccessible\\))?$");

  public ProbeList {
    probes = List.copyOf(probes);
  }

  /**
   * Parses the standard output of {@code probe-rs list}.
   *
   * @throws ProbeRsException ({@link ProbeRsFailure#BAD_OUTPUT}) when it is neither a list nor the
   *     "none found" line, or a {@code [N]:} line does not parse
   */
  public static ProbeList parse(String stdout) {
    List<ProbeInfo> probes = new ArrayList<>();
    boolean header = false;
    boolean none = false;
    int lineNumber = 0;
    for (String raw : ProbeRsFailure.stripAnsi(stdout).split("\r?\n", -1)) {
      lineNumber++;
      String line = raw.stripTrailing();
      if (line.equals(HEADER)) {
        header = true;
      } else if (line.equals(NONE)) {
        none = true;
      } else if (line.startsWith("[") && header) {
        Matcher m = ENTRY.matcher(line);
        if (!m.matches()) {
          throw new ProbeRsException(
              ProbeRsFailure.BAD_OUTPUT,
              "probe-rs list, line " + lineNumber + " is not a probe entry: " + quote(line),
              "");
        }
        probes.add(
            new ProbeInfo(
                Integer.parseInt(m.group(1)),
                m.group(2),
                Integer.parseInt(m.group(3), 16),
                Integer.parseInt(m.group(4), 16),
                m.group(5) == null
                    ? OptionalInt.empty()
                    : OptionalInt.of(Integer.parseInt(m.group(5))),
                m.group(6),
                m.group(7),
                m.group(8) == null));
      }
      // Anything else is a setup hint or a log line: not part of the list.
    }
    if (!header && !none) {
      throw new ProbeRsException(
          ProbeRsFailure.BAD_OUTPUT,
          "probe-rs list printed neither '"
              + HEADER
              + "' nor '"
              + NONE
              + "': "
              + ProbeRsFailure.excerpt(stdout),
          "");
    }
    return new ProbeList(probes);
  }

  /** The probes a profile's selector names. */
  public List<ProbeInfo> matching(String selector) {
    return probes.stream().filter(p -> p.matches(selector)).toList();
  }

  private static String quote(String line) {
    return "'" + ProbeRsFailure.excerpt(line) + "'";
  }
}
