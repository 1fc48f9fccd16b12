package io.hilt.probe.drivers.probers;

import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.ImageSegment;

/**
 * Writes a {@link FirmwareImage} as Intel HEX (type 04 extended linear address records, 16-byte
 * data records, the 01 end record), the format {@code probe-rs download --binary-format hex} reads.
 * Segments keep their exact addresses, so what is flashed is exactly the image.
 */
public final class IntelHex {
  private IntelHex() {}

  public static String write(FirmwareImage image) {
    StringBuilder out = new StringBuilder();
    long upper = -1;
    for (ImageSegment segment : image.segments()) {
      byte[] data = segment.data();
      int offset = 0;
      while (offset < data.length) {
        long address = segment.address() + offset;
        if ((address >>> 16) != upper) {
          upper = address >>> 16;
          record(out, 0, 4, new byte[] {(byte) (upper >>> 8), (byte) upper});
        }
        int room = (int) (0x10000 - (address & 0xffff));
        int n = Math.min(Math.min(16, data.length - offset), room);
        byte[] chunk = new byte[n];
        System.arraycopy(data, offset, chunk, 0, n);
        record(out, (int) (address & 0xffff), 0, chunk);
        offset += n;
      }
    }
    record(out, 0, 1, new byte[0]);
    return out.toString();
  }

  private static void record(StringBuilder out, int address, int type, byte[] data) {
    int sum = data.length + (address >>> 8) + (address & 0xff) + type;
    out.append(':').append(String.format("%02X%04X%02X", data.length, address, type));
    for (byte b : data) {
      out.append(String.format("%02X", b & 0xff));
      sum += b & 0xff;
    }
    out.append(String.format("%02X", (-sum) & 0xff)).append('\n');
  }
}
