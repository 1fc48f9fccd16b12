package io.hilt.probe.defmt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.elf.ElfSymbol;
import io.hilt.probe.elf.Section;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The firmware's interned strings: every symbol in a {@code .defmt} section has a JSON name ({@code
 * {"package":..,"tag":"defmt_info","data":"format","disambiguator":..,"crate_name":..}}) and its
 * address is the index frames carry. Plus the wire version ({@code _defmt_version_ = 4}) and
 * encoding ({@code _defmt_encoding_ = rzcobs}) symbols, the timestamp format, and the values of
 * {@code defmt::bitflags!} types.
 *
 * <p>Immutable and thread-safe; parsed format strings are cached.
 */
public final class DefmtTable {
  /** Wire format versions this decoder reads (defmt 0.3 is 3, defmt 1.x is 4). */
  public static final List<String> SUPPORTED_VERSIONS = List.of("3", "4");

  private static final String VERSION_PREFIX = "_defmt_version_ = ";
  private static final String ENCODING_PREFIX = "_defmt_encoding_ = ";
  private static final int BITFLAGS_VALUE_SIZE = 16;

  /** One flag of a {@code defmt::bitflags!} type. */
  record Flag(String name, long index, Arg.Uxx value) {}

  private final Map<Long, TableEntry> entries;
  private final Optional<TableEntry> timestamp;
  private final Encoding encoding;
  private final String version;
  private final Map<String, List<Flag>> bitflags;
  private final Map<String, Object> parsed = new ConcurrentHashMap<>();

  private DefmtTable(
      Map<Long, TableEntry> entries,
      Optional<TableEntry> timestamp,
      Encoding encoding,
      String version,
      Map<String, List<Flag>> bitflags) {
    this.entries = Map.copyOf(entries);
    this.timestamp = timestamp;
    this.encoding = encoding;
    this.version = version;
    this.bitflags = Map.copyOf(bitflags);
  }

  /** A table built by hand (tests, vectors); version 4. */
  public static DefmtTable of(
      Collection<TableEntry> entries, Optional<String> timestampFormat, Encoding encoding) {
    Map<Long, TableEntry> map = new HashMap<>();
    for (TableEntry e : entries) {
      if (map.put(e.index(), e) != null) {
        throw new IllegalArgumentException("two entries with index " + e.index());
      }
    }
    return new DefmtTable(
        map,
        timestampFormat.map(f -> TableEntry.of(0, Tag.TIMESTAMP, f)),
        Objects.requireNonNull(encoding, "encoding"),
        "4",
        Map.of());
  }

  /**
   * Reads the table from a firmware ELF, as defmt-decoder's {@code elf2table} does.
   *
   * @return empty when the firmware does not use defmt (no {@code .defmt} section, no version)
   * @throws DefmtException naming the symbol or section when the metadata is unusable
   */
  public static Optional<DefmtTable> fromElf(ElfFile elf) {
    String version = null;
    String encodingName = null;
    for (ElfSymbol s : elf.symbols()) {
      String name = s.name();
      Optional<String> v = versionOf(name);
      if (v.isPresent()) {
        if (version != null && !version.equals(v.get())) {
          throw new DefmtException(
              elf.name() + ": multiple defmt versions in use: " + version + " and " + v.get());
        }
        version = v.get();
      }
      if (name.startsWith(ENCODING_PREFIX)) {
        String e = name.substring(ENCODING_PREFIX.length());
        if (encodingName != null && !encodingName.equals(e)) {
          throw new DefmtException(
              elf.name() + ": multiple defmt encodings in use: " + encodingName + " and " + e);
        }
        encodingName = e;
      }
    }
    Set<Integer> sections = new HashSet<>();
    for (Section s : elf.sections()) {
      if (s.name().equals(".defmt") || s.name().startsWith(".defmt.")) {
        sections.add(s.index());
      }
    }
    if (sections.isEmpty()) {
      if (version == null) {
        return Optional.empty();
      }
      throw new DefmtException(
          elf.name()
              + ": defmt version symbol found, but no .defmt section (check the linker script)");
    }
    if (version == null) {
      throw new DefmtException(
          elf.name() + ": .defmt section found, but no `_defmt_version_ = N` symbol");
    }
    if (!SUPPORTED_VERSIONS.contains(version)) {
      throw new DefmtException(
          elf.name()
              + ": defmt wire format version mismatch: firmware uses "
              + version
              + ", hilt reads "
              + String.join(" and ", SUPPORTED_VERSIONS));
    }
    if (encodingName == null) {
      throw new DefmtException(elf.name() + ": no `_defmt_encoding_ = raw|rzcobs` symbol");
    }
    String en = encodingName;
    Encoding encoding =
        Encoding.parse(en)
            .orElseThrow(
                () ->
                    new DefmtException(
                        elf.name() + ": unknown defmt encoding `" + en + "` (raw, rzcobs)"));

    ObjectMapper json = new ObjectMapper();
    Map<Long, TableEntry> entries = new HashMap<>();
    TableEntry timestamp = null;
    Map<String, List<Flag>> bitflags = new HashMap<>();
    for (ElfSymbol s : elf.symbols()) {
      String name = s.name();
      if (name.isEmpty()
          || name.startsWith("$")
          || name.startsWith("_defmt")
          || name.startsWith("__DEFMT_MARKER")
          || !sections.contains(s.sectionIndex())) {
        continue;
      }
      JsonNode node;
      try {
        node = json.readTree(name);
      } catch (JsonProcessingException e) {
        throw new DefmtException(
            elf.name() + ": .defmt symbol `" + name + "` is not JSON: " + e.getOriginalMessage(),
            e);
      }
      String tagText = field(elf, node, name, "tag");
      String data = field(elf, node, name, "data");
      String pkg = field(elf, node, name, "package");
      String disambiguator = field(elf, node, name, "disambiguator");
      Optional<String> crate =
          node.hasNonNull("crate_name")
              ? Optional.of(node.get("crate_name").asText())
              : Optional.empty();
      Optional<Tag> tag = Tag.fromSymbolTag(tagText);
      if (tag.isEmpty()) {
        continue; // another tool's symbol
      }
      TableEntry entry = new TableEntry(s.value(), tag.get(), data, name, pkg, crate);
      switch (tag.get()) {
        case TIMESTAMP -> {
          if (timestamp != null) {
            throw new DefmtException(
                elf.name()
                    + ": multiple timestamp formats: `"
                    + timestamp.format()
                    + "` and `"
                    + data
                    + "`");
          }
          timestamp = entry;
        }
        case BITFLAGS_VALUE -> {
          String[] parts = data.split("::", -1);
          if (parts.length != 3 || !parts[1].matches("[0-9]{1,18}")) {
            throw new DefmtException(
                elf.name() + ": malformed bitflags value `" + data + "` in symbol `" + name + "`");
          }
          String key =
              parts[0] + "@" + pkg + "@" + disambiguator + crate.map(c -> "@" + c).orElse("");
          bitflags
              .computeIfAbsent(key, k -> new ArrayList<>())
              .add(new Flag(parts[2], Long.parseLong(parts[1]), bitflagsValue(elf, s)));
        }
        default -> {
          TableEntry old = entries.put(s.value(), entry);
          if (old != null && !old.rawSymbol().equals(name)) {
            throw new DefmtException(
                String.format(
                    "%s: two .defmt symbols at index 0x%x: `%s` and `%s`",
                    elf.name(), s.value(), old.rawSymbol(), name));
          }
        }
      }
    }
    for (List<Flag> flags : bitflags.values()) {
      flags.sort(Comparator.comparingLong(Flag::index));
    }
    return Optional.of(
        new DefmtTable(entries, Optional.ofNullable(timestamp), encoding, version, bitflags));
  }

  private static Optional<String> versionOf(String name) {
    String n = name;
    if (n.startsWith("\"" + VERSION_PREFIX)) {
      n = n.substring(1);
    }
    if (!n.startsWith(VERSION_PREFIX)) {
      return Optional.empty();
    }
    n = n.substring(VERSION_PREFIX.length());
    if (n.endsWith("\"")) {
      n = n.substring(0, n.length() - 1);
    }
    return Optional.of(n);
  }

  private static String field(ElfFile elf, JsonNode node, String symbol, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new DefmtException(
          elf.name() + ": .defmt symbol `" + symbol + "` has no string field `" + field + "`");
    }
    return v.asText();
  }

  private static Arg.Uxx bitflagsValue(ElfFile elf, ElfSymbol s) {
    if (s.size() != BITFLAGS_VALUE_SIZE) {
      throw new DefmtException(
          elf.name() + ": bitflags value `" + s.name() + "` is " + s.size() + " bytes, not 16");
    }
    Section section = elf.sections().get(s.sectionIndex());
    byte[] data = elf.sectionData(section);
    long offset = s.value() - section.address();
    if (offset < 0 || offset + BITFLAGS_VALUE_SIZE > data.length) {
      throw new DefmtException(
          String.format(
              "%s: bitflags value `%s` at 0x%x lies outside section %s",
              elf.name(), s.name(), s.value(), section.name()));
    }
    long low = 0;
    long high = 0;
    for (int i = 7; i >= 0; i--) {
      low = low << 8 | (data[(int) offset + i] & 0xffL);
      high = high << 8 | (data[(int) offset + 8 + i] & 0xffL);
    }
    return new Arg.Uxx(low, high);
  }

  /** The entry with this index. */
  public Optional<TableEntry> entry(long index) {
    return Optional.ofNullable(entries.get(index));
  }

  /** Every entry, by index. */
  public List<TableEntry> entries() {
    List<TableEntry> out = new ArrayList<>(entries.values());
    out.sort(Comparator.comparingLong(TableEntry::index));
    return out;
  }

  /** The {@code defmt::timestamp!} format, when the firmware has one. */
  public Optional<TableEntry> timestamp() {
    return timestamp;
  }

  public Encoding encoding() {
    return encoding;
  }

  /** The wire format version ({@code 3} or {@code 4}). */
  public String version() {
    return version;
  }

  /**
   * Decodes one frame from the start of {@code bytes[offset, offset + length)}: the u16 index, the
   * timestamp's arguments when the table has a timestamp, then the message's arguments. Never
   * throws for any input bytes.
   */
  public FrameResult decode(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    return new FrameDecoder(this, bytes, offset, length).decodeFrame();
  }

  public FrameResult decode(byte[] frame) {
    return decode(frame, 0, frame.length);
  }

  List<Flag> bitflags(String key) {
    return bitflags.getOrDefault(key, List.of());
  }

  boolean hasBitflags(String key) {
    return bitflags.containsKey(key);
  }

  FormatString parsed(TableEntry entry) {
    Object p = parsedOrError(entry.format());
    if (p instanceof FormatString f) {
      return f;
    }
    throw new DecodeFailure(
        false, "format string of table index " + entry.index() + " `" + entry.format() + "`: " + p);
  }

  FormatString parsedText(String text) {
    Object p = parsedOrError(text);
    if (p instanceof FormatString f) {
      return f;
    }
    throw new DecodeFailure(false, "format string `" + text + "`: " + p);
  }

  private Object parsedOrError(String text) {
    return parsed.computeIfAbsent(
        text,
        t -> {
          try {
            return FormatString.parse(t);
          } catch (IllegalArgumentException e) {
            return e.getMessage();
          }
        });
  }
}
