package io.hilt.orchestrator.config;

import io.hilt.probe.target.Arch;
import java.nio.file.Path;

/**
 * Firmware paths that name the architecture: {@code ../firmware/build/${arch}/smoke.elf} is {@code
 * .../cortex-m3/smoke.elf} on a Cortex-M3 board and {@code .../riscv32imac/smoke.elf} on RISC-V, so
 * one plan serves every core it lists in {@code requires.arch}.
 */
public final class FirmwarePaths {
  /** The placeholder, replaced by the board's arch id. */
  public static final String ARCH = "${arch}";

  private FirmwarePaths() {}

  public static boolean isTemplate(String path) {
    return path.contains(ARCH);
  }

  /** The firmware for a board of {@code arch}; a path without the placeholder is returned as is. */
  public static Path forArch(Path firmware, Arch arch) {
    String text = firmware.toString();
    return isTemplate(text) ? Path.of(text.replace(ARCH, arch.id())) : firmware;
  }
}
