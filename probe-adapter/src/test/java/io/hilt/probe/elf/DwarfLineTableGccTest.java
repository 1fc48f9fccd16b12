package io.hilt.probe.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.testsupport.CrossCompiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads the line tables gcc 12 and gas write (DWARF 2 to 5, -O0 and -O2) and compares {@link
 * DwarfLineTable#lookup} with arm-none-eabi-addr2line at every halfword of {@code .text}.
 */
class DwarfLineTableGccTest {
  @TempDir Path dir;

  static Stream<Arguments> builds() {
    // plain -g: gas writes the line table (version 3 for any -gdwarf-N with this binutils);
    // -gno-as-loc-support: gcc writes it itself, in the version asked for
    return Stream.of(
        Arguments.of(3, List.of("-O0", "-g")),
        Arguments.of(3, List.of("-O2", "-g")),
        Arguments.of(2, List.of("-O2", "-gdwarf-2", "-gno-as-loc-support")),
        Arguments.of(4, List.of("-O0", "-gdwarf-4", "-gno-as-loc-support")),
        Arguments.of(4, List.of("-O2", "-gdwarf-4", "-gno-as-loc-support")),
        Arguments.of(5, List.of("-O0", "-gdwarf-5", "-gno-as-loc-support")),
        Arguments.of(5, List.of("-O2", "-gdwarf-5", "-gno-as-loc-support")),
        Arguments.of(5, List.of("-O0", "-gdwarf-5", "-Wa,--gdwarf-5")),
        Arguments.of(5, List.of("-O2", "-gdwarf-5", "-Wa,--gdwarf-5")));
  }

  @ParameterizedTest(name = "DWARF {0} line table from gcc {1}")
  @MethodSource("builds")
  void lookupAgreesWithAddr2lineAtEveryHalfwordOfText(int version, List<String> options) {
    Path elfPath = DwarfTestProgram.build(dir, "p.elf", options.toArray(String[]::new));
    ElfFile elf = ElfFile.read(elfPath);
    assertThat(lineTableVersions(elf)).containsOnly(version);
    DwarfLineTable table = DwarfLineTable.read(elf);
    assertThat(table.isEmpty()).isFalse();

    Section text = elf.section(".text").orElseThrow();
    List<Long> addresses = new ArrayList<>();
    for (long a = text.address(); a < text.address() + text.size() + 8; a += 2) {
      addresses.add(a);
    }
    List<String> expected = addr2line(elfPath, addresses);
    List<String> actual =
        addresses.stream()
            .map(a -> table.lookup(a).map(s -> s.file() + ":" + s.line()).orElse("??"))
            .toList();
    Map<Long, List<DecodedRow>> decoded = decodedLines(elfPath);
    int statementPreferred = 0;
    for (int i = 0; i < addresses.size(); i++) {
      long address = addresses.get(i);
      if (actual.get(i).equals(expected.get(i))) {
        continue;
      }
      // the only allowed difference: rows sharing an address end with a non-statement row, which
      // addr2line takes and we skip for the last statement row (as GDB does)
      DwarfLineTable.Range range =
          table.ranges().stream()
              .filter(r -> r.contains(address))
              .reduce((a, b) -> b)
              .orElseThrow(
                  () ->
                      new AssertionError(
                          String.format("0x%x: addr2line %s, we have nothing", address, expected)));
      List<DecodedRow> rows = decoded.get(range.start());
      assertThat(rows).as("decoded rows at 0x%x", range.start()).isNotNull();
      DecodedRow last = rows.get(rows.size() - 1);
      DecodedRow lastStatement =
          rows.stream().filter(DecodedRow::statement).reduce((a, b) -> b).orElseThrow();
      assertThat(last.statement()).as("0x%x", address).isFalse();
      assertThat(expected.get(i)).as("0x%x", address).endsWith(":" + last.line());
      assertThat(actual.get(i)).as("0x%x", address).endsWith(":" + lastStatement.line());
      assertThat(range.source().file()).endsWith(lastStatement.file());
      statementPreferred++;
    }
    if (options.contains("-O2")) {
      // gcc -O2 ends divide's rows with a non-statement row for the closing brace
      assertThat(statementPreferred).isPositive();
    }
    assertThat(actual).contains("src/faults.c:" + DwarfTestProgram.markers().get("ro_write"));
    assertThat(actual).anyMatch(s -> s.startsWith("lib/util.c:"));
    if (options.contains("-O0")) {
      // at -O2 the inlined twice() leaves no address of its own
      assertThat(actual).anyMatch(s -> s.startsWith("include/util.h:"));
    }
    assertThat(actual.stream().filter(s -> !s.equals("??")).count())
        .isGreaterThan(addresses.size() / 2);
  }

  @Test
  void storeInstructionOfRoWriteMapsToItsSourceLine() {
    Path elfPath = DwarfTestProgram.build(dir, "p.elf", "-O2", "-g");
    ElfFile elf = ElfFile.read(elfPath);
    ElfSymbol roWrite = elf.symbol("ro_write").orElseThrow();
    SourceLine line = DwarfLineTable.read(elf).lookup(roWrite.value()).orElseThrow();
    assertThat(line.file()).isEqualTo("src/faults.c");
    // at -O2 ro_write is movw; str; bx lr, all on the marker line
    assertThat(line.line()).isEqualTo(DwarfTestProgram.markers().get("ro_write"));
    assertThat(line.column()).isPositive();
  }

  /** Builds the test program in {@code dir} naming both C sources by their absolute paths. */
  private Path buildFromAbsolutePaths(String linkerScript, List<String> options, String elf) {
    DwarfTestProgram.copySources(dir);
    String root = dir.toAbsolutePath().toString();
    return CrossCompiler.gcc(dir)
        .link(
            "cortex-m3",
            linkerScript,
            options,
            List.of(root + "/src/faults.c", root + "/lib/util.c"),
            elf);
  }

  @Test
  void filePrefixMapOutputReadsAsCompiledRelativePath() {
    String root = dir.toAbsolutePath().toString();
    Path elfPath =
        buildFromAbsolutePaths(
            root + "/flash-ram.ld",
            List.of("-O2", "-g", "-ffile-prefix-map=" + root + "=.", "-I" + root + "/include"),
            root + "/m.elf");
    ElfFile elf = ElfFile.read(elfPath);
    DwarfLineTable table = DwarfLineTable.read(elf);
    long main = elf.symbol("main").orElseThrow().value();
    assertThat(table.lookup(main).orElseThrow().file()).isEqualTo("src/faults.c");
    assertThat(table.ranges()).allMatch(r -> !r.source().file().startsWith(root));
  }

  @Test
  void absoluteSourcePathsStayAbsolute() {
    String root = dir.toAbsolutePath().toString();
    Path elfPath =
        buildFromAbsolutePaths(
            "flash-ram.ld",
            List.of("-O1", "-gdwarf-5", "-gno-as-loc-support", "-Iinclude"),
            "a.elf");
    ElfFile elf = ElfFile.read(elfPath);
    long scale = elf.symbol("scale").orElseThrow().value();
    assertThat(DwarfLineTable.read(elf).lookup(scale).orElseThrow().file())
        .isEqualTo(root + "/lib/util.c");
  }

  @Test
  void readsDwarf5FileTableWithMd5Checksums() {
    Path elfPath = DwarfTestProgram.buildAssemblyWithMd5(dir);
    ElfFile elf = ElfFile.read(elfPath);
    assertThat(lineTableVersions(elf)).containsOnly(5);
    String raw = DwarfTestProgram.binutils(dir, "objdump", List.of("--dwarf=rawline", "start.elf"));
    assertThat(raw).contains("MD5");
    DwarfLineTable table = DwarfLineTable.read(elf);
    long start = elf.symbol("start").orElseThrow().value();
    assertThat(table.lookup(start)).contains(new SourceLine("src/start.s", 10, 3));
    assertThat(table.lookup(start + 2)).contains(new SourceLine("src/start.s", 11, 5));
    assertThat(table.lookup(start + 4)).contains(new SourceLine("src/start.s", 12, 1));
    assertThat(table.lookup(start + 6)).isEmpty();
    assertThat(table.lookup(start - 2)).isEmpty();
  }

  @Test
  void malformedLineTableFailsReadButReadsAsEmptyWithTheErrorAsReason() throws Exception {
    Path elfPath = DwarfTestProgram.build(dir, "bad.elf", "-O2", "-g");
    byte[] bytes = Files.readAllBytes(elfPath);
    Section lines = ElfFile.parse(bytes, "bad.elf").section(".debug_line").orElseThrow();
    bytes[(int) lines.offset() + 4] = 9;
    ElfFile bad = ElfFile.parse(bytes, "bad.elf");
    assertThatThrownBy(() -> DwarfLineTable.read(bad))
        .isInstanceOf(ElfException.class)
        .hasMessageStartingWith("bad.elf: .debug_line: ")
        .hasMessageContaining("version 9 is not DWARF 2 to 5")
        .hasMessageContaining("(at offset 0x4)");
    DwarfLineTable table = DwarfLineTable.readOrEmpty(bad);
    assertThat(table.isEmpty()).isTrue();
    assertThat(table.emptyReason().orElseThrow()).contains("version 9");
  }

  @Test
  void fileWithoutDebugInfoGivesEmptyTableWithReason() {
    Path elfPath = DwarfTestProgram.build(dir, "nodebug.elf", "-O2");
    DwarfLineTable table = DwarfLineTable.read(ElfFile.read(elfPath));
    assertThat(table.isEmpty()).isTrue();
    assertThat(table.emptyReason().orElseThrow()).contains("no .debug_line section");
    assertThat(table.lookup(0x10)).isEmpty();
    assertThat(table.ranges()).isEmpty();
  }

  static List<Integer> lineTableVersions(ElfFile elf) {
    byte[] data = elf.sectionData(elf.section(".debug_line").orElseThrow());
    List<Integer> versions = new ArrayList<>();
    int at = 0;
    while (at < data.length) {
      long length = ElfBuilder.u32(data, at);
      versions.add(ElfBuilder.u16(data, at + 4));
      at += 4 + (int) length;
    }
    return versions;
  }

  record DecodedRow(String file, int line, boolean statement) {}

  /** objdump's decoding of the line programs: the rows at each address, in program order. */
  private Map<Long, List<DecodedRow>> decodedLines(Path elf) {
    String out =
        DwarfTestProgram.binutils(dir, "objdump", List.of("--dwarf=decodedline", elf.toString()));
    Pattern row =
        Pattern.compile("^(\\S+)\\s+(\\d+)\\s+(0x[0-9a-f]+)(?:\\s+(\\d+))?(?:\\s+(x))?\\s*$");
    Map<Long, List<DecodedRow>> rows = new HashMap<>();
    for (String line : out.split("\n")) {
      Matcher m = row.matcher(line);
      if (m.matches()) {
        rows.computeIfAbsent(Long.decode(m.group(3)), a -> new ArrayList<>())
            .add(new DecodedRow(m.group(1), Integer.parseInt(m.group(2)), m.group(5) != null));
      }
    }
    assertThat(rows).isNotEmpty();
    return rows;
  }

  private List<String> addr2line(Path elf, List<Long> addresses) {
    List<String> args = new ArrayList<>(List.of("-e", elf.toString()));
    addresses.forEach(a -> args.add("0x" + Long.toHexString(a)));
    String out = DwarfTestProgram.binutils(dir, "addr2line", args);
    String prefix = dir.toAbsolutePath() + "/";
    List<String> lines = new ArrayList<>();
    for (String line : out.split("\n")) {
      String l = line.replaceAll(" \\(discriminator \\d+\\)$", "");
      if (l.startsWith("??") || l.endsWith(":0") || l.endsWith(":?")) {
        lines.add("??");
        continue;
      }
      if (l.startsWith(prefix)) {
        l = l.substring(prefix.length());
      }
      lines.add(DwarfLineTable.clean(l));
    }
    assertThat(lines).hasSameSizeAs(addresses);
    return lines;
  }
}
