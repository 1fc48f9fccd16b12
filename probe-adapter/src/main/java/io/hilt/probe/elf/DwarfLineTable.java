package io.hilt.probe.elf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The address-to-source map of an ELF file, from its DWARF line-number programs ({@code
 * .debug_line}, versions 2 to 5, 32- and 64-bit DWARF, with {@code .debug_line_str} and {@code
 * .debug_str} for DWARF 5 paths). Immutable.
 *
 * <p>Each line-number program is run through the DWARF state machine; every sequence becomes a
 * sorted list of address ranges, a row covering the addresses up to the next row. When several rows
 * share an address, the last one marked {@code is_stmt} wins, or the last one when none is, as GDB
 * does: gcc -O2 often ends a statement's rows with a non-statement row for the closing brace at the
 * same address (binutils' addr2line takes the last row and reports the brace). Rows with line 0
 * (code with no source line) cover their range but {@link #lookup} gives nothing for it.
 *
 * <p>File paths are given as compiled: a file's directory is joined when the file name is relative,
 * except the compilation directory itself (directory 0), which is left out so that a file compiled
 * as {@code src/faults.c} reads {@code src/faults.c} wherever it was built. {@code .} components
 * (which {@code -ffile-prefix-map=DIR=.} leaves behind) are removed.
 *
 * <p>Reading is bounded: every loop advances through the section and stops at its end, at most
 * {@link #MAX_ROWS} rows are kept, and malformed or truncated input gives an {@link ElfException}
 * naming the file, the section, the offset and the problem; no other exception escapes.
 */
public final class DwarfLineTable {
  /** Most rows kept from one file (a large firmware has a few hundred thousand). */
  public static final int MAX_ROWS = 1 << 22;

  private static final long ADDRESS_MASK = 0xffff_ffffL;

  /** One address range with a known source line. */
  public record Range(long start, long end, SourceLine source) {
    public Range {
      Objects.requireNonNull(source, "source");
      if (end <= start) {
        throw new IllegalArgumentException(
            "empty range [" + ElfBytes.hex(start) + ", " + ElfBytes.hex(end) + ")");
      }
    }

    public boolean contains(long address) {
      return address >= start && address < end;
    }
  }

  private final List<String> files;
  private final List<Sequence> sequences;
  private final Optional<String> emptyReason;

  private DwarfLineTable(List<String> files, List<Sequence> sequences, Optional<String> reason) {
    this.files = List.copyOf(files);
    List<Sequence> sorted = new ArrayList<>(sequences);
    sorted.sort(Comparator.comparingLong(Sequence::start).thenComparingLong(Sequence::end));
    this.sequences = List.copyOf(sorted);
    this.emptyReason = reason;
  }

  /** A table with no lines, saying why (no debug information, unreadable...). */
  public static DwarfLineTable empty(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("an empty line table needs a reason");
    }
    return new DwarfLineTable(List.of(), List.of(), Optional.of(reason));
  }

  /**
   * The line table of an ELF file; an empty table (with the reason) when the file has no {@code
   * .debug_line} section.
   *
   * @throws ElfException when {@code .debug_line} is malformed or truncated
   */
  public static DwarfLineTable read(ElfFile elf) {
    Optional<Section> lines = elf.section(".debug_line");
    if (lines.isEmpty()) {
      return empty(elf.name() + " has no .debug_line section (built without -g, or stripped)");
    }
    if (!lines.get().hasFileData()) {
      return empty(elf.name() + ": .debug_line has no data in the file (SHT_NOBITS)");
    }
    return parse(
        elf.sectionData(lines.get()),
        sectionBytes(elf, ".debug_line_str"),
        sectionBytes(elf, ".debug_str"),
        elf.name());
  }

  /**
   * Like {@link #read} but never fails: a malformed {@code .debug_line} gives an empty table whose
   * reason is the error message. For callers where source lines are a nice-to-have (fault reports).
   */
  public static DwarfLineTable readOrEmpty(ElfFile elf) {
    try {
      return read(elf);
    } catch (ElfException e) {
      return empty("line table not read: " + e.getMessage());
    }
  }

  private static byte[] sectionBytes(ElfFile elf, String name) {
    return elf.section(name).map(elf::sectionData).orElse(new byte[0]);
  }

  /**
   * Parses the contents of {@code .debug_line}, with {@code .debug_line_str} and {@code .debug_str}
   * (empty arrays when the file has none); {@code name} is used in messages.
   *
   * @throws ElfException when the input is malformed or truncated
   */
  public static DwarfLineTable parse(
      byte[] debugLine, byte[] debugLineStr, byte[] debugStr, String name) {
    Objects.requireNonNull(name, "name");
    Builder builder =
        new Builder(
            new DwarfCursor(debugLine.clone(), name + ": .debug_line"),
            new DwarfCursor(debugLineStr.clone(), name + ": .debug_line_str"),
            new DwarfCursor(debugStr.clone(), name + ": .debug_str"));
    builder.readAll();
    Optional<String> reason =
        builder.sequences.isEmpty()
            ? Optional.of(name + ": .debug_line has no address ranges")
            : Optional.empty();
    return new DwarfLineTable(builder.files, builder.sequences, reason);
  }

  /**
   * The source line of the instruction at {@code address} (on ARM without the Thumb bit). When
   * sequences overlap (code discarded by the linker keeps its line program, relocated to 0), the
   * one starting closest below the address wins, then the shorter one.
   */
  public Optional<SourceLine> lookup(long address) {
    Sequence best = null;
    for (Sequence s : sequences) {
      if (s.start() > address) {
        break;
      }
      if (address < s.end()
          && (best == null
              || s.start() > best.start()
              || (s.start() == best.start() && s.end() < best.end()))) {
        best = s;
      }
    }
    return best == null ? Optional.empty() : best.lookup(address, files);
  }

  /** True when no address has a source line; see {@link #emptyReason()}. */
  public boolean isEmpty() {
    return emptyReason.isPresent();
  }

  /** Why the table is empty (no section, no ranges, unreadable), or empty when it is not. */
  public Optional<String> emptyReason() {
    return emptyReason;
  }

  /** How many sequences (contiguous address runs, about one per function or unit) were read. */
  public int sequenceCount() {
    return sequences.size();
  }

  /** Every range that has a source line, sorted by start address (then by end). */
  public List<Range> ranges() {
    List<Range> out = new ArrayList<>();
    for (Sequence s : sequences) {
      s.addRanges(out, files);
    }
    out.sort(Comparator.comparingLong(Range::start).thenComparingLong(Range::end));
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return emptyReason
        .map(r -> "DwarfLineTable[empty: " + r + "]")
        .orElse("DwarfLineTable[" + sequences.size() + " sequences, " + files.size() + " files]");
  }

  /**
   * One sequence: rows sorted by address with distinct addresses; row {@code i} covers {@code
   * [addresses[i], addresses[i + 1])}, the last row up to {@code end}. File indexes refer to the
   * table's file list; line 0 means no source line.
   */
  private record Sequence(
      long start, long end, long[] addresses, int[] fileIndexes, int[] lines, int[] columns) {
    Optional<SourceLine> lookup(long address, List<String> files) {
      int i = Arrays.binarySearch(addresses, address);
      if (i < 0) {
        i = -i - 2;
      }
      if (i < 0 || lines[i] == 0) {
        return Optional.empty();
      }
      return Optional.of(new SourceLine(files.get(fileIndexes[i]), lines[i], columns[i]));
    }

    void addRanges(List<Range> out, List<String> files) {
      for (int i = 0; i < addresses.length; i++) {
        if (lines[i] != 0) {
          long to = i + 1 < addresses.length ? addresses[i + 1] : end;
          out.add(
              new Range(
                  addresses[i],
                  to,
                  new SourceLine(files.get(fileIndexes[i]), lines[i], columns[i])));
        }
      }
    }
  }

  /** Growable rows of the sequence being run. */
  private static final class RowBuffer {
    long[] addresses = new long[64];
    int[] fileIndexes = new int[64];
    int[] lines = new int[64];
    int[] columns = new int[64];
    boolean[] statements = new boolean[64];
    int size;

    void add(long address, int file, int line, int column, boolean statement) {
      if (size == addresses.length) {
        int n = size * 2;
        addresses = Arrays.copyOf(addresses, n);
        fileIndexes = Arrays.copyOf(fileIndexes, n);
        lines = Arrays.copyOf(lines, n);
        columns = Arrays.copyOf(columns, n);
        statements = Arrays.copyOf(statements, n);
      }
      addresses[size] = address;
      fileIndexes[size] = file;
      lines[size] = line;
      columns[size] = column;
      statements[size] = statement;
      size++;
    }

    /** The finished sequence ending at {@code end}, or empty when it covers no address. */
    Optional<Sequence> finish(long end) {
      Integer[] order = new Integer[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      // stable, so among rows at one address the last one emitted stays last
      Arrays.sort(order, Comparator.comparingLong(i -> addresses[i]));
      long[] a = new long[size];
      int[] f = new int[size];
      int[] l = new int[size];
      int[] c = new int[size];
      int n = 0;
      boolean lastIsStatement = false;
      for (int k = 0; k < size; k++) {
        int i = order[k];
        if (addresses[i] >= end) {
          break;
        }
        if (n > 0 && a[n - 1] == addresses[i]) {
          if (lastIsStatement && !statements[i]) {
            continue;
          }
          n--;
        }
        lastIsStatement = statements[i];
        a[n] = addresses[i];
        f[n] = fileIndexes[i];
        l[n] = lines[i];
        c[n] = columns[i];
        n++;
      }
      size = 0;
      if (n == 0) {
        return Optional.empty();
      }
      return Optional.of(
          new Sequence(
              a[0],
              end,
              Arrays.copyOf(a, n),
              Arrays.copyOf(f, n),
              Arrays.copyOf(l, n),
              Arrays.copyOf(c, n)));
    }
  }

  /** The header of one line-number program unit. */
  private record UnitHeader(
      long offset,
      int version,
      boolean dwarf64,
      int minInstructionLength,
      int maxOpsPerInstruction,
      boolean defaultIsStmt,
      int lineBase,
      int lineRange,
      int opcodeBase,
      int[] standardOpcodeLengths,
      List<String> directories,
      List<FileEntry> files,
      long programStart,
      long unitEnd) {
    String where() {
      return "line program unit at offset " + ElfBytes.hex(offset) + " (DWARF " + version + ")";
    }
  }

  private record FileEntry(String name, long directory, long entryOffset) {}

  /** Reads all units of one section, collecting sequences and deduplicated file paths. */
  private static final class Builder {
    private final DwarfCursor in;
    private final DwarfCursor lineStr;
    private final DwarfCursor str;
    final List<String> files = new ArrayList<>();
    final List<Sequence> sequences = new ArrayList<>();
    private final Map<String, Integer> fileIndex = new HashMap<>();
    private long totalRows;

    Builder(DwarfCursor in, DwarfCursor lineStr, DwarfCursor str) {
      this.in = in;
      this.lineStr = lineStr;
      this.str = str;
    }

    void readAll() {
      long offset = 0;
      while (offset < in.length()) {
        in.limit(in.length(), "section");
        in.seek(offset, "unit");
        UnitHeader unit = readHeader(offset);
        runProgram(unit);
        offset = unit.unitEnd();
      }
    }

    private UnitHeader readHeader(long offset) {
      String what = "line program unit at offset " + ElfBytes.hex(offset);
      long length = in.u32(what + ": unit_length");
      boolean dwarf64 = false;
      if (length == 0xffff_ffffL) {
        dwarf64 = true;
        length = in.unsigned(8, what + ": 64-bit unit_length");
      } else if (length >= 0xffff_fff0L) {
        throw in.error(offset, what + ": reserved unit_length " + ElfBytes.hex(length));
      }
      if (length < 0 || length > in.length() - in.position()) {
        throw in.error(
            offset,
            what
                + ": unit_length "
                + Long.toUnsignedString(length)
                + " runs past the end of the section ("
                + in.length()
                + " bytes)");
      }
      long unitEnd = in.position() + length;
      in.limit(unitEnd, what);
      int versionAt = in.position();
      int version = in.u16(what + ": version");
      if (version < 2 || version > 5) {
        throw in.error(versionAt, what + ": version " + version + " is not DWARF 2 to 5");
      }
      String unit = what + " (DWARF " + version + ")";
      if (version >= 5) {
        int addressSize = in.u8(unit + ": address_size");
        if (addressSize != 4 && addressSize != 8) {
          throw in.error(in.position() - 1, unit + ": address_size " + addressSize);
        }
        int segmentSize = in.u8(unit + ": segment_selector_size");
        if (segmentSize != 0) {
          throw in.error(
              in.position() - 1,
              unit + ": segment_selector_size " + segmentSize + " (segmented addresses)");
        }
      }
      long headerLength = in.unsigned(dwarf64 ? 8 : 4, unit + ": header_length");
      if (headerLength < 0 || headerLength > in.remaining()) {
        throw in.error(
            in.position(),
            unit
                + ": header_length "
                + Long.toUnsignedString(headerLength)
                + " runs past the end of the unit at "
                + ElfBytes.hex(unitEnd));
      }
      long programStart = in.position() + headerLength;
      in.limit(programStart, unit + " header");
      int minLength = in.u8(unit + ": minimum_instruction_length");
      int maxOps = version >= 4 ? in.u8(unit + ": maximum_operations_per_instruction") : 1;
      if (maxOps == 0) {
        throw in.error(in.position() - 1, unit + ": maximum_operations_per_instruction is 0");
      }
      boolean defaultIsStmt = in.u8(unit + ": default_is_stmt") != 0;
      int lineBase = in.s8(unit + ": line_base");
      int lineRange = in.u8(unit + ": line_range");
      if (lineRange == 0) {
        throw in.error(in.position() - 1, unit + ": line_range is 0");
      }
      int opcodeBase = in.u8(unit + ": opcode_base");
      if (opcodeBase == 0) {
        throw in.error(in.position() - 1, unit + ": opcode_base is 0");
      }
      int[] lengths = new int[opcodeBase];
      for (int i = 1; i < opcodeBase; i++) {
        lengths[i] = in.u8(unit + ": standard_opcode_lengths[" + i + "]");
      }
      List<String> directories = new ArrayList<>();
      List<FileEntry> fileEntries = new ArrayList<>();
      if (version >= 5) {
        readEntries(unit, "directory", dwarf64, directories, null);
        readEntries(unit, "file name", dwarf64, null, fileEntries);
      } else {
        // directory 0 is the compilation directory, which is not in the line table
        directories.add("");
        while (true) {
          String dir = in.cstring(unit + ": include_directories");
          if (dir.isEmpty()) {
            break;
          }
          directories.add(dir);
        }
        // file 0 does not exist before DWARF 5; keep indexes 1-based
        fileEntries.add(new FileEntry("", -1, in.position()));
        while (true) {
          int at = in.position();
          String file = in.cstring(unit + ": file_names");
          if (file.isEmpty()) {
            break;
          }
          long dir = in.uleb(unit + ": directory index of file " + file);
          in.uleb(unit + ": modification time of file " + file);
          in.uleb(unit + ": length of file " + file);
          fileEntries.add(new FileEntry(file, dir, at));
        }
      }
      in.limit(in.length(), "section");
      in.seek(programStart, unit + ": line number program");
      in.limit(unitEnd, unit);
      return new UnitHeader(
          offset,
          version,
          dwarf64,
          minLength,
          maxOps,
          defaultIsStmt,
          lineBase,
          lineRange,
          opcodeBase,
          lengths,
          directories,
          fileEntries,
          programStart,
          unitEnd);
    }

    /** DWARF 5 directory or file name table: entry formats, then entries. */
    private void readEntries(
        String unit,
        String table,
        boolean dwarf64,
        List<String> directoriesOut,
        List<FileEntry> filesOut) {
      int formatCount = in.u8(unit + ": " + table + " entry format count");
      long[] contentTypes = new long[formatCount];
      long[] forms = new long[formatCount];
      for (int i = 0; i < formatCount; i++) {
        contentTypes[i] = in.uleb(unit + ": " + table + " entry format " + i + " content type");
        forms[i] = in.uleb(unit + ": " + table + " entry format " + i + " form");
      }
      int countAt = in.position();
      long count = in.uleb(unit + ": " + table + " count");
      if (count != 0 && formatCount == 0) {
        throw in.error(countAt, unit + ": " + count + " " + table + " entries but no entry format");
      }
      // every entry takes at least one byte, so a larger count cannot be right
      if (count < 0 || count > in.remaining()) {
        throw in.error(
            countAt,
            unit
                + ": "
                + Long.toUnsignedString(count)
                + " "
                + table
                + " entries cannot fit in the "
                + in.remaining()
                + " header bytes left");
      }
      for (long e = 0; e < count; e++) {
        int at = in.position();
        String entry = unit + ": " + table + " entry " + e;
        String path = null;
        long directory = 0;
        for (int i = 0; i < formatCount; i++) {
          if (contentTypes[i] == DW_LNCT_PATH) {
            path = readString(forms[i], dwarf64, entry + " path");
          } else if (contentTypes[i] == DW_LNCT_DIRECTORY_INDEX) {
            directory = readUnsigned(forms[i], dwarf64, entry + " directory index");
          } else {
            skipForm(forms[i], dwarf64, entry + " content type " + contentTypes[i]);
          }
        }
        if (path == null) {
          throw in.error(at, entry + " has no path (DW_LNCT_path)");
        }
        if (directoriesOut != null) {
          directoriesOut.add(path);
        } else {
          filesOut.add(new FileEntry(path, directory, at));
        }
      }
    }

    private String readString(long form, boolean dwarf64, String what) {
      int at = in.position();
      if (form == DW_FORM_STRING) {
        return in.cstring(what);
      }
      if (form == DW_FORM_LINE_STRP || form == DW_FORM_STRP) {
        DwarfCursor target = form == DW_FORM_LINE_STRP ? lineStr : str;
        long offset = in.unsigned(dwarf64 ? 8 : 4, what);
        if (offset < 0 || offset >= target.length()) {
          throw in.error(
              at,
              what
                  + ": string offset "
                  + ElfBytes.hex(offset)
                  + " is outside "
                  + (form == DW_FORM_LINE_STRP ? ".debug_line_str" : ".debug_str")
                  + " ("
                  + target.length()
                  + " bytes)");
        }
        target.seek(offset, what);
        return target.cstring(what);
      }
      throw in.error(at, what + ": form " + formName(form) + " is not a string form hilt reads");
    }

    private long readUnsigned(long form, boolean dwarf64, String what) {
      int at = in.position();
      if (form == DW_FORM_UDATA) {
        return in.uleb(what);
      }
      int size = fixedSize(form, dwarf64);
      if (size > 0 && size <= 8 && form != DW_FORM_STRP && form != DW_FORM_LINE_STRP) {
        return in.unsigned(size, what);
      }
      throw in.error(at, what + ": form " + formName(form) + " is not a number form hilt reads");
    }

    private void skipForm(long form, boolean dwarf64, String what) {
      int size = fixedSize(form, dwarf64);
      if (size >= 0) {
        in.skip(size, what);
      } else if (form == DW_FORM_STRING) {
        in.cstring(what);
      } else if (form == DW_FORM_UDATA) {
        in.uleb(what);
      } else if (form == DW_FORM_SDATA) {
        in.sleb(what);
      } else if (form == DW_FORM_BLOCK) {
        in.skip(in.uleb(what + " block length"), what);
      } else if (form == DW_FORM_BLOCK1) {
        in.skip(in.u8(what + " block length"), what);
      } else if (form == DW_FORM_BLOCK2) {
        in.skip(in.u16(what + " block length"), what);
      } else if (form == DW_FORM_BLOCK4) {
        in.skip(in.u32(what + " block length"), what);
      } else {
        throw in.error(in.position(), what + ": unsupported form " + formName(form));
      }
    }

    /** Size of a fixed-size form, or -1. */
    private static int fixedSize(long form, boolean dwarf64) {
      if (form == DW_FORM_DATA1 || form == DW_FORM_FLAG || form == DW_FORM_STRX1) {
        return 1;
      } else if (form == DW_FORM_DATA2 || form == DW_FORM_STRX2) {
        return 2;
      } else if (form == DW_FORM_STRX3) {
        return 3;
      } else if (form == DW_FORM_DATA4 || form == DW_FORM_STRX4) {
        return 4;
      } else if (form == DW_FORM_DATA8) {
        return 8;
      } else if (form == DW_FORM_DATA16) {
        return 16;
      } else if (form == DW_FORM_STRP
          || form == DW_FORM_LINE_STRP
          || form == DW_FORM_SEC_OFFSET
          || form == DW_FORM_STRP_SUP) {
        return dwarf64 ? 8 : 4;
      }
      return -1;
    }

    private static String formName(long form) {
      String name =
          switch ((int) Math.min(form, Integer.MAX_VALUE)) {
            case 0x08 -> "DW_FORM_string";
            case 0x0e -> "DW_FORM_strp";
            case 0x1f -> "DW_FORM_line_strp";
            case 0x0f -> "DW_FORM_udata";
            case 0x1a -> "DW_FORM_strx";
            case 0x1d -> "DW_FORM_strp_sup";
            case 0x1e -> "DW_FORM_data16";
            case 0x25, 0x26, 0x27, 0x28 -> "DW_FORM_strx" + (form - 0x24);
            default -> "";
          };
      return ElfBytes.hex(form) + (name.isEmpty() ? "" : " (" + name + ")");
    }

    private void runProgram(UnitHeader unit) {
      String where = unit.where();
      Map<Long, Integer> resolved = new HashMap<>();
      List<FileEntry> unitFiles = new ArrayList<>(unit.files());
      RowBuffer rows = new RowBuffer();
      long address = 0;
      long opIndex = 0;
      long file = 1;
      long line = 1;
      long column = 0;
      boolean statement = unit.defaultIsStmt();
      boolean sequenceOpen = false;
      while (in.remaining() > 0) {
        int opAt = in.position();
        int opcode = in.u8(where + ": opcode");
        long advance = -1;
        boolean emit = false;
        if (opcode >= unit.opcodeBase()) {
          int adjusted = opcode - unit.opcodeBase();
          advance = adjusted / unit.lineRange();
          line += unit.lineBase() + adjusted % unit.lineRange();
          emit = true;
        } else if (opcode == 0) {
          long length = in.uleb(where + ": extended opcode length");
          if (length <= 0 || length > in.remaining()) {
            throw in.error(
                opAt,
                where
                    + ": extended opcode length "
                    + Long.toUnsignedString(length)
                    + " does not fit in the "
                    + in.remaining()
                    + " bytes left in the unit");
          }
          long end = in.position() + length;
          int sub = in.u8(where + ": extended opcode");
          in.limit(end, where + ": extended opcode");
          switch (sub) {
            case DW_LNE_END_SEQUENCE -> {
              rows.finish(address).ifPresent(sequences::add);
              address = 0;
              opIndex = 0;
              file = 1;
              line = 1;
              column = 0;
              statement = unit.defaultIsStmt();
              sequenceOpen = false;
            }
            case DW_LNE_SET_ADDRESS -> {
              int size = (int) length - 1;
              if (size < 1 || size > 8) {
                throw in.error(
                    opAt, where + ": DW_LNE_set_address with a " + size + "-byte operand");
              }
              address = in.unsigned(size, where + ": DW_LNE_set_address") & ADDRESS_MASK;
              opIndex = 0;
            }
            case DW_LNE_DEFINE_FILE -> {
              String name = in.cstring(where + ": DW_LNE_define_file name");
              long dir = in.uleb(where + ": DW_LNE_define_file directory");
              in.uleb(where + ": DW_LNE_define_file time");
              in.uleb(where + ": DW_LNE_define_file length");
              unitFiles.add(new FileEntry(name, dir, opAt));
            }
            case DW_LNE_SET_DISCRIMINATOR -> in.uleb(where + ": DW_LNE_set_discriminator");
            default -> {
              // vendor extensions (DW_LNE_HP_*, DW_LNE_lo_user...) carry nothing we need
            }
          }
          in.limit(unit.unitEnd(), where);
          in.seek(end, where + ": end of extended opcode");
        } else {
          switch (opcode) {
            case DW_LNS_COPY -> emit = true;
            case DW_LNS_ADVANCE_PC -> advance = in.uleb(where + ": DW_LNS_advance_pc");
            case DW_LNS_ADVANCE_LINE -> line += in.sleb(where + ": DW_LNS_advance_line");
            case DW_LNS_SET_FILE -> file = in.uleb(where + ": DW_LNS_set_file");
            case DW_LNS_SET_COLUMN -> column = in.uleb(where + ": DW_LNS_set_column");
            case DW_LNS_NEGATE_STMT -> statement = !statement;
            case DW_LNS_SET_BASIC_BLOCK, DW_LNS_SET_PROLOGUE_END, DW_LNS_SET_EPILOGUE_BEGIN -> {
              // the block flags do not change which line an address belongs to
            }
            case DW_LNS_CONST_ADD_PC -> advance = (255 - unit.opcodeBase()) / unit.lineRange();
            case DW_LNS_FIXED_ADVANCE_PC -> {
              address = (address + in.u16(where + ": DW_LNS_fixed_advance_pc")) & ADDRESS_MASK;
              opIndex = 0;
            }
            case DW_LNS_SET_ISA -> in.uleb(where + ": DW_LNS_set_isa");
            default -> {
              for (int i = 0; i < unit.standardOpcodeLengths()[opcode]; i++) {
                in.uleb(where + ": operand " + i + " of standard opcode " + opcode);
              }
            }
          }
        }
        if (advance != -1) {
          long ops = opIndex + advance;
          long max = unit.maxOpsPerInstruction();
          address =
              (address + unit.minInstructionLength() * Long.divideUnsigned(ops, max))
                  & ADDRESS_MASK;
          opIndex = Long.remainderUnsigned(ops, max);
        }
        if (emit) {
          if (line < 0 || line > Integer.MAX_VALUE) {
            throw in.error(opAt, where + ": row with line number " + line);
          }
          if (++totalRows > MAX_ROWS) {
            throw in.error(opAt, where + ": more than " + MAX_ROWS + " rows, too many to keep");
          }
          int fileIdx = resolveFile(unit, unitFiles, resolved, file, opAt);
          rows.add(
              address, fileIdx, (int) line, (int) Math.min(column, Integer.MAX_VALUE), statement);
          sequenceOpen = true;
        }
      }
      if (sequenceOpen) {
        throw in.error(
            unit.unitEnd(), where + ": the last sequence is not ended by DW_LNE_end_sequence");
      }
    }

    private int resolveFile(
        UnitHeader unit,
        List<FileEntry> unitFiles,
        Map<Long, Integer> resolved,
        long file,
        int at) {
      Integer known = resolved.get(file);
      if (known != null) {
        return known;
      }
      boolean v5 = unit.version() >= 5;
      if (file < (v5 ? 0 : 1) || file >= unitFiles.size()) {
        throw in.error(
            at,
            unit.where()
                + ": row refers to file "
                + Long.toUnsignedString(file)
                + " but the file table has "
                + (v5 ? "entries 0 to " : "entries 1 to ")
                + (unitFiles.size() - 1));
      }
      FileEntry entry = unitFiles.get((int) file);
      if (entry.name().isEmpty()) {
        throw in.error(entry.entryOffset(), unit.where() + ": file " + file + " has an empty name");
      }
      String path;
      if (isAbsolute(entry.name()) || entry.directory() == 0) {
        path = entry.name();
      } else if (entry.directory() < 0 || entry.directory() >= unit.directories().size()) {
        throw in.error(
            entry.entryOffset(),
            unit.where()
                + ": file "
                + file
                + " ("
                + entry.name()
                + ") refers to directory "
                + Long.toUnsignedString(entry.directory())
                + " but the unit has "
                + unit.directories().size()
                + " directories");
      } else {
        path = join(unit.directories().get((int) entry.directory()), entry.name());
      }
      path = clean(path);
      Integer index = fileIndex.get(path);
      if (index == null) {
        index = files.size();
        files.add(path);
        fileIndex.put(path, index);
      }
      resolved.put(file, index);
      return index;
    }
  }

  static boolean isAbsolute(String path) {
    return path.startsWith("/")
        || path.startsWith("\\")
        || (path.length() >= 3
            && Character.isLetter(path.charAt(0))
            && path.charAt(1) == ':'
            && (path.charAt(2) == '/' || path.charAt(2) == '\\'));
  }

  static String join(String directory, String name) {
    if (directory.isEmpty()) {
      return name;
    }
    return directory.endsWith("/") ? directory + name : directory + "/" + name;
  }

  /** Drops {@code .} and empty components; keeps {@code ..} (the path stays as compiled). */
  static String clean(String path) {
    boolean absolute = path.startsWith("/");
    StringBuilder out = new StringBuilder(absolute ? "/" : "");
    for (String part : path.split("/", -1)) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (out.length() > (absolute ? 1 : 0)) {
        out.append('/');
      }
      out.append(part);
    }
    return out.length() == 0 ? "." : out.toString();
  }

  private static final int DW_LNS_COPY = 1;
  private static final int DW_LNS_ADVANCE_PC = 2;
  private static final int DW_LNS_ADVANCE_LINE = 3;
  private static final int DW_LNS_SET_FILE = 4;
  private static final int DW_LNS_SET_COLUMN = 5;
  private static final int DW_LNS_NEGATE_STMT = 6;
  private static final int DW_LNS_SET_BASIC_BLOCK = 7;
  private static final int DW_LNS_CONST_ADD_PC = 8;
  private static final int DW_LNS_FIXED_ADVANCE_PC = 9;
  private static final int DW_LNS_SET_PROLOGUE_END = 10;
  private static final int DW_LNS_SET_EPILOGUE_BEGIN = 11;
  private static final int DW_LNS_SET_ISA = 12;
  private static final int DW_LNE_END_SEQUENCE = 1;
  private static final int DW_LNE_SET_ADDRESS = 2;
  private static final int DW_LNE_DEFINE_FILE = 3;
  private static final int DW_LNE_SET_DISCRIMINATOR = 4;
  private static final long DW_LNCT_PATH = 1;
  private static final long DW_LNCT_DIRECTORY_INDEX = 2;
  private static final long DW_FORM_BLOCK2 = 0x03;
  private static final long DW_FORM_BLOCK4 = 0x04;
  private static final long DW_FORM_DATA2 = 0x05;
  private static final long DW_FORM_DATA4 = 0x06;
  private static final long DW_FORM_DATA8 = 0x07;
  private static final long DW_FORM_STRING = 0x08;
  private static final long DW_FORM_BLOCK = 0x09;
  private static final long DW_FORM_BLOCK1 = 0x0a;
  private static final long DW_FORM_DATA1 = 0x0b;
  private static final long DW_FORM_FLAG = 0x0c;
  private static final long DW_FORM_SDATA = 0x0d;
  private static final long DW_FORM_STRP = 0x0e;
  private static final long DW_FORM_UDATA = 0x0f;
  private static final long DW_FORM_SEC_OFFSET = 0x17;
  private static final long DW_FORM_STRP_SUP = 0x1d;
  private static final long DW_FORM_DATA16 = 0x1e;
  private static final long DW_FORM_LINE_STRP = 0x1f;
  private static final long DW_FORM_STRX1 = 0x25;
  private static final long DW_FORM_STRX2 = 0x26;
  private static final long DW_FORM_STRX3 = 0x27;
  private static final long DW_FORM_STRX4 = 0x28;
}
