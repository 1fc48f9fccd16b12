package io.hilt.probe.defmt;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reverse zero-compressing COBS, defmt's {@code rzcobs} encoding. The encoder writes forwards; the
 * decoder reads a frame backwards from its end:
 *
 * <ul>
 *   <li>{@code 0x00} ends a frame (never inside one);
 *   <li>{@code 0xxxxxxx} (1..0x7f): seven bytes, for each bit from bit 6 down to bit 0 a zero byte
 *       when set, else one byte from the stream;
 *   <li>{@code 1nnnnnnn} (0x80..0xfe): a zero byte, then {@code n + 7} bytes from the stream;
 *   <li>{@code 0xff}: 134 bytes from the stream.
 * </ul>
 *
 * A decoded frame may end in up to seven extra zero bytes (the encoder's last group); the frame
 * decoder ignores what it does not consume.
 */
public final class Rzcobs {
  private Rzcobs() {}

  /**
   * Decodes one frame (without its {@code 0x00} terminator).
   *
   * @return the bytes, or empty when the input is not rzCOBS (a zero inside, or a group that needs
   *     more bytes than are left)
   */
  public static Optional<byte[]> decode(byte[] data, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, data.length);
    // at most 8/7 growth plus one group of seven zeros per byte; allocate for the worst case
    byte[] out = new byte[Math.max(16, length * 7 + 7)];
    int o = out.length; // filled from the end
    int i = offset + length - 1;
    while (i >= offset) {
      int x = data[i--] & 0xff;
      if (x == 0) {
        return Optional.empty();
      }
      if (x <= 0x7f) {
        // read backwards, so the bit of the group's last byte (bit 6) comes first
        for (int k = 0; k < 7; k++) {
          if ((x & (1 << (6 - k))) == 0) {
            if (i < offset) {
              return Optional.empty();
            }
            out[--o] = data[i--];
          } else {
            out[--o] = 0;
          }
        }
      } else {
        int n = x == 0xff ? 134 : (x & 0x7f) + 7;
        if (x != 0xff) {
          out[--o] = 0;
        }
        if (i - offset + 1 < n) {
          return Optional.empty();
        }
        for (int k = 0; k < n; k++) {
          out[--o] = data[i--];
        }
      }
    }
    return Optional.of(Arrays.copyOfRange(out, o, out.length));
  }

  /** Encodes one frame, ending with the {@code 0x00} terminator (no leading separator). */
  public static byte[] encode(byte[] frame) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(frame.length + frame.length / 7 + 2);
    int run = 0;
    int zeros = 0;
    for (byte value : frame) {
      int b = value & 0xff;
      if (run < 7) {
        if (b == 0) {
          zeros |= 1 << run;
        } else {
          out.write(b);
        }
        run++;
        if (run == 7 && zeros != 0) {
          out.write(zeros);
          run = 0;
          zeros = 0;
        }
      } else if (b == 0) {
        out.write((run - 7) | 0x80);
        run = 0;
        zeros = 0;
      } else {
        out.write(b);
        run++;
        if (run == 134) {
          out.write(0xff);
          run = 0;
          zeros = 0;
        }
      }
    }
    if (run > 0 && run <= 6) {
      out.write((zeros | (0xff << run)) & 0x7f);
    } else if (run > 6) {
      out.write((run - 7) | 0x80);
    }
    out.write(0);
    return out.toByteArray();
  }
}
