package io.hilt.probe.defmt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Chunked input, both encodings, recovery after bad frames, the frame cap, filters, locations. */
class DefmtStreamDecoderTest {
  static DefmtTable table(Encoding encoding) {
    return DefmtTable.of(
        List.of(
            new TableEntry(1, Tag.INFO, "boot {=u8}", "s1", "app", Optional.of("app")),
            new TableEntry(2, Tag.DEBUG, "tick {=u32}", "s2", "app", Optional.of("app")),
            new TableEntry(3, Tag.ERROR, "fault at {=u32:#010x}", "s3", "hal", Optional.of("hal")),
            new TableEntry(4, Tag.DEBUG, "radio {=str}", "s4", "radio", Optional.of("radio"))),
        Optional.of("{=u32:us}"),
        encoding);
  }

  static final byte[] BOOT = Wire.frame(1).u32(10).u8(1).build();
  static final byte[] TICK = Wire.frame(2).u32(20).u32(0).build();
  static final byte[] FAULT = Wire.frame(3).u32(30).u32(0x2000_0000L).build();
  static final byte[] RADIO = Wire.frame(4).u32(40).str("up").build();
  static final List<String> EXPECTED =
      List.of(
          "0.000010 INFO boot 1",
          "0.000020 DEBUG tick 0",
          "0.000030 ERROR fault at 0x20000000",
          "0.000040 DEBUG radio up");

  static byte[] rzcobsStream(byte[]... frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0); // the separator defmt writes before its first frame
    for (byte[] f : frames) {
      out.writeBytes(Rzcobs.encode(f));
    }
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static List<String> lines(List<DefmtEvent> events) {
    return events.stream().map(DefmtEvent::display).toList();
  }

  /** What the decoder shows for {@code stream} fed as {@code [0, a)}, {@code [a, b)}, the rest. */
  private static List<String> decodedInThreeChunks(Encoding encoding, byte[] stream, int a, int b) {
    DefmtStreamDecoder d = new DefmtStreamDecoder(table(encoding));
    List<DefmtEvent> events = new ArrayList<>(d.feed(stream, 0, a));
    events.addAll(d.feed(stream, a, b - a));
    events.addAll(d.feed(stream, b, stream.length - b));
    events.addAll(d.finish());
    return lines(events);
  }

  @Test
  void rzcobsDecodesTheSameWhereverTheChunksSplit() {
    byte[] stream = rzcobsStream(BOOT, TICK, FAULT, RADIO);
    for (int a = 0; a <= stream.length; a++) {
      for (int b = a; b <= stream.length; b += 3) {
        assertThat(decodedInThreeChunks(Encoding.RZCOBS, stream, a, b))
            .as("split at %d and %d", a, b)
            .isEqualTo(EXPECTED);
      }
    }
  }

  @Test
  void rawDecodesTheSameWhereverTheChunksSplit() {
    byte[] stream = concat(BOOT, TICK, FAULT, RADIO);
    for (int a = 0; a <= stream.length; a++) {
      for (int b = a; b <= stream.length; b++) {
        assertThat(decodedInThreeChunks(Encoding.RAW, stream, a, b))
            .as("split at %d and %d", a, b)
            .isEqualTo(EXPECTED);
      }
    }
  }

  @Test
  void rzcobsResumesAfterACorruptFrame() {
    byte[] bad = Rzcobs.encode(Wire.frame(99).build());
    byte[] stream = concat(rzcobsStream(BOOT), bad, Rzcobs.encode(TICK));
    List<DefmtEvent> events = new DefmtStreamDecoder(table(Encoding.RZCOBS)).feed(stream);
    assertThat(events).hasSize(3);
    assertThat(events.get(0).display()).isEqualTo(EXPECTED.get(0));
    assertThat(events.get(1)).isInstanceOf(UndecodableFrame.class);
    assertThat(events.get(1).display())
        .startsWith("undecodable defmt frame (" + (bad.length - 1) + " bytes: ")
        .contains("table index 99")
        .endsWith(java.util.HexFormat.ofDelimiter(" ").formatHex(bad, 0, bad.length - 1));
    assertThat(events.get(2).display()).isEqualTo(EXPECTED.get(1));
  }

  @Test
  void rzcobsReportsAnOversizedFrameOnceAndGoesOn() {
    byte[] huge = new byte[100];
    java.util.Arrays.fill(huge, (byte) 7);
    byte[] stream = concat(rzcobsStream(BOOT), huge, new byte[] {0}, Rzcobs.encode(TICK));
    DefmtStreamDecoder d =
        new DefmtStreamDecoder(table(Encoding.RZCOBS), LevelFilter.all(), Optional.empty(), 32);
    List<DefmtEvent> events = d.feed(stream);
    assertThat(lines(events))
        .containsExactly(
            EXPECTED.get(0),
            "undecodable defmt frame (100 bytes: frame longer than 32 bytes): "
                + "07 ".repeat(31)
                + "07 "
                + "00 ".repeat(31)
                + "00 ...",
            EXPECTED.get(1));
  }

  @Test
  void rawDropsItsBufferAfterAMalformedFrameAndRecoversWithTheNextChunk() {
    DefmtStreamDecoder d = new DefmtStreamDecoder(table(Encoding.RAW));
    List<DefmtEvent> first = d.feed(concat(BOOT, Wire.frame(42).u8(1).build(), TICK));
    assertThat(first).hasSize(2);
    assertThat(first.get(0).display()).isEqualTo(EXPECTED.get(0));
    assertThat(first.get(1).display())
        .contains("table index 42")
        .contains("raw frames have no delimiter")
        .contains("(" + (3 + TICK.length) + " bytes");
    assertThat(lines(d.feed(FAULT))).containsExactly(EXPECTED.get(2));
  }

  @Test
  void rawReportsWhenNoFrameCompletesWithinTheCap() {
    DefmtTable table =
        DefmtTable.of(
            List.of(TableEntry.of(1, Tag.INFO, "{=[u8]}")), Optional.empty(), Encoding.RAW);
    DefmtStreamDecoder d = new DefmtStreamDecoder(table, LevelFilter.all(), Optional.empty(), 64);
    List<DefmtEvent> events = d.feed(concat(Wire.frame(1).u32(1000).build(), new byte[200]));
    assertThat(events).isNotEmpty();
    assertThat(events.get(0).display()).contains("no complete frame in 64 bytes");
    assertThat(lines(d.feed(Wire.frame(1).u32(1).u8(5).build()))).containsExactly("INFO [5]");
  }

  @Test
  void finishReportsAFrameCutOff() {
    DefmtStreamDecoder d = new DefmtStreamDecoder(table(Encoding.RZCOBS));
    byte[] stream = rzcobsStream(BOOT);
    assertThat(d.feed(stream, 0, stream.length - 1)).isEmpty();
    assertThat(lines(d.finish()))
        .singleElement()
        .asString()
        .contains("stream ended inside a frame");
  }

  @Test
  void levelFilterKeepsWhatDefmtLogWouldCompileIn() {
    byte[] stream = rzcobsStream(BOOT, TICK, FAULT, RADIO);
    assertThat(decodeWith("info", stream)).containsExactly(EXPECTED.get(0), EXPECTED.get(2));
    assertThat(decodeWith("warn", stream)).containsExactly(EXPECTED.get(2));
    assertThat(decodeWith("warn,radio=debug", stream))
        .containsExactly(EXPECTED.get(2), EXPECTED.get(3));
    assertThat(decodeWith("off,hal=error", stream)).containsExactly(EXPECTED.get(2));
    assertThat(decodeWith("", stream)).isEqualTo(EXPECTED);
  }

  @Test
  void levelFilterRules() {
    LevelFilter f = LevelFilter.parse("warn, app::net=trace, app=info");
    assertThat(f.accepts(Optional.of(Level.INFO), Optional.of("app"))).isTrue();
    assertThat(f.accepts(Optional.of(Level.DEBUG), Optional.of("app::main"))).isFalse();
    assertThat(f.accepts(Optional.of(Level.TRACE), Optional.of("app::net::tcp"))).isTrue();
    assertThat(f.accepts(Optional.of(Level.INFO), Optional.of("application"))).isFalse();
    assertThat(f.accepts(Optional.of(Level.INFO), Optional.empty())).isFalse();
    assertThat(f.accepts(Optional.empty(), Optional.empty())).isTrue(); // println
    assertThatThrownBy(() -> LevelFilter.parse("app=loud"))
        .hasMessageContaining("`loud` is not a level");
    assertThatThrownBy(() -> LevelFilter.parse("no spaces"))
        .hasMessageContaining("neither a level");
  }

  private static List<String> decodeWith(String filter, byte[] stream) {
    return lines(
        new DefmtStreamDecoder(
                table(Encoding.RZCOBS),
                LevelFilter.parse(filter),
                Optional.empty(),
                DefmtStreamDecoder.DEFAULT_MAX_FRAME)
            .feed(stream));
  }

  @Test
  void recordsCarryTheLocationOfTheirStatement() {
    Map<Long, SourceLocation> lines =
        Map.of(3L, new SourceLocation("src/hal/fault.rs", 42, Optional.of("hal::fault")));
    SourceLocator locator = address -> Optional.ofNullable(lines.get(address));
    DefmtStreamDecoder d =
        new DefmtStreamDecoder(
            table(Encoding.RZCOBS), LevelFilter.all(), Optional.of(locator), 1024);
    List<DefmtEvent> events = d.feed(rzcobsStream(BOOT, FAULT));
    LogRecord boot = (LogRecord) events.get(0);
    LogRecord fault = (LogRecord) events.get(1);
    assertThat(boot.location()).isEmpty();
    assertThat(fault.location()).map(SourceLocation::toString).contains("src/hal/fault.rs:42");
    assertThat(fault.modulePath()).contains("hal::fault");
    assertThat(fault.crateName()).contains("hal");
    assertThat(fault.raw()).isEqualTo(FAULT);
    SourceLocator byName =
        SourceLocator.byLinkageName(
            table(Encoding.RZCOBS),
            name ->
                name.equals("s1")
                    ? Optional.of(new SourceLocation("main.c", 7, Optional.empty()))
                    : Optional.empty());
    assertThat(byName.locate(1)).map(SourceLocation::toString).contains("main.c:7");
    assertThat(byName.locate(3)).isEmpty();
    assertThat(LogTemplate.parse(LogTemplate.DEFAULT_WITH_LOCATION).render(fault, false))
        .isEqualTo("0.000030 ERROR fault at 0x20000000\n└─ hal::fault @ src/hal/fault.rs:42");
    assertThat(LogTemplate.parse("{t:>10} [{L:<5}] {ff}:{l:>03} {c}: {s}").render(fault, false))
        .isEqualTo("  0.000030 [ERROR] hal/fault.rs:042 hal: fault at 0x20000000");
    // the level is at least 5 wide, as in defmt
    assertThat(LogTemplate.parse("{[{L}]%^9} {f}:{l} {s}").render(boot, false))
        .isEqualTo(" [INFO ]  <file>:<line> boot 1");
    assertThat(LogTemplate.parse("{L:werror} {s:severity:bold}").render(fault, true))
        .isEqualTo("\u001b[31mERROR\u001b[0m \u001b[31;1mfault at 0x20000000\u001b[0m");
  }
}
