package io.hilt.sim.board;

import static io.hilt.sim.thumb.Asm.*;

import io.hilt.probe.target.ImageSegment;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Builds test images from halfwords: a vector table plus code at chosen addresses. */
public final class Program {
  private final List<ImageSegment> segments = new ArrayList<>();
  private ByteArrayOutputStream current = new ByteArrayOutputStream();
  private long origin;

  /** Starts a new block of code or data at {@code address}. */
  public Program at(long address) {
    flush();
    origin = address;
    return this;
  }

  public int here() {
    return (int) (origin + current.size());
  }

  public Program hw(int... halfwords) {
    for (int h : halfwords) {
      current.write(h & 0xFF);
      current.write((h >>> 8) & 0xFF);
    }
    return this;
  }

  public Program word(int... words) {
    for (int w : words) {
      hw(w & 0xFFFF, w >>> 16);
    }
    return this;
  }

  /** Loads a 32-bit constant into a low register with MOVS/LSLS/ADDS (changes flags). */
  public Program load(int reg, int value) {
    hw(movsImm(reg, value >>> 24));
    for (int shift = 16; shift >= 0; shift -= 8) {
      hw(lslsImm(reg, reg, 8));
      int b = (value >>> shift) & 0xFF;
      if (b != 0) {
        hw(addsImm8(reg, b));
      }
    }
    return this;
  }

  /** A vector table at 0: initial SP, then handlers (Thumb bit added) by exception number. */
  public Program vectors(int sp, int... handlers) {
    at(0).word(sp);
    for (int h : handlers) {
      word(h == 0 ? 0 : h | 1);
    }
    return this;
  }

  private void flush() {
    if (current.size() > 0) {
      segments.add(new ImageSegment(origin, current.toByteArray()));
    }
    current = new ByteArrayOutputStream();
  }

  public List<ImageSegment> segments() {
    flush();
    return List.copyOf(segments);
  }
}
