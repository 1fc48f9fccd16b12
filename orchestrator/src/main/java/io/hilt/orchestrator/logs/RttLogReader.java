package io.hilt.orchestrator.logs;

import io.hilt.orchestrator.config.RttSettings;
import io.hilt.probe.defmt.DefmtEvent;
import io.hilt.probe.defmt.DefmtException;
import io.hilt.probe.defmt.DefmtLocations;
import io.hilt.probe.defmt.DefmtStreamDecoder;
import io.hilt.probe.defmt.DefmtTable;
import io.hilt.probe.defmt.LevelFilter;
import io.hilt.probe.defmt.LogRecord;
import io.hilt.probe.defmt.SourceLocator;
import io.hilt.probe.defmt.UndecodableFrame;
import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.rtt.Rtt;
import io.hilt.probe.rtt.RttChannel;
import io.hilt.probe.rtt.RttControlBlock;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.TargetException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Reads a running target's RTT up channels into {@link LogLine}s, polled by the caller (every wait
 * slice of a test, or the monitor's loop). Attaches lazily: the control block exists only once the
 * firmware initialised it, so each poll looks for it again until found (at the {@code _SEGGER_RTT}
 * symbol, or by scanning RAM at most every {@link #SCAN_INTERVAL}). The log channel goes through
 * the defmt stream decoder when the ELF has a defmt table; every other up channel is text, split
 * into lines. A corrupt block or a failed read is reported once through {@code notes} and ends
 * reading until {@link #detach()}; it never throws. Not thread-safe.
 */
public final class RttLogReader {
  /** Most bytes read from one channel per poll. */
  static final int CHUNK = 64 * 1024;

  /** Longest text line kept whole; longer lines are cut. */
  static final int MAX_TEXT_LINE = 4096;

  static final Duration SCAN_INTERVAL = Duration.ofMillis(250);

  private final DebugTarget target;
  private final List<MemoryRegion> regions;
  private final Optional<Long> symbol;
  private final boolean active;
  private final boolean scan;
  private final int logChannel;
  private final Optional<DefmtTable> table;
  private final Optional<SourceLocator> locator;
  private final LevelFilter filter;
  private final Consumer<String> notes;
  private final LongSupplier nanoClock;

  private Optional<Rtt> rtt = Optional.empty();
  private boolean broken;
  private long nextScan = Long.MIN_VALUE;
  private Optional<DefmtStreamDecoder> decoder = Optional.empty();
  private final Map<Integer, ByteArrayOutputStream> partial = new HashMap<>();

  /**
   * @param firmware the ELF, for the symbol, the defmt table and locations
   * @param regions what the reader may touch (the profile's memory)
   * @param settings the effective {@code rtt:} settings
   * @param filter which defmt records to keep ({@code DEFMT_LOG} syntax)
   * @param notes where hilt's own remarks go (attached, gave up...)
   */
  public RttLogReader(
      DebugTarget target,
      Optional<ElfFile> firmware,
      List<MemoryRegion> regions,
      RttSettings settings,
      LevelFilter filter,
      Consumer<String> notes) {
    this(target, firmware, regions, settings, filter, notes, System::nanoTime);
  }

  RttLogReader(
      DebugTarget target,
      Optional<ElfFile> firmware,
      List<MemoryRegion> regions,
      RttSettings settings,
      LevelFilter filter,
      Consumer<String> notes,
      LongSupplier nanoClock) {
    this.target = target;
    this.regions = List.copyOf(regions);
    this.filter = filter;
    this.notes = notes;
    this.nanoClock = nanoClock;
    this.symbol = firmware.flatMap(Rtt::symbolAddress);
    Optional<DefmtTable> found = Optional.empty();
    Optional<SourceLocator> where = Optional.empty();
    if (firmware.isPresent()) {
      try {
        found = DefmtTable.fromElf(firmware.get());
        if (found.isPresent()) {
          where = Optional.of(DefmtLocations.read(firmware.get(), found.get()));
        }
      } catch (DefmtException e) {
        notes.accept("RTT: the ELF's defmt data is unusable, logs are shown as text: " + e);
      }
    }
    this.logChannel = settings.logChannel();
    boolean wantDefmt =
        settings.encoding().orElse(RttSettings.Encoding.DEFMT) == RttSettings.Encoding.DEFMT;
    if (wantDefmt && settings.encoding().isPresent() && found.isEmpty()) {
      notes.accept(
          "RTT: encoding defmt is set but the ELF has no defmt table; channel "
              + logChannel
              + " is shown as text");
    }
    this.table = wantDefmt ? found : Optional.empty();
    this.locator = wantDefmt ? where : Optional.empty();
    boolean hinted = symbol.isPresent() || found.isPresent();
    this.active = settings.enabled().orElse(hinted);
    this.scan = settings.scanRam();
  }

  /**
   * Whether this reader looks for RTT at all (enabled, and the ELF suggests RTT or it is forced).
   */
  public boolean active() {
    return active;
  }

  /** Whether the control block was found. */
  public boolean attached() {
    return rtt.isPresent();
  }

  /**
   * Reads every up channel once (draining what fits in one read) and returns the complete lines.
   */
  public List<LogLine> poll() {
    List<LogLine> out = new ArrayList<>();
    if (!active || broken) {
      return out;
    }
    if (rtt.isEmpty() && !tryAttach()) {
      return out;
    }
    try {
      for (RttChannel c : rtt.get().controlBlock().up()) {
        byte[] data = rtt.get().read(c.index(), CHUNK);
        if (data.length > 0) {
          accept(c.index(), data, out);
        }
      }
    } catch (TargetException e) {
      broken = true;
      notes.accept("RTT: reading stopped: " + e.getMessage());
    }
    return out;
  }

  /** Polls until nothing more arrives (bounded), then ends partial lines and frames. */
  public List<LogLine> drain() {
    List<LogLine> out = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      List<LogLine> more = poll();
      if (more.isEmpty()) {
        break;
      }
      out.addAll(more);
    }
    out.addAll(finish());
    return out;
  }

  /**
   * Forgets the control block (after a reset or load, the firmware sets it up again); the next poll
   * attaches anew. Partial lines and frames are returned.
   */
  public List<LogLine> detach() {
    List<LogLine> out = finish();
    rtt = Optional.empty();
    broken = false;
    nextScan = Long.MIN_VALUE;
    decoder = Optional.empty();
    return out;
  }

  private List<LogLine> finish() {
    List<LogLine> out = new ArrayList<>();
    decoder.ifPresent(d -> d.finish().forEach(e -> event(e, out)));
    for (Map.Entry<Integer, ByteArrayOutputStream> e : partial.entrySet()) {
      if (e.getValue().size() > 0) {
        out.add(
            LogLine.text(channelName(e.getKey()), e.getValue().toString(StandardCharsets.UTF_8)));
        e.getValue().reset();
      }
    }
    return out;
  }

  private boolean tryAttach() {
    try {
      Optional<Long> address = symbol;
      if (address.isEmpty()) {
        if (!scan || nanoClock.getAsLong() - nextScan < 0) {
          return false;
        }
        nextScan = nanoClock.getAsLong() + SCAN_INTERVAL.toNanos();
        address = Rtt.scan(target, regions, Rtt.DEFAULT_SCAN_CHUNK).map(RttControlBlock::address);
      } else if (Rtt.parse(target, address.get(), regions).isEmpty()) {
        return false;
      }
      if (address.isEmpty()) {
        return false;
      }
      Rtt attached =
          Rtt.attach(target, address.get(), regions, Duration.ZERO, Duration.ofMillis(1));
      rtt = Optional.of(attached);
      table.ifPresent(
          t ->
              decoder =
                  Optional.of(
                      new DefmtStreamDecoder(
                          t, filter, locator, DefmtStreamDecoder.DEFAULT_MAX_FRAME)));
      return true;
    } catch (TargetException e) {
      broken = true;
      notes.accept("RTT: not attached: " + e.getMessage());
      return false;
    }
  }

  private void accept(int channel, byte[] data, List<LogLine> out) {
    if (channel == logChannel && decoder.isPresent()) {
      decoder.get().feed(data).forEach(e -> event(e, out));
      return;
    }
    ByteArrayOutputStream line = partial.computeIfAbsent(channel, c -> new ByteArrayOutputStream());
    for (byte b : data) {
      if (b == '\n' || line.size() >= MAX_TEXT_LINE) {
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
          text = text.substring(0, text.length() - 1);
        }
        out.add(LogLine.text(channelName(channel), text));
        line.reset();
        if (b == '\n') {
          continue;
        }
      }
      line.write(b);
    }
  }

  private void event(DefmtEvent event, List<LogLine> out) {
    String channel = channelName(logChannel);
    if (event instanceof LogRecord r) {
      out.add(new LogLine(channel, r.level(), r.timestamp(), r.text(), r.location(), false));
    } else if (event instanceof UndecodableFrame u) {
      out.add(
          new LogLine(
              channel, Optional.empty(), Optional.empty(), u.display(), Optional.empty(), true));
    } else {
      throw new IllegalStateException("unknown defmt event " + event);
    }
  }

  private static String channelName(int channel) {
    return "rtt:" + channel;
  }
}
