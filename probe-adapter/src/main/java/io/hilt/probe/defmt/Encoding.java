package io.hilt.probe.defmt;

import java.util.Optional;

/** How frames are put on the wire ({@code _defmt_encoding_ = raw|rzcobs}). */
public enum Encoding {
  /** Frames back to back, no delimiter: a lost byte cannot be recovered from. */
  RAW,
  /** Reverse zero-compressing COBS, each frame ended by {@code 0x00}: decoding resumes there. */
  RZCOBS;

  public static Optional<Encoding> parse(String text) {
    return switch (text) {
      case "raw" -> Optional.of(RAW);
      case "rzcobs" -> Optional.of(RZCOBS);
      default -> Optional.empty();
    };
  }
}
