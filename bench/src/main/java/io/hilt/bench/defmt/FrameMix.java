package io.hilt.bench.defmt;

import io.hilt.probe.defmt.DefmtEvent;
import io.hilt.probe.defmt.DefmtStreamDecoder;
import io.hilt.probe.defmt.DefmtTable;
import io.hilt.probe.defmt.LogRecord;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A channel-0 byte stream made of captured rzCOBS frames: the captured frames in their order,
 * repeated until the stream reaches a size, behind one leading {@code 0x00} as the firmware's.
 *
 * @param frames the distinct captured frames, each with its {@code 0x00} terminator
 * @param stream the repeated frames
 * @param frameCount frames in {@code stream}
 */
record FrameMix(List<byte[]> frames, byte[] stream, long frameCount) {
  FrameMix {
    frames = List.copyOf(frames);
    Objects.requireNonNull(stream, "stream");
  }

  /** Splits captured channel bytes into frames (dropping empty ones between zeros). */
  static List<byte[]> split(byte[] captured) {
    List<byte[]> frames = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < captured.length; i++) {
      if (captured[i] == 0) {
        if (i > start) {
          frames.add(Arrays.copyOfRange(captured, start, i + 1));
        }
        start = i + 1;
      }
    }
    return frames;
  }

  /**
   * Checks that every frame decodes to a log record with {@code table} (a benchmark over frames the
   * decoder rejects would measure the error path), then repeats them to at least {@code minBytes}.
   */
  static FrameMix of(List<byte[]> frames, DefmtTable table, int minBytes) {
    if (frames.isEmpty()) {
      throw new IllegalStateException("no frames captured");
    }
    for (byte[] frame : frames) {
      DefmtStreamDecoder decoder = new DefmtStreamDecoder(table);
      List<DefmtEvent> events = decoder.feed(frame);
      if (events.size() != 1 || !(events.get(0) instanceof LogRecord)) {
        throw new IllegalStateException(
            "captured frame " + Arrays.toString(frame) + " decodes to " + events);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(minBytes + 4096);
    out.write(0);
    long count = 0;
    while (out.size() < minBytes) {
      for (byte[] frame : frames) {
        out.writeBytes(frame);
        count++;
      }
    }
    return new FrameMix(frames, out.toByteArray(), count);
  }

  /** Text of each distinct frame, in order, as the decoder shows it. */
  List<String> lines(DefmtTable table) {
    DefmtStreamDecoder decoder = new DefmtStreamDecoder(table);
    List<String> lines = new ArrayList<>();
    for (byte[] frame : frames) {
      decoder.feed(frame).forEach(e -> lines.add(e.display()));
    }
    return lines;
  }
}
