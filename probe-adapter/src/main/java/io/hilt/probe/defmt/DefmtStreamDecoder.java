package io.hilt.probe.defmt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a channel's bytes, in chunks of any size, into log records. A frame that does not decode
 * becomes an {@link UndecodableFrame} with the reason, and decoding goes on:
 *
 * <ul>
 *   <li><b>rzcobs</b>: every frame ends with {@code 0x00}, so decoding resumes after the next zero;
 *       a frame longer than the cap is skipped up to its terminator and reported once.
 *   <li><b>raw</b>: frames are back to back without delimiters, so after a bad frame there is no
 *       way to know where the next one starts (defmt-decoder stops for good). This decoder drops
 *       everything buffered, reports it, and starts afresh with the next chunk: an RTT read usually
 *       ends on a frame boundary, so this recovers when bytes were corrupted but not when they were
 *       lost mid-frame. The same happens when no frame completes within the cap.
 * </ul>
 *
 * One decoder per channel; not thread-safe. Memory is bounded by the frame cap.
 */
public final class DefmtStreamDecoder {
  /** Default largest frame (encoded); defmt frames are typically 2 to 100 bytes. */
  public static final int DEFAULT_MAX_FRAME = 16 * 1024;

  /** Most bytes an {@link UndecodableFrame} carries for display. */
  public static final int SHOWN_BYTES = 64;

  private final DefmtTable table;
  private final LevelFilter filter;
  private final Optional<SourceLocator> locator;
  private final int maxFrame;
  private final byte[] buffer;
  private int length;
  private boolean overflowing;
  private int overflowLength;
  private byte[] overflowHead = new byte[0];

  public DefmtStreamDecoder(
      DefmtTable table, LevelFilter filter, Optional<SourceLocator> locator, int maxFrameBytes) {
    this.table = Objects.requireNonNull(table, "table");
    this.filter = Objects.requireNonNull(filter, "filter");
    this.locator = Objects.requireNonNull(locator, "locator");
    if (maxFrameBytes < 16 || maxFrameBytes > 1 << 24) {
      throw new IllegalArgumentException("frame cap " + maxFrameBytes + " (allowed 16..16 MiB)");
    }
    this.maxFrame = maxFrameBytes;
    this.buffer = new byte[maxFrameBytes];
  }

  /** A decoder with the default cap, every level, no locations. */
  public DefmtStreamDecoder(DefmtTable table) {
    this(table, LevelFilter.all(), Optional.empty(), DEFAULT_MAX_FRAME);
  }

  public List<DefmtEvent> feed(byte[] data) {
    return feed(data, 0, data.length);
  }

  /** Takes the next bytes of the channel; returns what they completed, in order. */
  public List<DefmtEvent> feed(byte[] data, int offset, int count) {
    Objects.checkFromIndexSize(offset, count, data.length);
    List<DefmtEvent> out = new ArrayList<>();
    switch (table.encoding()) {
      case RZCOBS -> feedRzcobs(data, offset, count, out);
      case RAW -> feedRaw(data, offset, count, out);
    }
    return out;
  }

  /** The stream ended: reports a frame left incomplete, if any. */
  public List<DefmtEvent> finish() {
    List<DefmtEvent> out = new ArrayList<>();
    if (overflowing) {
      out.add(
          new UndecodableFrame(
              overflowHead,
              overflowLength,
              "frame longer than " + maxFrame + " bytes, stream ended inside it"));
    } else if (length > 0) {
      out.add(undecodable(length, "stream ended inside a frame"));
    }
    overflowing = false;
    length = 0;
    return out;
  }

  private void feedRzcobs(byte[] data, int offset, int count, List<DefmtEvent> out) {
    int end = offset + count;
    for (int i = offset; i < end; i++) {
      byte b = data[i];
      if (b == 0) {
        if (overflowing) {
          out.add(
              new UndecodableFrame(
                  overflowHead, overflowLength, "frame longer than " + maxFrame + " bytes"));
          overflowing = false;
        } else if (length > 0) {
          rzcobsFrame(out);
        }
        length = 0;
      } else if (overflowing) {
        overflowLength++;
      } else if (length == maxFrame) {
        overflowing = true;
        overflowHead = Arrays.copyOf(buffer, SHOWN_BYTES);
        overflowLength = length + 1;
        length = 0;
      } else {
        buffer[length++] = b;
      }
    }
  }

  private void rzcobsFrame(List<DefmtEvent> out) {
    Optional<byte[]> frame = Rzcobs.decode(buffer, 0, length);
    if (frame.isEmpty()) {
      out.add(
          undecodable(length, "not valid rzCOBS (a group needs more bytes than the frame has)"));
      return;
    }
    FrameResult r = table.decode(frame.get());
    if (r instanceof FrameResult.Decoded d) {
      emit(d.frame(), out);
    } else {
      out.add(undecodable(length, ((FrameResult.Failed) r).reason()));
    }
  }

  private void feedRaw(byte[] data, int offset, int count, List<DefmtEvent> out) {
    int at = offset;
    int end = offset + count;
    while (at < end) {
      int n = Math.min(end - at, maxFrame - length);
      System.arraycopy(data, at, buffer, length, n);
      length += n;
      at += n;
      drainRaw(out);
    }
  }

  private void drainRaw(List<DefmtEvent> out) {
    int start = 0;
    while (start < length) {
      FrameResult r = table.decode(buffer, start, length - start);
      if (r instanceof FrameResult.Decoded d) {
        emit(d.frame(), out);
        start += d.consumed();
        continue;
      }
      FrameResult.Failed f = (FrameResult.Failed) r;
      if (f.endOfInput() && (length < maxFrame || start > 0)) {
        break; // wait for the rest
      }
      int skipped = length - start;
      byte[] shown = Arrays.copyOfRange(buffer, start, start + Math.min(skipped, SHOWN_BYTES));
      String reason =
          f.endOfInput()
              ? "no complete frame in " + maxFrame + " bytes"
              : f.reason() + "; raw frames have no delimiter, so the buffered bytes are dropped";
      out.add(new UndecodableFrame(shown, skipped, reason));
      start = length;
    }
    System.arraycopy(buffer, start, buffer, 0, length - start);
    length -= start;
  }

  private UndecodableFrame undecodable(int count, String reason) {
    return new UndecodableFrame(Arrays.copyOf(buffer, Math.min(count, SHOWN_BYTES)), count, reason);
  }

  private void emit(DefmtFrame frame, List<DefmtEvent> out) {
    Optional<SourceLocation> location = locator.flatMap(l -> l.locate(frame.index()));
    Optional<String> crate = frame.entry().crateName();
    Optional<String> path = location.flatMap(SourceLocation::module).or(() -> crate);
    if (!filter.accepts(frame.level(), path)) {
      return;
    }
    out.add(
        new LogRecord(
            frame.level(),
            frame.displayTimestamp(),
            frame.displayMessage(),
            location,
            crate,
            frame.index(),
            frame.bytes()));
  }
}
