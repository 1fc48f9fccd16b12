package io.hilt.fakeprobers;

import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.ImageSegment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads Intel HEX (record types 00, 01, 02, 04, 05) into contiguous segments. */
final class IntelHexReader {
  private IntelHexReader() {}

  static FirmwareImage read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new FakeProbeRs.ProbeError(
          "Failed to open the ELF file '" + file + "' for flashing.", e.getMessage());
    }
    List<ImageSegment> segments = new ArrayList<>();
    ByteArrayOutputStream current = new ByteArrayOutputStream();
    long currentStart = -1;
    long base = 0;
    int number = 0;
    for (String raw : lines) {
      number++;
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (!line.startsWith(":") || line.length() < 11 || line.length() % 2 == 0) {
        throw bad(file, number, "not a record");
      }
      byte[] rec = new byte[(line.length() - 1) / 2];
      int sum = 0;
      for (int i = 0; i < rec.length; i++) {
        int v = Integer.parseInt(line.substring(1 + 2 * i, 3 + 2 * i), 16);
        rec[i] = (byte) v;
        sum += v;
      }
      if ((sum & 0xff) != 0 || (rec[0] & 0xff) + 5 != rec.length) {
        throw bad(file, number, "bad length or checksum");
      }
      int count = rec[0] & 0xff;
      int offset = (rec[1] & 0xff) << 8 | (rec[2] & 0xff);
      int type = rec[3] & 0xff;
      switch (type) {
        case 0 -> {
          long address = base + offset;
          if (currentStart < 0 || address != currentStart + current.size()) {
            if (currentStart >= 0) {
              segments.add(new ImageSegment(currentStart, current.toByteArray()));
            }
            current.reset();
            currentStart = address;
          }
          current.write(rec, 4, count);
        }
        case 1 -> {
          if (currentStart >= 0) {
            segments.add(new ImageSegment(currentStart, current.toByteArray()));
          }
          return new FirmwareImage(file.toString(), segments);
        }
        case 2 -> base = (long) ((rec[4] & 0xff) << 8 | (rec[5] & 0xff)) << 4;
        case 4 -> base = (long) ((rec[4] & 0xff) << 8 | (rec[5] & 0xff)) << 16;
        case 3, 5 -> {}
        default -> throw bad(file, number, "unknown record type " + type);
      }
    }
    throw bad(file, number, "no end-of-file record");
  }

  private static FakeProbeRs.ProbeError bad(Path file, int line, String why) {
    return new FakeProbeRs.ProbeError(
        "Failed to load the ELF data.", "Intel HEX " + file + " line " + line + ": " + why);
  }
}
