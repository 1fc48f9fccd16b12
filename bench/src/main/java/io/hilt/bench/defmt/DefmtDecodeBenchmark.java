package io.hilt.bench.defmt;

import io.hilt.probe.defmt.DefmtEvent;
import io.hilt.probe.defmt.DefmtLocations;
import io.hilt.probe.defmt.DefmtStreamDecoder;
import io.hilt.probe.defmt.DefmtTable;
import io.hilt.probe.defmt.FrameResult;
import io.hilt.probe.defmt.LevelFilter;
import io.hilt.probe.defmt.Rzcobs;
import io.hilt.probe.defmt.SourceLocator;
import io.hilt.probe.elf.ElfFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One operation is one pass over the whole captured stream (system property {@value #STREAM}, a
 * file written by {@link DefmtBench}) with the table of the firmware that wrote it ({@value #ELF}).
 * {@link DefmtBench} turns passes per second into frames and bytes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DefmtDecodeBenchmark {
  static final String STREAM = "hilt.bench.defmt.stream";
  static final String ELF = "hilt.bench.defmt.elf";

  /** What a host tool reads from RTT at once (as hilt's pumps do). */
  static final int CHUNK = 4096;

  private byte[] stream;
  private DefmtTable table;
  private SourceLocator locator;

  @Setup
  public void setUp() {
    try {
      stream = Files.readAllBytes(Path.of(required(STREAM)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ElfFile elf = ElfFile.read(Path.of(required(ELF)));
    table = DefmtTable.fromElf(elf).orElseThrow(() -> new IllegalStateException("no defmt table"));
    locator = DefmtLocations.read(elf, table);
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException("system property " + property + " is not set");
    }
    return value;
  }

  /**
   * Frame decoding without text: find each terminator, undo rzCOBS, decode index, timestamp and
   * arguments into values.
   */
  @Benchmark
  public long decodeOnly(Blackhole bh) {
    long decoded = 0;
    int start = 0;
    for (int i = 0; i < stream.length; i++) {
      if (stream[i] == 0) {
        if (i > start) {
          byte[] frame = Rzcobs.decode(stream, start, i - start).orElseThrow();
          FrameResult r = table.decode(frame);
          bh.consume(r);
          if (r instanceof FrameResult.Decoded) {
            decoded++;
          }
        }
        start = i + 1;
      }
    }
    return decoded;
  }

  /**
   * What {@code hilt monitor} and the plan runner do without locations: the stream decoder fed in
   * RTT-sized chunks, each record formatted to its display line.
   */
  @Benchmark
  public long decodeAndFormat(Blackhole bh) {
    return stream(new DefmtStreamDecoder(table), bh);
  }

  /** As {@link #decodeAndFormat}, with each record's file:line from the ELF's debug info. */
  @Benchmark
  public long decodeFormatAndLocate(Blackhole bh) {
    return stream(
        new DefmtStreamDecoder(
            table, LevelFilter.all(), Optional.of(locator), DefmtStreamDecoder.DEFAULT_MAX_FRAME),
        bh);
  }

  private long stream(DefmtStreamDecoder decoder, Blackhole bh) {
    long events = 0;
    for (int at = 0; at < stream.length; at += CHUNK) {
      for (DefmtEvent e : decoder.feed(stream, at, Math.min(CHUNK, stream.length - at))) {
        bh.consume(e.display());
        events++;
      }
    }
    return events;
  }
}
