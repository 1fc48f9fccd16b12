package io.hilt.orchestrator.engine;

import io.hilt.probe.target.Arch;

/** Architecture names as users write them in profiles and plans. */
public final class Archs {
  private Archs() {}

  public static String name(Arch arch) {
    return arch.id();
  }
}
