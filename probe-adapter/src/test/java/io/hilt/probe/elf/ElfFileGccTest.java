package io.hilt.probe.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads a gcc-built Cortex-M0+ ELF and checks it against what binutils say about the same file. */
class ElfFileGccTest {
  @TempDir static Path dir;
  static Path elfPath;
  static ElfFile elf;

  @BeforeAll
  static void build() {
    elfPath = GccElf.build(dir);
    elf = ElfFile.read(elfPath);
  }

  @Test
  void readsHeaderOfArmExecutable() {
    assertThat(elf.name()).isEqualTo(elfPath.toString());
    assertThat(elf.header().machine()).isEqualTo(ElfFile.EM_ARM);
    assertThat(elf.header().type()).isEqualTo(ElfHeader.ET_EXEC);
    String readelf = GccElf.binutils("readelf", "-W", "-h", elfPath.toString());
    assertThat(readelf)
        .contains("Entry point address:               0x" + Long.toHexString(elf.header().entry()))
        .contains("Flags:                             0x" + Long.toHexString(elf.header().flags()));
  }

  @Test
  void sectionsMatchReadelf() {
    String out = GccElf.binutils("readelf", "-W", "-S", elfPath.toString());
    List<String> expected =
        matches(
                out,
                "^\\s*\\[\\s*(\\d+)\\]\\s+(\\S*)\\s+(\\S+)\\s+([0-9a-f]{8})\\s+([0-9a-f]{6,8})\\s+([0-9a-f]{6,8})\\s")
            .map(
                m ->
                    fields(
                        m.group(1), m.group(2), hex(m.group(4)), hex(m.group(5)), hex(m.group(6))))
            .toList();
    List<String> actual =
        elf.sections().stream()
            .map(s -> fields(s.index(), s.name(), s.address(), s.offset(), s.size()))
            .toList();
    assertThat(expected).hasSizeGreaterThan(10);
    assertThat(actual).isEqualTo(expected);
    assertThat(elf.section(".bss").orElseThrow().type()).isEqualTo(Section.SHT_NOBITS);
    assertThat(elf.section(".text").orElseThrow().isAllocated()).isTrue();
    assertThat(elf.section(".comment").orElseThrow().isAllocated()).isFalse();
  }

  @Test
  void loadSegmentsMatchReadelfAndUsePhysicalAddresses() {
    String out = GccElf.binutils("readelf", "-W", "-l", elfPath.toString());
    List<String> expected =
        matches(
                out,
                "^\\s*LOAD\\s+0x(\\p{XDigit}+)\\s+0x(\\p{XDigit}+)\\s+0x(\\p{XDigit}+)\\s+0x(\\p{XDigit}+)\\s+0x(\\p{XDigit}+)")
            .map(
                m ->
                    fields(
                        hex(m.group(1)),
                        hex(m.group(2)),
                        hex(m.group(3)),
                        hex(m.group(4)),
                        hex(m.group(5))))
            .toList();
    List<String> actual =
        elf.programHeaders().stream()
            .filter(p -> p.type() == ProgramHeader.PT_LOAD)
            .map(
                p ->
                    fields(
                        p.offset(),
                        p.virtualAddress(),
                        p.physicalAddress(),
                        p.fileSize(),
                        p.memorySize()))
            .toList();
    assertThat(actual).hasSize(2).isEqualTo(expected);

    // .data runs in RAM but is stored in flash right after .rodata
    Section data = elf.section(".data").orElseThrow();
    LoadSegment dataSegment =
        elf.loadSegments().stream()
            .filter(s -> s.virtualAddress() == data.address())
            .findFirst()
            .orElseThrow();
    assertThat(dataSegment.virtualAddress()).isEqualTo(0x20000000L);
    assertThat(dataSegment.physicalAddress())
        .isEqualTo(elf.symbol("_sidata").orElseThrow().value())
        .isLessThan(0x40000L);
    assertThat(dataSegment.data()).isEqualTo(elf.sectionData(data));
    // the .bss zero fill is counted in memsz but not carried as data
    assertThat(dataSegment.size()).isEqualTo(data.size());
    assertThat(dataSegment.zeroFillSize()).isEqualTo(elf.section(".bss").orElseThrow().size());
    long counterOffset = elf.symbol("counter").orElseThrow().value() - data.address();
    assertThat(
            ByteBuffer.wrap(dataSegment.data())
                .order(ByteOrder.LITTLE_ENDIAN)
                .getInt((int) counterOffset))
        .isEqualTo(0x11223344);
  }

  @Test
  void flashImageFromLoadSegmentsEqualsObjcopyBinary() throws Exception {
    Path bin = dir.resolve("program.bin");
    GccElf.binutils("objcopy", "-O", "binary", elfPath.toString(), bin.toString());
    List<LoadSegment> segments =
        elf.loadSegments().stream()
            .sorted(Comparator.comparingLong(LoadSegment::physicalAddress))
            .toList();
    long base = segments.get(0).physicalAddress();
    ByteArrayOutputStream image = new ByteArrayOutputStream();
    for (LoadSegment s : segments) {
      while (base + image.size() < s.physicalAddress()) {
        image.write(0);
      }
      image.writeBytes(s.data());
    }
    assertThat(image.toByteArray()).isEqualTo(Files.readAllBytes(bin));
  }

  @Test
  void symbolsMatchReadelf() {
    String out = GccElf.binutils("readelf", "-W", "-s", elfPath.toString());
    List<String> expected =
        matches(
                out,
                "^\\s*(\\d+): ([0-9a-f]{8})\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+\\S+\\s+(\\S+)(?: (.*))?$")
            .filter(m -> !m.group(1).equals("0"))
            .map(
                m ->
                    fields(
                        hex(m.group(2)),
                        m.group(3).startsWith("0x")
                            ? hex(m.group(3).substring(2))
                            : Long.parseLong(m.group(3)),
                        m.group(4),
                        m.group(5),
                        m.group(6),
                        m.group(7) == null ? "" : m.group(7)))
            .toList();
    List<String> actual =
        elf.symbols().stream()
            .map(
                s ->
                    fields(
                        s.rawValue(),
                        s.size(),
                        typeName(s.type()),
                        bindName(s.binding()),
                        sectionIndexName(s.sectionIndex()),
                        // readelf shows a section symbol (which has no name) by its section's name
                        s.type() == ElfSymbol.STT_SECTION
                            ? elf.sections().get(s.sectionIndex()).name()
                            : s.name()))
            .toList();
    assertThat(expected).hasSizeGreaterThan(20);
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void symbolValuesMatchNmWithThumbBitCleared() {
    String out = GccElf.binutils("nm", "-S", "--defined-only", elfPath.toString());
    Pattern line = Pattern.compile("^([0-9a-f]{8}) ([0-9a-f]{8}) (\\S) (\\S+)$", Pattern.MULTILINE);
    Matcher m = line.matcher(out);
    int checked = 0;
    while (m.find()) {
      ElfSymbol symbol = elf.symbol(m.group(4)).orElseThrow();
      assertThat(symbol.value()).as(m.group(4)).isEqualTo(Long.parseLong(m.group(1), 16));
      assertThat(symbol.size()).as(m.group(4)).isEqualTo(Long.parseLong(m.group(2), 16));
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(8);
    ElfSymbol reset = elf.symbol("Reset_Handler").orElseThrow();
    assertThat(reset.thumb()).isTrue();
    assertThat(reset.value() & 1).isZero();
    assertThat(reset.rawValue()).isEqualTo(elf.header().entry());
    assertThat(elf.symbol("table").orElseThrow().thumb()).isFalse();
  }

  @Test
  void symbolizesAddressesInsideFunctionsAndObjects() {
    long compute = elf.symbol("compute").orElseThrow().value();
    long helper = elf.symbol("helper").orElseThrow().value();
    long buffer = elf.symbol("buffer").orElseThrow().value();
    assertThat(elf.symbolize(compute)).hasValue(new SymbolicAddress("compute", 0));
    assertThat(elf.symbolize(compute + 6).orElseThrow().toString()).isEqualTo("compute+0x6");
    assertThat(elf.symbolize(helper + 2).orElseThrow().toString()).isEqualTo("helper+0x2");
    assertThat(elf.symbolize(buffer + 63).orElseThrow().toString()).isEqualTo("buffer+0x3f");
    assertThat(elf.symbolize(buffer + 64)).isEmpty();
    assertThat(elf.symbolize(elf.symbol("_estack").orElseThrow().value())).isEmpty();
  }

  /** Every match of a multi-line {@code regex} in a tool's {@code output}. */
  private static Stream<MatchResult> matches(String output, String regex) {
    return Pattern.compile(regex, Pattern.MULTILINE).matcher(output).results();
  }

  /** One row of a table to compare: the values separated by single spaces. */
  private static String fields(Object... values) {
    return Stream.of(values).map(String::valueOf).collect(Collectors.joining(" "));
  }

  private static long hex(String digits) {
    return Long.parseLong(digits, 16);
  }

  private static String typeName(int type) {
    return switch (type) {
      case ElfSymbol.STT_NOTYPE -> "NOTYPE";
      case ElfSymbol.STT_OBJECT -> "OBJECT";
      case ElfSymbol.STT_FUNC -> "FUNC";
      case ElfSymbol.STT_SECTION -> "SECTION";
      case ElfSymbol.STT_FILE -> "FILE";
      default -> "type" + type;
    };
  }

  private static String bindName(int binding) {
    return switch (binding) {
      case ElfSymbol.STB_LOCAL -> "LOCAL";
      case ElfSymbol.STB_GLOBAL -> "GLOBAL";
      case ElfSymbol.STB_WEAK -> "WEAK";
      default -> "bind" + binding;
    };
  }

  private static String sectionIndexName(int index) {
    return switch (index) {
      case ElfSymbol.SHN_UNDEF -> "UND";
      case ElfSymbol.SHN_ABS -> "ABS";
      default -> Integer.toString(index);
    };
  }
}
