package io.hilt.fakeprobers;

/** The probe-rs release the stand-in imitates ({@code FAKE_PROBE_RS_VERSION}, default 0.32.0). */
record Version(int major, int minor, int patch) {
  static Version parse(String text) {
    String[] p = text.strip().split("\\.");
    if (p.length != 3) {
      throw new IllegalArgumentException("FAKE_PROBE_RS_VERSION must be X.Y.Z: " + text);
    }
    return new Version(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
  }

  boolean atLeast(int maj, int min) {
    return major > maj || (major == maj && minor >= min);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
