package io.hilt.probe.target;

import io.hilt.probe.elf.ElfException;
import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.elf.ElfHeader;
import io.hilt.probe.elf.LoadSegment;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Turns a firmware ELF into the {@link FirmwareImage} a {@link DebugTarget} flashes: the file bytes
 * of every {@code PT_LOAD} segment at its physical (load) address, sorted by address. The {@code
 * .bss} zero fill is not part of the image (see {@link ElfFile}).
 *
 * <p>Everything wrong with the file (missing, unreadable, not an ELF, an object file rather than a
 * linked executable, nothing to load, overlapping segments) is an {@link ElfException} naming the
 * path: it is bad input from the user, not trouble with a target, so it must not be reported as a
 * {@link TargetException} (infrastructure).
 */
public final class FirmwareImages {
  private FirmwareImages() {}

  /**
   * One firmware file read once: its parsed ELF, the image to flash and the SHA-256 of exactly the
   * bytes that were parsed.
   *
   * @param sha256 lowercase hex SHA-256 of the whole file
   */
  public record Firmware(Path path, ElfFile elf, FirmwareImage image, String sha256) {
    public Firmware {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(elf, "elf");
      Objects.requireNonNull(image, "image");
      if (!sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits: " + sha256);
      }
    }

    /** {@code e_entry} as stored (with the Thumb bit on ARM). */
    public long entryPoint() {
      return elf.header().entry();
    }
  }

  /** The image to flash from the ELF at {@code elf}. */
  public static FirmwareImage load(Path elf) {
    return read(elf).image();
  }

  /** Reads, hashes and parses the ELF at {@code path} and builds its image. */
  public static Firmware read(Path path) {
    byte[] bytes = ElfFile.readBytes(path);
    ElfFile elf = ElfFile.parse(bytes, path.toString());
    return new Firmware(path, elf, image(elf), sha256(bytes));
  }

  /** The image of an already parsed ELF; its name is the ELF's name. */
  public static FirmwareImage image(ElfFile elf) {
    if (elf.header().type() == ElfHeader.ET_REL) {
      throw new ElfException(
          elf.name()
              + ": a relocatable object file (e_type 1, at offset 0x10), not a linked executable:"
              + " link it with a linker script first");
    }
    List<LoadSegment> segments = new ArrayList<>(elf.loadSegments());
    if (segments.isEmpty()) {
      throw new ElfException(
          elf.name()
              + ": no PT_LOAD segment with file data, nothing to flash ("
              + elf.programHeaders().size()
              + " program headers, none of them PT_LOAD with file bytes)");
    }
    segments.sort(Comparator.comparingLong(LoadSegment::physicalAddress));
    List<ImageSegment> out = new ArrayList<>(segments.size());
    LoadSegment previous = null;
    for (LoadSegment s : segments) {
      if (previous != null && s.physicalAddress() < previous.physicalEnd()) {
        throw new ElfException(
            String.format(
                "%s: load segments overlap at physical address 0x%08x: [0x%08x, 0x%08x) and"
                    + " [0x%08x, 0x%08x); two segments cannot be flashed to the same bytes",
                elf.name(),
                s.physicalAddress(),
                previous.physicalAddress(),
                previous.physicalEnd(),
                s.physicalAddress(),
                s.physicalEnd()));
      }
      out.add(new ImageSegment(s.physicalAddress(), s.data()));
      previous = s;
    }
    return new FirmwareImage(elf.name(), out);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
