package io.hilt.probe.target;

import java.util.List;
import java.util.Objects;

/**
 * What gets flashed: segments by physical address.
 *
 * @param name for messages (usually the ELF path)
 * @param segments the bytes to write
 */
public record FirmwareImage(String name, List<ImageSegment> segments) {
  public FirmwareImage {
    Objects.requireNonNull(name, "name");
    segments = List.copyOf(segments);
  }
}
