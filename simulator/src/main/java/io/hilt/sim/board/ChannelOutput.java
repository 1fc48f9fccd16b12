package io.hilt.sim.board;

import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.OutputChunk;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What a board's devices wrote since the target last collected it, kept per channel. */
final class ChannelOutput {
  private final Map<OutputChannel, ByteArrayOutputStream> pending =
      new EnumMap<>(OutputChannel.class);

  void write(OutputChannel channel, byte[] data, int offset, int length) {
    pending.computeIfAbsent(channel, c -> new ByteArrayOutputStream()).write(data, offset, length);
  }

  /** Output written since the last call, one chunk per channel, in channel order. */
  List<OutputChunk> take() {
    List<OutputChunk> chunks = new ArrayList<>();
    for (Map.Entry<OutputChannel, ByteArrayOutputStream> e : pending.entrySet()) {
      if (e.getValue().size() > 0) {
        chunks.add(new OutputChunk(e.getKey(), e.getValue().toByteArray()));
        e.getValue().reset();
      }
    }
    return List.copyOf(chunks);
  }
}
