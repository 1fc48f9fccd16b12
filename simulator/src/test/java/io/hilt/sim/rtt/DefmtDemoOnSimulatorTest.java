package io.hilt.sim.rtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.defmt.DefmtEvent;
import io.hilt.probe.defmt.DefmtLocations;
import io.hilt.probe.defmt.DefmtTable;
import io.hilt.probe.defmt.Level;
import io.hilt.probe.defmt.LogRecord;
import io.hilt.probe.defmt.SourceLocation;
import io.hilt.probe.defmt.Tag;
import io.hilt.probe.defmt.UndecodableFrame;
import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.rtt.ChannelMode;
import io.hilt.probe.rtt.Rtt;
import io.hilt.probe.rtt.RttChannel;
import io.hilt.probe.rtt.RttControlBlock;
import io.hilt.probe.rtt.RttException;
import io.hilt.probe.target.Arch;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.StopReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gcc-built {@code defmt-demo} (C RTT and defmt emitter from {@code firmware/common}) on the
 * simulator, read by hilt's RTT reader and defmt decoder while the core runs.
 */
class DefmtDemoOnSimulatorTest {

  /** A decoded line as a user sees it: level (empty for println), text, file:line. */
  record Line(Optional<Level> level, String text, String location) {
    static Line of(LogRecord r) {
      return new Line(
          r.level(),
          r.text(),
          r.location().map(l -> l.fileName(2) + ":" + l.line()).orElse("(no location)"));
    }
  }

  /** The line of {@code firmware/src/defmt-demo.c} holding the format string literal. */
  private static int sourceLine(String format) {
    List<String> lines;
    try {
      lines = Files.readAllLines(DemoTarget.SOURCE, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String literal = "(\"" + format + "\"";
    List<Integer> found =
        IntStream.range(0, lines.size())
            .filter(i -> lines.get(i).contains(literal))
            .mapToObj(i -> i + 1)
            .toList();
    assertThat(found).as("lines of %s with %s", DemoTarget.SOURCE, literal).hasSize(1);
    return found.get(0);
  }

  private static Line expect(Level level, String format, String text) {
    return new Line(Optional.ofNullable(level), text, "src/defmt-demo.c:" + sourceLine(format));
  }

  @ParameterizedTest
  @EnumSource(
      value = Arch.class,
      names = {"CORTEX_M0PLUS", "CORTEX_M3", "CORTEX_M4"})
  void everyLevelDecodesToTheExpectedLinesWithTheirSourceLines(Arch arch) {
    try (DemoTarget demo = DemoTarget.run(arch)) {
      ChannelPump pump = new ChannelPump(demo, demo.attach());
      StopReason stop = pump.untilStopped();

      assertThat(stop).isEqualTo(new StopReason.Exited(0));
      assertThat(pump.events()).allMatch(e -> e instanceof LogRecord, "every frame decodes");
      assertThat(pump.records().stream().map(Line::of).toList())
          .containsExactly(
              expect(Level.TRACE, "entering every_level", "entering every_level"),
              expect(
                  Level.DEBUG,
                  "hex {=u8:x} {=u32:#x} {=i16:#x} bin {=u8:b} {=u8:#b}",
                  "hex c8 0xdeadbeef 0xffff bin 101 0b101"),
              expect(
                  Level.INFO,
                  "unsigned {=u8} {=u16} {=u32} {=u64}",
                  "unsigned 200 65000 4000000000 18000000000000000000"),
              expect(
                  Level.INFO,
                  "signed {=i8} {=i16} {=i32} {=i64}",
                  "signed -100 -30000 -2000000000 -9000000000000000000"),
              expect(
                  Level.INFO,
                  "bool {=bool} {=bool}, char {=char} {=char}",
                  "bool true false, char h \u00e9"),
              expect(Level.INFO, "float {=f32} {=f32} {=f64}", "float 1.5 -0.25 3.141592653589793"),
              expect(
                  Level.WARN,
                  "str {=str}, istr {=istr}, debug str {=str:?}",
                  "str hello, istr sensor-a, debug str \"quoted\""),
              expect(
                  Level.INFO,
                  "bytes {=[u8]} ascii {=[u8]:a} array {=[u8; 3]}",
                  "bytes [23, 42] ascii b\"Hi\" array [1, 2, 3]"),
              expect(
                  Level.INFO,
                  "nested {=?} and enum {=?}",
                  "nested Point { x: -3, y: 7 } and enum Running"),
              expect(
                  Level.INFO,
                  "bitfields x: {0=0..4:b}, y: {0=3..8:#b}",
                  "bitfields x: 101, y: 0b11100"),
              expect(Level.ERROR, "error code {=u32} ({=istr})", "error code 42 (overheated)"),
              expect(
                  null, "println has no level, {=u8} argument", "println has no level, 1 argument"),
              expect(
                  Level.INFO,
                  "every_level done, {=u32} frames dropped",
                  "every_level done, 0 frames dropped"));
      assertThat(pump.records()).allSatisfy(r -> assertThat(r.crateName()).contains("defmt_demo"));
      assertThat(pump.terminal())
          .isEqualTo("defmt-demo: plain text on RTT channel 1\ndefmt-demo: done\n");
    }
  }

  @Test
  void timestampsAreMicrosecondsFromSysTickAndNeverGoBack() {
    try (DemoTarget demo = DemoTarget.run("flood", "200")) {
      ChannelPump pump = new ChannelPump(demo, demo.attach());
      assertThat(pump.untilStopped()).isEqualTo(new StopReason.Exited(0));
      List<BigDecimal> stamps = new ArrayList<>();
      for (LogRecord r : pump.records()) {
        assertThat(r.timestamp()).as("timestamp of %s", r).isPresent();
        assertThat(r.timestamp().get()).matches("\\d+\\.\\d{6}");
        stamps.add(new BigDecimal(r.timestamp().get()));
      }
      assertThat(stamps).hasSize(201).isSorted();
      // 25 simulated cycles (instructions) per microsecond: the run took this many at least
      BigDecimal span = stamps.get(stamps.size() - 1).subtract(stamps.get(0));
      assertThat(span).isPositive();
      assertThat(span.movePointRight(6).longValue() * 25).isLessThan(demo.instructions());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Arch.class,
      names = {"CORTEX_M0PLUS", "CORTEX_M3", "CORTEX_M4"})
  void floodInBlockingModeLosesNoFrameWhileTheHostReadsAsTheCoreRuns(Arch arch) {
    int count = 10_000;
    try (DemoTarget demo = DemoTarget.run(arch, "flood", Integer.toString(count))) {
      Rtt rtt = demo.attach();
      ChannelPump pump = new ChannelPump(demo, rtt);
      StopReason stop = pump.untilStopped();

      assertThat(stop).isEqualTo(new StopReason.Exited(0));
      List<DefmtEvent> events = pump.events();
      assertThat(events).hasSize(count + 1).allMatch(e -> e instanceof LogRecord);
      List<String> texts = pump.records().stream().map(LogRecord::text).toList();
      for (int i = 1; i <= count; i++) {
        assertThat(texts.get(i - 1)).isEqualTo("flood " + i + " of " + count);
      }
      assertThat(texts.get(count)).isEqualTo("flood done, 0 frames dropped");

      // 10000 frames of about 16 bytes cannot pass a 1 KiB buffer unless the host drained it
      // while the firmware ran; reading never stopped the core: it was running before and after
      // each of those reads, kept executing between them, and ended by its own exit.
      assertThat(pump.bytesReadWhileRunning()).isGreaterThan(100L * 1024);
      assertThat(pump.instructionsAtReadsWhileRunning()).hasSizeGreaterThan(100).isSorted();
      assertThat(pump.instructionsAtReadsWhileRunning().stream().distinct().count())
          .isGreaterThan(50);
      // the firmware switched channel 0 to blocking itself (rtt_set_up_mode)
      Optional<RttControlBlock> now = Rtt.parse(demo.target, demo.rttAddress(), DemoTarget.MEMORY);
      assertThat(now.orElseThrow().up().get(0).mode()).isEqualTo(ChannelMode.BLOCK_IF_FULL);
    }
  }

  @Test
  void errorScenarioLogsAnErrorAndStillExitsZero() {
    try (DemoTarget demo = DemoTarget.run("error")) {
      ChannelPump pump = new ChannelPump(demo, demo.attach());
      assertThat(pump.untilStopped()).isEqualTo(new StopReason.Exited(0));
      assertThat(pump.records().stream().map(Line::of).toList())
          .containsExactly(
              expect(Level.INFO, "error scenario: about to fail", "error scenario: about to fail"),
              expect(
                  Level.ERROR,
                  "sensor {=istr} failed with code {=i32}",
                  "sensor sensor-b failed with code -5"));
    }
  }

  @Test
  void echoReadsTheDownChannelAndAnswersOnBothUpChannels() {
    try (DemoTarget demo = DemoTarget.run("echo")) {
      Rtt rtt = demo.attach();
      ChannelPump pump = new ChannelPump(demo, rtt);
      // the down buffer exists once the block is initialised: the line waits there until the
      // firmware polls for it
      rtt.writeAll(
          0, "ping\n".getBytes(StandardCharsets.US_ASCII), DemoTarget.TIMEOUT, DemoTarget.POLL);

      assertThat(pump.untilStopped()).isEqualTo(new StopReason.Exited(0));
      assertThat(pump.records().stream().map(LogRecord::text).toList())
          .containsExactly("echo: waiting for a line on down channel 0", "echo: ping");
      assertThat(pump.terminal()).isEqualTo("echo: ping\n");
    }
  }

  @Test
  void aFrameCorruptedInTargetMemoryIsReportedAndDecodingResumes() {
    int count = 300;
    try (DemoTarget demo = DemoTarget.run("flood", Integer.toString(count))) {
      Rtt rtt = demo.attach();
      // nobody reads yet: the blocking firmware fills channel 0 and waits; what is pending stays
      RttChannel full = waitForPending(demo, 900);
      byte[] pending = pendingBytes(demo, full);
      // the stream starts with one 0x00; every frame ends with one. Corrupt frame 3: its last
      // byte (the first the decoder reads, going backwards) becomes 0xff, "134 bytes follow"
      List<Integer> zeros = new ArrayList<>();
      for (int i = 0; i < pending.length; i++) {
        if (pending[i] == 0) {
          zeros.add(i);
        }
      }
      assertThat(zeros.get(0)).isZero();
      assertThat(zeros).hasSizeGreaterThan(4);
      int lastByteOfFrame3 = zeros.get(3) - 1;
      long address = full.bufferAddress() + (full.readOffset() + lastByteOfFrame3) % full.size();
      demo.target.writeMemory(address, new byte[] {(byte) 0xff});

      ChannelPump pump = new ChannelPump(demo, rtt);
      assertThat(pump.untilStopped()).isEqualTo(new StopReason.Exited(0));
      List<DefmtEvent> events = pump.events();
      assertThat(events).hasSize(count + 1);
      assertThat(events.get(2)).isInstanceOf(UndecodableFrame.class);
      UndecodableFrame bad = (UndecodableFrame) events.get(2);
      assertThat(bad.reason()).contains("rzCOBS");
      assertThat(bad.length()).isEqualTo(zeros.get(3) - zeros.get(2) - 1);
      List<String> texts = pump.records().stream().map(LogRecord::text).toList();
      List<String> expected = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        if (i != 3) {
          expected.add("flood " + i + " of " + count);
        }
      }
      expected.add("flood done, 0 frames dropped");
      assertThat(texts).isEqualTo(expected);
    }
  }

  private static RttChannel waitForPending(DemoTarget demo, long bytes) {
    long deadline = System.nanoTime() + DemoTarget.TIMEOUT.toNanos();
    while (true) {
      RttChannel up0 =
          Rtt.parse(demo.target, demo.rttAddress(), DemoTarget.MEMORY).orElseThrow().up().get(0);
      if (up0.pending() >= bytes) {
        return up0;
      }
      assertThat(System.nanoTime()).as("channel 0 filling up").isLessThan(deadline);
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static byte[] pendingBytes(DemoTarget demo, RttChannel c) {
    byte[] ring = demo.target.readMemory(c.bufferAddress(), (int) c.size());
    byte[] out = new byte[(int) c.pending()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ring[(int) ((c.readOffset() + i) % c.size())];
    }
    return out;
  }

  @Test
  void controlBlockHasTheDocumentedChannelsAndIsFoundBySymbolAndByScanning() {
    try (DemoTarget demo = DemoTarget.run("error")) {
      Rtt bySymbol = demo.attach();
      Rtt byScan =
          Rtt.scanAndAttach(demo.target, DemoTarget.MEMORY, DemoTarget.TIMEOUT, DemoTarget.POLL);
      RttControlBlock block = bySymbol.controlBlock();
      assertThat(byScan.controlBlock().address()).isEqualTo(block.address());
      assertThat(block.address()).isEqualTo(demo.symbol("_SEGGER_RTT"));
      assertThat(block.up())
          .extracting(c -> c.name().orElse("?"), RttChannel::size, RttChannel::mode)
          .containsExactly(
              Tuple.tuple("defmt", 1024L, ChannelMode.NO_BLOCK_SKIP),
              Tuple.tuple("Terminal", 1024L, ChannelMode.NO_BLOCK_SKIP));
      assertThat(block.down())
          .extracting(c -> c.name().orElse("?"), RttChannel::size, RttChannel::mode)
          .containsExactly(Tuple.tuple("Terminal", 64L, ChannelMode.NO_BLOCK_SKIP));
      assertThat(block.up().get(0).bufferAddress()).isEqualTo(demo.symbol("up_defmt"));
    }
  }

  @Test
  void attachingBeforeTheFirmwareInitialisedTheBlockWaitsForIt() {
    try (DemoTarget demo = DemoTarget.open(ResetMode.HALT, "error")) {
      // loaded, not yet run: .bss is not cleared and rtt_init has not run, and nowhere in the
      // image is "SEGGER RTT" spelled forwards, so neither the symbol nor a scan finds a block
      assertThatThrownBy(
              () ->
                  Rtt.attach(
                      demo.target,
                      demo.rttAddress(),
                      DemoTarget.MEMORY,
                      Duration.ofMillis(20),
                      DemoTarget.POLL))
          .isInstanceOf(RttException.class)
          .hasMessageContaining("not initialised");
      assertThat(Rtt.scan(demo.target, DemoTarget.MEMORY, Rtt.DEFAULT_SCAN_CHUNK)).isEmpty();
      demo.target.resume();
      ChannelPump pump = new ChannelPump(demo, demo.attach());
      assertThat(pump.untilStopped()).isEqualTo(new StopReason.Exited(0));
      assertThat(pump.records()).hasSize(2);
    }
  }

  @Test
  void everyLogStatementHasItsSourceLineInTheDebugInfo() {
    try (DemoTarget demo = DemoTarget.open(ResetMode.HALT)) {
      demo.table.entries().stream()
          .filter(e -> e.tag().level().isPresent() || e.tag() == Tag.PRINTLN)
          .forEach(
              e -> {
                Optional<SourceLocation> at = demo.locator.locate(e.index());
                assertThat(at).as("location of %s", e.format()).isPresent();
                assertThat(at.get().fileName(2)).isEqualTo("src/defmt-demo.c");
                assertThat(at.get().line()).isEqualTo(sourceLine(e.format()));
              });
    }
  }

  /** What each build's table says about every statement: tag, format and source line. */
  private static List<String> statements(Arch arch) {
    ElfFile elf = ElfFile.read(DemoTarget.elfPath(arch));
    DefmtTable table = DefmtTable.fromElf(elf).orElseThrow();
    var locator = DefmtLocations.read(elf, table);
    List<String> out = new ArrayList<>();
    out.add("timestamp " + table.timestamp().map(e -> e.format()).orElse("none"));
    table.entries().stream()
        .map(
            e ->
                e.tag()
                    + " "
                    + e.format()
                    + " @ "
                    + locator
                        .locate(e.index())
                        .map(l -> l.fileName(2) + ":" + l.line())
                        .orElse("-"))
        .forEach(out::add);
    return out;
  }

  @Test
  void theThreeBuildsInternTheSameStatementsAtTheSameLines() {
    List<String> m0plus = statements(Arch.CORTEX_M0PLUS);
    assertThat(m0plus).hasSizeGreaterThan(20);
    assertThat(m0plus.get(0)).isEqualTo("timestamp {=u64:us}");
    assertThat(statements(Arch.CORTEX_M3)).isEqualTo(m0plus);
    assertThat(statements(Arch.CORTEX_M4)).isEqualTo(m0plus);
  }
}
