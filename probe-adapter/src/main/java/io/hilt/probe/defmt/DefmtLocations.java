package io.hilt.probe.defmt;

import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.elf.Section;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Source locations of log statements from the ELF's DWARF debug info, as defmt-decoder's {@code
 * elf2table::get_locations} finds them: every {@code DW_TAG_variable} whose {@code
 * DW_AT_linkage_name} is a {@code .defmt} symbol gives {@code DW_AT_decl_file} (resolved through
 * its unit's line-program file table, relative directories under {@code DW_AT_comp_dir}) and {@code
 * DW_AT_decl_line}; enclosing {@code DW_TAG_namespace}s give the module path. gcc records a C asm
 * label quoted and escaped ({@code "{\"package\":...}"}); that quoting is removed.
 *
 * <p>DWARF 2 to 5, 32- and 64-bit units. Reading is bounded by the sections; anything malformed
 * gives a {@link DefmtException} naming the section and offset.
 */
public final class DefmtLocations {
  private static final int DW_TAG_COMPILE_UNIT = 0x11;
  private static final int DW_TAG_PARTIAL_UNIT = 0x3c;
  private static final int DW_TAG_VARIABLE = 0x34;
  private static final int DW_TAG_NAMESPACE = 0x39;
  private static final int DW_AT_NAME = 0x03;
  private static final int DW_AT_STMT_LIST = 0x10;
  private static final int DW_AT_COMP_DIR = 0x1b;
  private static final int DW_AT_DECL_FILE = 0x3a;
  private static final int DW_AT_DECL_LINE = 0x3b;
  private static final int DW_AT_LINKAGE_NAME = 0x6e;
  private static final int DW_AT_MIPS_LINKAGE_NAME = 0x2007;
  private static final int DW_AT_STR_OFFSETS_BASE = 0x72;
  private static final int MAX_DEPTH = 256;

  private DefmtLocations() {}

  /**
   * The locations of the table's log statements; a locator that finds nothing when the ELF has no
   * debug info.
   *
   * @throws DefmtException when the debug info is malformed
   */
  public static SourceLocator read(ElfFile elf, DefmtTable table) {
    Map<String, Long> indexBySymbol = new HashMap<>();
    for (TableEntry e : table.entries()) {
      indexBySymbol.put(e.rawSymbol(), e.index());
    }
    Map<Long, SourceLocation> locations = new HashMap<>();
    Optional<Section> info = elf.section(".debug_info");
    Optional<Section> abbrev = elf.section(".debug_abbrev");
    if (info.isPresent() && abbrev.isPresent()) {
      new Reader(elf, indexBySymbol, locations).readAll(info.get(), abbrev.get());
    }
    Map<Long, SourceLocation> copy = Map.copyOf(locations);
    return address -> Optional.ofNullable(copy.get(address));
  }

  /** One attribute specification of an abbreviation. */
  private record AttrSpec(int name, int form, long implicitConst) {}

  private record Abbrev(int tag, boolean children, List<AttrSpec> attrs) {}

  /** A bounded little-endian reader over one section. */
  private static final class Bytes {
    final byte[] data;
    final String where;
    int pos;
    int limit;

    Bytes(byte[] data, String where) {
      this.data = data;
      this.where = where;
      this.limit = data.length;
    }

    DefmtException error(String problem) {
      return new DefmtException(String.format("%s at offset 0x%x: %s", where, pos, problem));
    }

    void need(long n) {
      if (n < 0 || n > limit - pos) {
        throw error("truncated (needs " + n + " bytes, " + (limit - pos) + " left)");
      }
    }

    long unsigned(int size) {
      need(size);
      long v = 0;
      for (int i = size - 1; i >= 0; i--) {
        v = v << 8 | (data[pos + i] & 0xffL);
      }
      pos += size;
      return v;
    }

    int u8() {
      return (int) unsigned(1);
    }

    long uleb() {
      long v = 0;
      for (int shift = 0; shift < 70; shift += 7) {
        int b = u8();
        if (shift < 64) {
          v |= (long) (b & 0x7f) << shift;
        }
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw error("LEB128 number longer than 10 bytes");
    }

    long sleb() {
      long v = 0;
      int shift = 0;
      int b;
      do {
        if (shift >= 70) {
          throw error("LEB128 number longer than 10 bytes");
        }
        b = u8();
        if (shift < 64) {
          v |= (long) (b & 0x7f) << shift;
        }
        shift += 7;
      } while ((b & 0x80) != 0);
      if (shift < 64 && (b & 0x40) != 0) {
        v |= -1L << shift;
      }
      return v;
    }

    void skip(long n) {
      need(n);
      pos += (int) n;
    }

    String cstring() {
      int start = pos;
      while (pos < limit && data[pos] != 0) {
        pos++;
      }
      if (pos >= limit) {
        throw error("string without terminating NUL");
      }
      return new String(data, start, pos++ - start, StandardCharsets.UTF_8);
    }

    String cstringAt(long offset) {
      if (offset < 0 || offset >= data.length) {
        throw error(String.format("string offset 0x%x is outside the section", offset));
      }
      int saved = pos;
      pos = (int) offset;
      String s = cstring();
      pos = saved;
      return s;
    }
  }

  private static final class Reader {
    private final ElfFile elf;
    private final Map<String, Long> indexBySymbol;
    private final Map<Long, SourceLocation> out;
    private final Bytes str;
    private final Bytes lineStr;
    private final Bytes strOffsets;
    private final Bytes line;

    Reader(ElfFile elf, Map<String, Long> indexBySymbol, Map<Long, SourceLocation> out) {
      this.elf = elf;
      this.indexBySymbol = indexBySymbol;
      this.out = out;
      this.str = section(".debug_str");
      this.lineStr = section(".debug_line_str");
      this.strOffsets = section(".debug_str_offsets");
      this.line = section(".debug_line");
    }

    private Bytes section(String name) {
      byte[] data = elf.section(name).map(elf::sectionData).orElse(new byte[0]);
      return new Bytes(data, elf.name() + ": " + name);
    }

    void readAll(Section infoSection, Section abbrevSection) {
      Bytes info = new Bytes(elf.sectionData(infoSection), elf.name() + ": .debug_info");
      Bytes abbrev = new Bytes(elf.sectionData(abbrevSection), elf.name() + ": .debug_abbrev");
      while (info.pos < info.data.length) {
        unit(info, abbrev);
      }
    }

    /** Per unit: sizes and the values its DIEs refer to. */
    private final class Unit {
      int version;
      int offsetSize;
      int addressSize;
      long strOffsetsBase = 8;
      Optional<String> compDir = Optional.empty();
      Optional<List<String>> files = Optional.empty();
      long stmtList = -1;
    }

    private void unit(Bytes info, Bytes abbrevBytes) {
      int unitStart = info.pos;
      long length = info.unsigned(4);
      int offsetSize = 4;
      if (length == 0xffff_ffffL) {
        length = info.unsigned(8);
        offsetSize = 8;
      } else if (length >= 0xffff_fff0L) {
        throw info.error("reserved unit length " + Long.toHexString(length));
      }
      info.need(length);
      int end = (int) (info.pos + length);
      Unit u = new Unit();
      u.offsetSize = offsetSize;
      u.version = (int) info.unsigned(2);
      long abbrevOffset;
      if (u.version >= 2 && u.version <= 4) {
        abbrevOffset = info.unsigned(offsetSize);
        u.addressSize = info.u8();
      } else if (u.version == 5) {
        int unitType = info.u8();
        u.addressSize = info.u8();
        abbrevOffset = info.unsigned(offsetSize);
        if (unitType != 1 && unitType != 3) { // only compile and partial units hold our variables
          info.pos = end;
          return;
        }
      } else {
        throw info.error(
            "unit at 0x" + Integer.toHexString(unitStart) + " has DWARF version " + u.version);
      }
      Map<Long, Abbrev> abbrevs = abbrevs(abbrevBytes, abbrevOffset);
      Bytes dies = info;
      info.limit = end;
      List<String> namespaces = new ArrayList<>();
      List<Integer> namespaceDepths = new ArrayList<>();
      int depth = 0;
      while (dies.pos < end) {
        long code = dies.uleb();
        if (code == 0) {
          depth--;
          while (!namespaceDepths.isEmpty()
              && namespaceDepths.get(namespaceDepths.size() - 1) >= depth) {
            namespaceDepths.remove(namespaceDepths.size() - 1);
            namespaces.remove(namespaces.size() - 1);
          }
          if (depth < 0) {
            break;
          }
          continue;
        }
        Abbrev a = abbrevs.get(code);
        if (a == null) {
          throw dies.error("abbreviation code " + code + " is not in .debug_abbrev");
        }
        Map<Integer, Object> values = new HashMap<>();
        for (AttrSpec spec : a.attrs()) {
          Object v = value(dies, u, spec.form(), spec.implicitConst(), 0);
          if (v != null) {
            values.putIfAbsent(spec.name(), v);
          }
        }
        if (a.tag() == DW_TAG_COMPILE_UNIT || a.tag() == DW_TAG_PARTIAL_UNIT) {
          if (values.get(DW_AT_STR_OFFSETS_BASE) instanceof Long base) {
            u.strOffsetsBase = base;
          }
          u.compDir = Optional.ofNullable(string(values.get(DW_AT_COMP_DIR), u));
          if (values.get(DW_AT_STMT_LIST) instanceof Long list) {
            u.stmtList = list;
          }
        } else if (a.tag() == DW_TAG_NAMESPACE && a.children()) {
          namespaces.add(Optional.ofNullable(string(values.get(DW_AT_NAME), u)).orElse("{anon}"));
          namespaceDepths.add(depth);
        } else if (a.tag() == DW_TAG_VARIABLE) {
          variable(values, u, namespaces);
        }
        if (a.children()) {
          if (++depth > MAX_DEPTH) {
            throw dies.error("DIEs nested more than " + MAX_DEPTH + " deep");
          }
        }
      }
      info.pos = end;
      info.limit = info.data.length;
    }

    private void variable(Map<Integer, Object> values, Unit u, List<String> namespaces) {
      Object linkage = values.getOrDefault(DW_AT_LINKAGE_NAME, values.get(DW_AT_MIPS_LINKAGE_NAME));
      String name = string(linkage, u);
      if (name == null) {
        return;
      }
      Long index = indexBySymbol.get(unquote(name));
      if (index == null
          || !(values.get(DW_AT_DECL_FILE) instanceof Long file)
          || !(values.get(DW_AT_DECL_LINE) instanceof Long lineNumber)
          || lineNumber < 0) {
        return;
      }
      Optional<String> path = file(u, file);
      if (path.isEmpty()) {
        return;
      }
      Optional<String> module =
          namespaces.isEmpty() ? Optional.empty() : Optional.of(String.join("::", namespaces));
      out.putIfAbsent(index, new SourceLocation(path.get(), lineNumber, module));
    }

    /** A gcc asm label as recorded: {@code "..."} with backslash escapes. */
    static String unquote(String name) {
      if (name.length() < 2 || name.charAt(0) != '"' || name.charAt(name.length() - 1) != '"') {
        return name;
      }
      StringBuilder b = new StringBuilder();
      for (int i = 1; i < name.length() - 1; i++) {
        char c = name.charAt(i);
        if (c == '\\' && i + 1 < name.length() - 1) {
          c = name.charAt(++i);
        }
        b.append(c);
      }
      return b.toString();
    }

    private String string(Object v, Unit u) {
      if (v instanceof String s) {
        return s;
      }
      if (v instanceof StrIndex x) {
        long at = u.strOffsetsBase + x.index * u.offsetSize;
        if (at < 0 || at + u.offsetSize > strOffsets.data.length) {
          throw strOffsets.error("string index " + x.index + " is outside .debug_str_offsets");
        }
        strOffsets.pos = (int) at;
        return str.cstringAt(strOffsets.unsigned(u.offsetSize));
      }
      return null;
    }

    private record StrIndex(long index) {}

    /** Reads one attribute value: a Long, a String, a StrIndex, or null for values we skip. */
    private Object value(Bytes b, Unit u, int form, long implicitConst, int indirections) {
      return switch (form) {
        case 0x01 -> b.unsigned(u.addressSize); // addr
        case 0x03 -> skipBlock(b, b.unsigned(2));
        case 0x04 -> skipBlock(b, b.unsigned(4));
        case 0x05 -> b.unsigned(2);
        case 0x06 -> b.unsigned(4);
        case 0x07 -> b.unsigned(8);
        case 0x08 -> b.cstring();
        case 0x09, 0x18 -> skipBlock(b, b.uleb()); // block, exprloc
        case 0x0a -> skipBlock(b, b.u8());
        case 0x0b -> (long) b.u8();
        case 0x0c -> (long) b.u8(); // flag
        case 0x0d -> b.sleb();
        case 0x0e -> str.cstringAt(b.unsigned(u.offsetSize)); // strp
        case 0x0f -> b.uleb();
        case 0x10 -> b.unsigned(u.version == 2 ? u.addressSize : u.offsetSize); // ref_addr
        case 0x11 -> (long) b.u8();
        case 0x12 -> b.unsigned(2);
        case 0x13, 0x1c -> b.unsigned(4); // ref4, ref_sup4
        case 0x14, 0x20, 0x24 -> b.unsigned(8); // ref8, ref_sig8, ref_sup8
        case 0x15, 0x1b, 0x22, 0x23, 0x1f01 -> b.uleb(); // ref_udata, addrx, loclistx, rnglistx
        case 0x16 -> {
          if (indirections > 0) {
            throw b.error("DW_FORM_indirect pointing to DW_FORM_indirect");
          }
          yield value(b, u, (int) b.uleb(), implicitConst, 1);
        }
        case 0x17 -> b.unsigned(u.offsetSize); // sec_offset
        case 0x19 -> 1L; // flag_present
        case 0x1a, 0x1f02 -> new StrIndex(b.uleb()); // strx, GNU_str_index
        case 0x1d, 0x1f20, 0x1f21 -> skipBlock(b, u.offsetSize); // strp_sup, GNU_ref_alt, strp_alt
        case 0x1e -> skipBlock(b, 16); // data16
        case 0x1f -> lineStr.cstringAt(b.unsigned(u.offsetSize)); // line_strp
        case 0x21 -> implicitConst;
        case 0x25 -> new StrIndex(b.unsigned(1));
        case 0x26 -> new StrIndex(b.unsigned(2));
        case 0x27 -> new StrIndex(b.unsigned(3));
        case 0x28 -> new StrIndex(b.unsigned(4));
        case 0x29 -> b.unsigned(1);
        case 0x2a -> b.unsigned(2);
        case 0x2b -> b.unsigned(3);
        case 0x2c -> b.unsigned(4);
        default -> throw b.error("unknown attribute form 0x" + Integer.toHexString(form));
      };
    }

    private static Object skipBlock(Bytes b, long length) {
      b.skip(length);
      return null;
    }

    private Map<Long, Abbrev> abbrevs(Bytes b, long offset) {
      if (offset < 0 || offset >= b.data.length) {
        throw b.error(String.format("abbreviation offset 0x%x is outside the section", offset));
      }
      b.pos = (int) offset;
      Map<Long, Abbrev> out = new HashMap<>();
      while (true) {
        long code = b.uleb();
        if (code == 0) {
          return out;
        }
        int tag = (int) b.uleb();
        boolean children = b.u8() != 0;
        List<AttrSpec> attrs = new ArrayList<>();
        while (true) {
          int name = (int) b.uleb();
          int form = (int) b.uleb();
          if (name == 0 && form == 0) {
            break;
          }
          long implicit = form == 0x21 ? b.sleb() : 0;
          attrs.add(new AttrSpec(name, form, implicit));
        }
        out.put(code, new Abbrev(tag, children, attrs));
      }
    }

    /** The path of file {@code index} of the unit's line program. */
    private Optional<String> file(Unit u, long index) {
      if (u.files.isEmpty()) {
        u.files = Optional.of(u.stmtList < 0 ? List.of() : fileTable(u));
      }
      List<String> files = u.files.get();
      return index >= 0 && index < files.size()
          ? Optional.ofNullable(files.get((int) index))
          : Optional.empty();
    }

    /** File names by DW_AT_decl_file index (1-based before DWARF 5: entry 0 is null then). */
    private List<String> fileTable(Unit u) {
      Bytes b = line;
      if (u.stmtList >= b.data.length) {
        throw b.error(String.format("DW_AT_stmt_list 0x%x is outside .debug_line", u.stmtList));
      }
      b.pos = (int) u.stmtList;
      long length = b.unsigned(4);
      int offsetSize = 4;
      if (length == 0xffff_ffffL) {
        length = b.unsigned(8);
        offsetSize = 8;
      }
      b.need(length);
      int version = (int) b.unsigned(2);
      if (version < 2 || version > 5) {
        throw b.error("line program version " + version);
      }
      if (version == 5) {
        b.skip(2); // address_size, segment_selector_size
      }
      b.unsigned(offsetSize); // header_length
      b.skip(
          version >= 4
              ? 5
              : 4); // min_inst_length, [max_ops], default_is_stmt, line_base, line_range
      int opcodeBase = b.u8();
      b.skip(Math.max(0, opcodeBase - 1));
      String compDir = u.compDir.orElse("");
      List<String> dirs = new ArrayList<>();
      List<String> files = new ArrayList<>();
      if (version < 5) {
        dirs.add(compDir);
        for (String d = b.cstring(); !d.isEmpty(); d = b.cstring()) {
          dirs.add(d);
        }
        files.add(null);
        for (String f = b.cstring(); !f.isEmpty(); f = b.cstring()) {
          long dir = b.uleb();
          b.uleb();
          b.uleb();
          files.add(join(compDir, dir < dirs.size() ? dirs.get((int) dir) : "", f));
        }
        return files;
      }
      for (String[] d : entries(b, u, offsetSize)) {
        dirs.add(d[0] == null ? "" : d[0]);
      }
      for (String[] f : entries(b, u, offsetSize)) {
        long dir = f[1] == null ? 0 : Long.parseLong(f[1]);
        files.add(
            f[0] == null
                ? null
                : join(compDir, dir < dirs.size() ? dirs.get((int) dir) : "", f[0]));
      }
      return files;
    }

    /** DWARF 5 directory or file entries as {path, directory index}. */
    private List<String[]> entries(Bytes b, Unit u, int offsetSize) {
      int formatCount = b.u8();
      long[][] format = new long[formatCount][2];
      for (int i = 0; i < formatCount; i++) {
        format[i][0] = b.uleb();
        format[i][1] = b.uleb();
      }
      long count = b.uleb();
      if (count > b.data.length) {
        throw b.error("more entries (" + count + ") than bytes");
      }
      List<String[]> out = new ArrayList<>();
      Unit lineUnit = new Unit();
      lineUnit.version = 5;
      lineUnit.offsetSize = offsetSize;
      lineUnit.addressSize = u.addressSize;
      for (long i = 0; i < count; i++) {
        String[] entry = new String[2];
        for (long[] f : format) {
          Object v = value(b, lineUnit, (int) f[1], 0, 0);
          if (f[0] == 1) {
            entry[0] = v instanceof String s ? s : null;
          } else if (f[0] == 2 && v instanceof Long l) {
            entry[1] = Long.toString(l);
          }
        }
        out.add(entry);
      }
      return out;
    }

    private static String join(String compDir, String dir, String file) {
      if (file.startsWith("/")) {
        return file;
      }
      String d = dir.isEmpty() || dir.startsWith("/") ? dir : join("", compDir, dir);
      if (d.isEmpty()) {
        d = compDir;
      }
      return d.isEmpty() ? file : d.endsWith("/") ? d + file : d + "/" + file;
    }
  }
}
