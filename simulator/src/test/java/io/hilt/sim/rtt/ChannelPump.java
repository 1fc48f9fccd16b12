package io.hilt.sim.rtt;

import io.hilt.probe.defmt.DefmtEvent;
import io.hilt.probe.defmt.DefmtStreamDecoder;
import io.hilt.probe.defmt.LevelFilter;
import io.hilt.probe.defmt.LogRecord;
import io.hilt.probe.rtt.Rtt;
import io.hilt.probe.target.StopReason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Polls the demo's up channels while the core runs, as a host tool does: channel 0 through the
 * defmt stream decoder (table and locations from the ELF), channel 1 as text. Records whether each
 * read happened while the core was running, and the instruction count seen at each such read.
 */
final class ChannelPump {
  private static final int CHUNK = 4096;

  private final DemoTarget demo;
  private final Rtt rtt;
  private final DefmtStreamDecoder decoder;
  private final List<DefmtEvent> events = new ArrayList<>();
  private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
  private final List<Long> instructionsAtReadsWhileRunning = new ArrayList<>();
  private long bytesReadWhileRunning;

  ChannelPump(DemoTarget demo, Rtt rtt) {
    this.demo = demo;
    this.rtt = rtt;
    this.decoder =
        new DefmtStreamDecoder(
            demo.table,
            LevelFilter.all(),
            Optional.of(demo.locator),
            DefmtStreamDecoder.DEFAULT_MAX_FRAME);
  }

  /** Reads both channels once (each is drained: the buffers are smaller than a read). */
  int poll() {
    boolean runningBefore = demo.target.stopReason().isEmpty();
    long instructions = demo.instructions();
    byte[] defmt = rtt.read(0, CHUNK);
    byte[] text = rtt.read(1, CHUNK);
    boolean runningAfter = demo.target.stopReason().isEmpty();
    if (runningBefore && runningAfter) {
      instructionsAtReadsWhileRunning.add(instructions);
      bytesReadWhileRunning += defmt.length + text.length;
    }
    events.addAll(decoder.feed(defmt));
    terminal.writeBytes(text);
    return defmt.length + text.length;
  }

  /** Polls until the core stopped and both channels are drained. */
  StopReason untilStopped() {
    long deadline = System.nanoTime() + DemoTarget.TIMEOUT.toNanos();
    while (true) {
      Optional<StopReason> stop = demo.target.stopReason();
      int read = poll();
      if (stop.isPresent() && read == 0) {
        events.addAll(decoder.finish());
        return stop.get();
      }
      if (read == 0) {
        pause(deadline, "the demo to stop");
      }
    }
  }

  private void pause(long deadline, String what) {
    if (System.nanoTime() > deadline) {
      throw new AssertionError(
          "gave up waiting for "
              + what
              + " after "
              + DemoTarget.TIMEOUT
              + "; decoded so far: "
              + events);
    }
    try {
      Thread.sleep(DemoTarget.POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  List<DefmtEvent> events() {
    return List.copyOf(events);
  }

  List<LogRecord> records() {
    return events.stream().filter(LogRecord.class::isInstance).map(LogRecord.class::cast).toList();
  }

  String terminal() {
    return terminal.toString(StandardCharsets.UTF_8);
  }

  List<Long> instructionsAtReadsWhileRunning() {
    return List.copyOf(instructionsAtReadsWhileRunning);
  }

  long bytesReadWhileRunning() {
    return bytesReadWhileRunning;
  }
}
