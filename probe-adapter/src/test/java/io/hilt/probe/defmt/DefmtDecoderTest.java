package io.hilt.probe.defmt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Our own vectors: every argument type and display hint, and frames that must not decode. */
class DefmtDecoderTest {
  /** Decodes {@code args} (the bytes after the index) against one info statement {@code format}. */
  static String display(String format, Wire args) {
    DefmtTable table =
        DefmtTable.of(List.of(TableEntry.of(1, Tag.INFO, format)), Optional.empty(), Encoding.RAW);
    byte[] bytes = args.build();
    byte[] frame = new byte[bytes.length + 2];
    frame[0] = 1;
    System.arraycopy(bytes, 0, frame, 2, bytes.length);
    FrameResult r = table.decode(frame);
    assertThat(r).as(format).isInstanceOf(FrameResult.Decoded.class);
    FrameResult.Decoded d = (FrameResult.Decoded) r;
    assertThat(d.consumed()).as("consumed bytes of %s", format).isEqualTo(frame.length);
    return d.frame().displayMessage();
  }

  static FrameResult.Failed failure(DefmtTable table, byte[] frame) {
    FrameResult r = table.decode(frame);
    assertThat(r).isInstanceOf(FrameResult.Failed.class);
    return (FrameResult.Failed) r;
  }

  @Test
  void integerHints() {
    assertThat(display("{=u8:x}", new Wire().u8(0x2a))).isEqualTo("2a");
    assertThat(display("{=u8:#x}", new Wire().u8(0x2a))).isEqualTo("0x2a");
    assertThat(display("{=u16:X}", new Wire().u16(0xbeef))).isEqualTo("BEEF");
    assertThat(display("{=u32:#X}", new Wire().u32(0xbeef))).isEqualTo("0xBEEF");
    assertThat(display("{=u8:b}", new Wire().u8(5))).isEqualTo("101");
    assertThat(display("{=u8:#b}", new Wire().u8(5))).isEqualTo("0b101");
    assertThat(display("{=u8:o}", new Wire().u8(8))).isEqualTo("10");
    assertThat(display("{=u8:#o}", new Wire().u8(8))).isEqualTo("0o10");
    assertThat(display("{=u32:08x}", new Wire().u32(0x2a))).isEqualTo("0000002a");
    assertThat(display("{=u32:#010x}", new Wire().u32(0x2a))).isEqualTo("0x0000002a");
    assertThat(display("{=u16:05}", new Wire().u16(42))).isEqualTo("00042");
    assertThat(display("{=u64}", new Wire().u64(-1))).isEqualTo("18446744073709551615");
    assertThat(display("{=usize} {=isize}", new Wire().u32(7).u32(-7))).isEqualTo("7 -7");
    assertThat(display("{=u128:x}", new Wire().u64(1).u64(1))).isEqualTo("10000000000000001");
    assertThat(display("{=u8:unknown_hint}", new Wire().u8(9))).isEqualTo("9");
  }

  @Test
  void signedValuesAndTheirHexIsTheTwosComplementOfTheirWidth() {
    assertThat(display("{=i8}", new Wire().u8(0xfb))).isEqualTo("-5");
    assertThat(display("{=i32:05}", new Wire().u32(-42))).isEqualTo("-0042");
    assertThat(display("{=i8:x}", new Wire().u8(0xff))).isEqualTo("ff");
    assertThat(display("{=i16:#x}", new Wire().u16(0xfffe))).isEqualTo("0xfffe");
    assertThat(display("{=i64:#X}", new Wire().u64(-2))).isEqualTo("0xFFFFFFFFFFFFFFFE");
    assertThat(display("{=i128}", new Wire().u64(0).u64(Long.MIN_VALUE)))
        .isEqualTo("-170141183460469231731687303715884105728");
    assertThat(display("{=i8:b}", new Wire().u8(0xff))).isEqualTo("1".repeat(128));
  }

  @Test
  void floatsPrintLikeRyu() {
    assertThat(display("{=f32}", new Wire().f32(1.5f))).isEqualTo("1.5");
    assertThat(display("{=f32}", new Wire().f32(1f))).isEqualTo("1.0");
    assertThat(display("{=f32}", new Wire().f32(0.1f))).isEqualTo("0.1");
    assertThat(display("{=f32}", new Wire().f32(1e20f))).isEqualTo("1e20");
    assertThat(display("{=f32}", new Wire().f32(16777216f))).isEqualTo("16777216.0");
    assertThat(display("{=f32}", new Wire().f32(-0.0f))).isEqualTo("-0.0");
    assertThat(display("{=f64}", new Wire().f64(1e-7))).isEqualTo("1e-7");
    assertThat(display("{=f64}", new Wire().f64(0.00123))).isEqualTo("0.00123");
    assertThat(display("{=f64}", new Wire().f64(1.2345e15))).isEqualTo("1234500000000000.0");
    assertThat(display("{=f64}", new Wire().f64(1e16))).isEqualTo("1e16");
    assertThat(display("{=f64}", new Wire().f64(-1.5e300))).isEqualTo("-1.5e300");
    assertThat(display("{=f64} {=f32}", new Wire().f64(Double.NaN).f32(Float.NEGATIVE_INFINITY)))
        .isEqualTo("NaN -inf");
  }

  @Test
  void boolsAreOneByteEach() {
    assertThat(display("{=bool} {=bool}", new Wire().u8(1).u8(0))).isEqualTo("true false");
  }

  @Test
  void stringsSlicesAndChars() {
    assertThat(display("{=str}!", new Wire().str("héllo"))).isEqualTo("héllo!");
    assertThat(display("{=str:?}", new Wire().str("a\"b\n"))).isEqualTo("\"a\\\"b\\n\"");
    assertThat(display("{=[u8]}", new Wire().u32(3).bytes(new byte[] {1, 2, (byte) 255})))
        .isEqualTo("[1, 2, 255]");
    assertThat(display("{=[u8]:x}", new Wire().u32(2).bytes(new byte[] {1, (byte) 255})))
        .isEqualTo("[1, ff]");
    assertThat(display("{=[u8]:#04x}", new Wire().u32(1).bytes(new byte[] {10})))
        .isEqualTo("[0x0a]");
    assertThat(
            display("{=[u8; 3]:a}", new Wire().bytes("hi\n".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("b\"hi\\n\"");
    assertThat(display("{=[u8; 2]:a}", new Wire().bytes(new byte[] {0, (byte) 0x80})))
        .isEqualTo("b\"\\x00\\x80\"");
    assertThat(display("{=char}{=char}", new Wire().u32('x').u32(0x1f600))).isEqualTo("x😀");
    assertThat(
            display(
                "{=__internal_Debug} and {=__internal_Display}",
                new Wire()
                    .bytes("Some(1)".getBytes(StandardCharsets.UTF_8))
                    .u8(0xff)
                    .bytes("ok".getBytes(StandardCharsets.UTF_8))
                    .u8(0xff)))
        .isEqualTo("Some(1) and ok");
  }

  @Test
  void timeHints() {
    assertThat(display("{=u32:us}", new Wire().u32(1_500_000))).isEqualTo("1.500000");
    assertThat(display("{=u32:ms}", new Wire().u32(1_500))).isEqualTo("1.500");
    assertThat(display("{=u32:ts}", new Wire().u32(3661))).isEqualTo("01:01:01");
    assertThat(display("{=u64:tms}", new Wire().u64(90_061_001))).isEqualTo("1:01:01:01.001");
    assertThat(display("{=u32:tus}", new Wire().u32(1_000_001))).isEqualTo("00:00:01.000001");
    assertThat(display("{=u64:iso8601s}", new Wire().u64(1_618_910_624)))
        .isEqualTo("2021-04-20T09:23:44Z");
    assertThat(display("{=u64:iso8601ms}", new Wire().u64(-1))).isEqualTo("18446744073709551615");
  }

  @Test
  void bitfieldsTakeOnlyTheBytesHoldingTheirBits() {
    assertThat(display("{0=0..4} {0=4..8:x}", new Wire().u8(0xa5))).isEqualTo("5 a");
    assertThat(display("{0=8..16:#x}", new Wire().u8(0x12))).isEqualTo("0x12");
    assertThat(display("{0=0..16:a}", new Wire().u16(0x6968))).isEqualTo("b\"ih\"");
  }

  @Test
  void nestedFormatsEnumsArraysAndInternedStrings() {
    DefmtTable table =
        DefmtTable.of(
            List.of(
                TableEntry.of(1, Tag.WARN, "got {=?} and {=[?; 2]} from {=istr}"),
                TableEntry.of(2, Tag.DERIVED, "A|B({=u8})|C"),
                TableEntry.of(3, Tag.STR, "sensor"),
                TableEntry.of(4, Tag.PRINTLN, "plain {=u8}")),
            Optional.of("{=u32:ms}"),
            Encoding.RAW);
    byte[] frame = Wire.frame(1).u32(2500).u16(2).u8(1).u8(7).u16(2).u8(0).u8(2).u16(3).build();
    FrameResult.Decoded d = (FrameResult.Decoded) table.decode(frame);
    assertThat(d.frame().display()).isEqualTo("2.500 WARN got B(7) and [A, C] from sensor");
    FrameResult.Decoded p = (FrameResult.Decoded) table.decode(Wire.frame(4).u32(1).u8(3).build());
    assertThat(p.frame().level()).isEmpty();
    assertThat(p.frame().display()).isEqualTo("0.001 plain 3");
  }

  @Test
  void framesThatDoNotDecodeSayWhy() {
    DefmtTable table =
        DefmtTable.of(
            List.of(
                TableEntry.of(1, Tag.INFO, "x={=?}"),
                TableEntry.of(2, Tag.INFO, "s={=str} b={=bool}"),
                TableEntry.of(3, Tag.DERIVED, "loop {=?}"),
                TableEntry.of(4, Tag.INFO, "{=[?]}"),
                TableEntry.of(5, Tag.DERIVED, "empty"),
                TableEntry.of(6, Tag.INFO, "bad {=nope}"),
                TableEntry.of(7, Tag.INFO, "{=char}")),
            Optional.empty(),
            Encoding.RAW);
    assertThat(failure(table, Wire.frame(9).build()).reason()).contains("table index 9");
    assertThat(failure(table, new byte[] {1}).endOfInput()).isTrue();
    assertThat(failure(table, Wire.frame(1).u16(2).build()).reason())
        .contains("table index 2 is a log statement");
    FrameResult.Failed truncated = failure(table, Wire.frame(2).u32(10).bytes(new byte[3]).build());
    assertThat(truncated.endOfInput()).isTrue();
    assertThat(truncated.reason())
        .contains("argument 0 (=str)")
        .contains("needs 10 bytes at offset 6, 3 left");
    assertThat(failure(table, Wire.frame(2).str("ok").u8(2).build()).reason())
        .contains("argument 1 (=bool) of `s={=str} b={=bool}` is 2");
    assertThat(
            failure(table, Wire.frame(2).u32(2).bytes(new byte[] {(byte) 0xc3, 0x28}).u8(0).build())
                .reason())
        .contains("not valid UTF-8");
    Wire deep = Wire.frame(1);
    for (int i = 0; i < 100; i++) {
      deep.u16(3);
    }
    assertThat(failure(table, deep.build()).reason()).contains("nested more than 64 deep");
    assertThat(failure(table, Wire.frame(4).u32(0xffff_ffffL).u16(5).build()).reason())
        .contains("more than 65536 values");
    assertThat(failure(table, Wire.frame(6).build()).reason())
        .contains("invalid type specifier `nope`");
    assertThat(failure(table, Wire.frame(7).u32(0xd800).build()).reason())
        .contains("not a Unicode scalar value");
  }

  @Test
  void formatStringErrorsAreReported() {
    List<String> bad =
        List.of(
            "{",
            "}",
            "a } b",
            "{=u8",
            "{0=u8} {0=u16}",
            "{1=u8}",
            "{=u8:}",
            "{=u8x}",
            "{=[u8; x]}",
            "{=9..3}",
            "{=0..129}");
    List<String> errors = new ArrayList<>();
    for (String f : bad) {
      try {
        FormatString.parse(f);
        errors.add(f + " parsed");
      } catch (IllegalArgumentException expected) {
        // fine
      }
    }
    assertThat(errors).isEmpty();
    assertThat(FormatString.parse("{{literal}} {=u8}").fragments().get(0))
        .isEqualTo(new FormatString.Literal("{literal} "));
  }
}
