package io.hilt.probe.defmt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated input never makes the decoders throw or hang. A fast slice runs in {@code mvn
 * verify}; {@code -Dhilt.fuzz.iterations=100000} (or more) runs the long version.
 */
class DefmtFuzzTest {
  private static final int ITERATIONS = Integer.getInteger("hilt.fuzz.iterations", 20_000);

  /** A table using every argument type, so random indices reach every decoding path. */
  static DefmtTable richTable(Encoding encoding) {
    String[] formats = {
      "{=u8} {=u16:x} {=u32:#010b} {=u64} {=u128:X}",
      "{=i8} {=i16:05} {=i32:#x} {=i64:o} {=i128}",
      "{=f32} {=f64} {=bool} {=char}",
      "{=str:?} {=istr} {=[u8]:a} {=[u8; 3]:x}",
      "{=?} {=[?]} {=[?; 2]}",
      "{0=0..4} {0=4..12:b} {1=3..100:a}",
      "{=__internal_Debug} {=__internal_Display} {=__internal_FormatSequence}",
      "{=u32:us} {=u32:ms} {=u64:ts} {=u64:iso8601ms} {=u8:__internal_bitflags_X@p@d}",
      "A|B({=u8})|C({=?})",
      "{=usize} {=isize} {:?} {=u8:unknown}",
    };
    List<TableEntry> entries = new java.util.ArrayList<>();
    for (int i = 0; i < formats.length; i++) {
      entries.add(TableEntry.of(i, i % 2 == 0 ? Tag.INFO : Tag.DERIVED, formats[i]));
      entries.add(TableEntry.of(i + 16, Tag.PRIM, formats[i]));
    }
    entries.add(TableEntry.of(40, Tag.STR, "interned"));
    entries.add(TableEntry.of(41, Tag.DERIVED, "{=[?]:a}"));
    entries.add(TableEntry.of(42, Tag.DERIVED, "{=u8}"));
    return DefmtTable.of(entries, Optional.of("{=u32:tus}"), encoding);
  }

  private static byte[] randomFrame(Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(random.nextInt(44));
    out.write(random.nextInt(8) == 0 ? random.nextInt(256) : 0);
    int n = random.nextInt(64);
    for (int i = 0; i < n; i++) {
      // small values make plausible lengths and indices
      out.write(random.nextBoolean() ? random.nextInt(256) : random.nextInt(4));
    }
    return out.toByteArray();
  }

  @Test
  void randomFramesDecodeOrFailWithAReason() {
    Random random = new Random(20261125);
    DefmtTable table = richTable(Encoding.RAW);
    int decoded = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] frame = randomFrame(random);
      FrameResult r = table.decode(frame);
      if (r instanceof FrameResult.Decoded d) {
        assertThat(d.consumed()).isBetween(2, frame.length);
        assertThat(d.frame().display()).isNotNull();
        decoded++;
      } else {
        assertThat(((FrameResult.Failed) r).reason()).isNotBlank();
      }
    }
    // the generator must reach the formatting code, not only the error paths
    assertThat(decoded).isGreaterThan(ITERATIONS / 100);
  }

  @Test
  void mutatedValidFramesNeverThrow() {
    Random random = new Random(7);
    DefmtTable table = DefmtStreamDecoderTest.table(Encoding.RZCOBS);
    byte[][] valid = {
      DefmtStreamDecoderTest.BOOT,
      DefmtStreamDecoderTest.TICK,
      DefmtStreamDecoderTest.FAULT,
      DefmtStreamDecoderTest.RADIO
    };
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] frame = valid[random.nextInt(valid.length)].clone();
      int flips = 1 + random.nextInt(3);
      for (int f = 0; f < flips; f++) {
        frame[random.nextInt(frame.length)] ^= (byte) (1 << random.nextInt(8));
      }
      if (random.nextBoolean()) {
        frame = java.util.Arrays.copyOf(frame, random.nextInt(frame.length + 1));
      }
      table.decode(frame);
      Rzcobs.decode(frame, 0, frame.length);
    }
  }

  @Test
  void randomBytesThroughTheStreamDecodersNeverThrow() {
    Random random = new Random(42);
    for (Encoding encoding : Encoding.values()) {
      DefmtStreamDecoder decoder =
          new DefmtStreamDecoder(richTable(encoding), LevelFilter.all(), Optional.empty(), 256);
      long events = 0;
      for (int i = 0; i < ITERATIONS / 10; i++) {
        byte[] chunk = new byte[random.nextInt(300)];
        random.nextBytes(chunk);
        if (random.nextBoolean()) {
          // sprinkle zeros and small bytes so rzCOBS frames end and groups are short
          for (int k = 0; k < chunk.length; k++) {
            if (random.nextInt(6) == 0) {
              chunk[k] = (byte) random.nextInt(3);
            }
          }
        }
        for (DefmtEvent e : decoder.feed(chunk)) {
          assertThat(e.display()).isNotNull();
          if (e instanceof UndecodableFrame u) {
            assertThat(u.raw().length).isLessThanOrEqualTo(DefmtStreamDecoder.SHOWN_BYTES);
          }
          events++;
        }
      }
      decoder.finish();
      assertThat(events).as("%s events", encoding).isPositive();
    }
  }

  @Test
  void rzcobsRoundTripsRandomFrames() {
    Random random = new Random(3);
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] frame = new byte[random.nextInt(400)];
      for (int k = 0; k < frame.length; k++) {
        frame[k] = random.nextInt(3) == 0 ? 0 : (byte) random.nextInt(256);
      }
      byte[] encoded = Rzcobs.encode(frame);
      for (int k = 0; k < encoded.length - 1; k++) {
        assertThat(encoded[k]).isNotZero();
      }
      byte[] decoded = Rzcobs.decode(encoded, 0, encoded.length - 1).orElseThrow();
      assertThat(decoded.length - frame.length).isBetween(0, 7);
      assertThat(java.util.Arrays.copyOf(decoded, frame.length)).isEqualTo(frame);
      for (int k = frame.length; k < decoded.length; k++) {
        assertThat(decoded[k]).isZero();
      }
    }
  }
}
