package io.hilt.probe.target;

import java.util.Objects;

/** Bytes the target wrote to one channel, in order. */
public record OutputChunk(OutputChannel channel, byte[] data) {
  public OutputChunk {
    Objects.requireNonNull(channel, "channel");
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }
}
