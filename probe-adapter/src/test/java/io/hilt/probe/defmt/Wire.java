package io.hilt.probe.defmt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds frame bytes for tests: every value little-endian, as defmt puts it on the wire. */
final class Wire {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static Wire frame(int index) {
    return new Wire().u16(index);
  }

  Wire u8(int v) {
    out.write(v);
    return this;
  }

  Wire u16(int v) {
    return u8(v).u8(v >>> 8);
  }

  Wire u32(long v) {
    return u16((int) v).u16((int) (v >>> 16));
  }

  Wire u64(long v) {
    return u32(v).u32(v >>> 32);
  }

  Wire f32(float v) {
    return u32(Float.floatToRawIntBits(v));
  }

  Wire f64(double v) {
    return u64(Double.doubleToRawLongBits(v));
  }

  Wire bytes(byte... b) {
    out.write(b, 0, b.length);
    return this;
  }

  /** A {@code =str}: u32 length and the UTF-8 bytes. */
  Wire str(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return u32(b.length).bytes(b);
  }

  byte[] build() {
    return out.toByteArray();
  }
}
