package io.hilt.probe.defmt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.elf.ElfSymbol;
import io.hilt.probe.elf.GccElf;
import io.hilt.probe.elf.Section;
import io.hilt.probe.testsupport.CrossCompiler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table read from an ELF that arm-none-eabi-gcc built from C ({@code defmt/defmt-demo.c}):
 * JSON-named symbols in {@code .defmt}, version and encoding symbols, a timestamp, bitflags, and
 * frames whose indices the linker filled in.
 */
class DefmtElfTest {
  @TempDir Path dir;

  private Path build(String... defines) {
    return buildWith(CrossCompiler.gcc(dir), "defmt-demo.c", defines);
  }

  private Path buildWith(CrossCompiler compiler, String sourceName, String... defines) {
    Path source = copy(sourceName);
    Path script = copy("defmt-demo.ld");
    String elf = "demo" + String.join("", defines).replaceAll("[^A-Za-z0-9]", "") + ".elf";
    List<String> options = new ArrayList<>(List.of("-O1", "-g"));
    options.addAll(List.of(defines));
    return compiler.link("cortex-m3", script.toString(), options, List.of(source.toString()), elf);
  }

  @Test
  void readsTheTableGccAndLdProduced() {
    DefmtTable table = DefmtTable.fromElf(ElfFile.read(build())).orElseThrow();
    assertThat(table.version()).isEqualTo("4");
    assertThat(table.encoding()).isEqualTo(Encoding.RZCOBS);
    assertThat(table.timestamp()).map(TableEntry::format).contains("{=u32:us}");
    assertThat(table.entries())
        .extracting(TableEntry::tag)
        .containsExactly(Tag.INFO, Tag.DERIVED, Tag.WARN, Tag.STR, Tag.ERROR, Tag.PRINTLN);
    assertThat(table.entries())
        .extracting(TableEntry::index)
        .containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
    TableEntry boot = table.entries().get(0);
    assertThat(boot.format()).isEqualTo("booted in {=u16} ms, reset reason {=?}");
    assertThat(boot.crateName()).contains("demo");
    assertThat(boot.packageName()).isEqualTo("hilt-demo");
    assertThat(boot.rawSymbol()).startsWith("{\"package\":\"hilt-demo\",\"tag\":\"defmt_info\"");
  }

  @Test
  void decodesFramesWhoseIndicesTheLinkerResolved() {
    ElfFile elf = ElfFile.read(build());
    DefmtTable table = DefmtTable.fromElf(elf).orElseThrow();
    byte[] frames = symbolBytes(elf, "demo_frames", "demo_frames_end");
    List<String> lines = new ArrayList<>();
    int at = 0;
    while (at < frames.length) {
      FrameResult r = table.decode(frames, at, frames.length - at);
      assertThat(r).isInstanceOf(FrameResult.Decoded.class);
      FrameResult.Decoded d = (FrameResult.Decoded) r;
      lines.add(d.frame().display());
      at += d.consumed();
    }
    List<String> expected =
        List.of(
            "1.500000 INFO booted in 250 ms, reset reason Watchdog",
            "2.000000 WARN temperature -5 C on sensor-a",
            "3.000000 ERROR status READY | ERROR",
            "4.000000 plain ok");
    assertThat(lines).isEqualTo(expected);

    // the same frames as the target sends them: rzCOBS, a leading separator, any chunking
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.write(0);
    at = 0;
    while (at < frames.length) {
      int n = ((FrameResult.Decoded) table.decode(frames, at, frames.length - at)).consumed();
      wire.writeBytes(Rzcobs.encode(Arrays.copyOfRange(frames, at, at + n)));
      at += n;
    }
    byte[] stream = wire.toByteArray();
    DefmtStreamDecoder decoder = new DefmtStreamDecoder(table);
    List<String> streamed = new ArrayList<>();
    for (int i = 0; i < stream.length; i += 5) {
      decoder
          .feed(stream, i, Math.min(5, stream.length - i))
          .forEach(e -> streamed.add(e.display()));
    }
    assertThat(streamed).isEqualTo(expected);
  }

  @Test
  void gccRecordsEachInternedStringsLineUnderItsJsonLinkageName() {
    // what a locator over DWARF variables (SourceLocator.byLinkageName) relies on for C firmware
    Path elf = build();
    DefmtTable table = DefmtTable.fromElf(ElfFile.read(elf)).orElseThrow();
    String info = GccElf.binutils("readelf", "--debug-dump=info", elf.toString());
    String source = resourceText("defmt-demo.c");
    int internLine =
        source.substring(0, source.indexOf("DEFMT_INTERN(boot,")).split("\n", -1).length;
    TableEntry boot = table.entries().get(0);
    String escaped = boot.rawSymbol().replace("\"", "\\\"");
    int at = info.indexOf("DW_AT_linkage_name");
    int found = -1;
    while (at >= 0) {
      int lineEnd = info.indexOf('\n', at);
      if (info.substring(at, lineEnd).contains(escaped)) {
        found = at;
        break;
      }
      at = info.indexOf("DW_AT_linkage_name", lineEnd);
    }
    assertThat(found).as("a DW_AT_linkage_name with %s", escaped).isPositive();
    // the label is recorded as written: quoted, with escaped quotes
    assertThat(info.substring(found, info.indexOf('\n', found))).contains("\"{\\\"package\\\"");
    String die = info.substring(info.lastIndexOf("DW_TAG_variable", found), found);
    assertThat(die)
        .contains("DW_AT_name")
        .contains(": boot")
        .contains("DW_AT_decl_line   : " + internLine);
  }

  @Test
  void locationsComeFromTheDebugInfoOfEachInternedString() {
    ElfFile elf = ElfFile.read(build());
    DefmtTable table = DefmtTable.fromElf(elf).orElseThrow();
    SourceLocator locator = DefmtLocations.read(elf, table);
    String source = resourceText("defmt-demo.c");
    for (TableEntry e : table.entries()) {
      String name = e.rawSymbol().replaceAll(".*\"disambiguator\":\"([a-z]+)\".*", "$1");
      int line =
          source.substring(0, source.indexOf("DEFMT_INTERN(" + name + ",")).split("\n", -1).length;
      Optional<SourceLocation> at = locator.locate(e.index());
      assertThat(at).as("location of %s", name).isPresent();
      assertThat(at.get().line()).as("line of %s", name).isEqualTo(line);
      assertThat(at.get().file()).endsWith("/defmt-demo.c");
      assertThat(Path.of(at.get().file())).isAbsolute();
      assertThat(at.get().module()).isEmpty(); // C has no namespaces
    }
    // end to end: records carry the file and line
    byte[] frames = symbolBytes(elf, "demo_frames", "demo_frames_end");
    byte[] wire = new byte[0];
    int at = 0;
    while (at < frames.length) {
      int n = ((FrameResult.Decoded) table.decode(frames, at, frames.length - at)).consumed();
      byte[] encoded = Rzcobs.encode(Arrays.copyOfRange(frames, at, at + n));
      byte[] next = Arrays.copyOf(wire, wire.length + encoded.length);
      System.arraycopy(encoded, 0, next, wire.length, encoded.length);
      wire = next;
      at += n;
    }
    List<DefmtEvent> events =
        new DefmtStreamDecoder(table, LevelFilter.parse("warn"), Optional.of(locator), 1024)
            .feed(wire);
    assertThat(events).hasSize(3); // info filtered out, println kept
    LogRecord temp = (LogRecord) events.get(0);
    assertThat(temp.text()).isEqualTo("temperature -5 C on sensor-a");
    assertThat(temp.location().map(l -> l.fileName(1) + ":" + l.line()))
        .contains(
            "defmt-demo.c:"
                + (source
                    .substring(0, source.indexOf("DEFMT_INTERN(temp,"))
                    .split("\n", -1)
                    .length));
  }

  @Test
  void damagedDebugInfoFailsOnlyWithADefmtException() throws IOException {
    byte[] original = Files.readAllBytes(build());
    ElfFile clean = ElfFile.parse(original, "demo.elf");
    DefmtTable table = DefmtTable.fromElf(clean).orElseThrow();
    List<Section> debug =
        clean.sections().stream().filter(s -> s.name().startsWith(".debug_")).toList();
    java.util.Random random = new java.util.Random(99);
    int failures = 0;
    for (int i = 0; i < 3000; i++) {
      byte[] bytes = original.clone();
      Section target = debug.get(random.nextInt(debug.size()));
      for (int k = 0; k < 1 + random.nextInt(4); k++) {
        int at = (int) (target.offset() + random.nextInt((int) target.size()));
        bytes[at] = random.nextInt(3) == 0 ? (byte) 0xff : (byte) random.nextInt(256);
      }
      ElfFile elf = ElfFile.parse(bytes, "damaged.elf");
      try {
        SourceLocator locator = DefmtLocations.read(elf, table);
        table.entries().forEach(e -> locator.locate(e.index()));
      } catch (DefmtException expected) {
        assertThat(expected.getMessage()).contains("damaged.elf: .debug_");
        failures++;
      }
    }
    assertThat(failures).isPositive();
  }

  @Test
  void enclosingNamespacesBecomeTheModulePath() {
    ElfFile elf = ElfFile.read(buildWith(CrossCompiler.gxx(dir), "defmt-namespaces.cpp"));
    DefmtTable table = DefmtTable.fromElf(elf).orElseThrow();
    assertThat(table.encoding()).isEqualTo(Encoding.RAW);
    SourceLocator locator = DefmtLocations.read(elf, table);
    java.util.Map<String, Optional<String>> modules = new java.util.TreeMap<>();
    for (TableEntry e : table.entries()) {
      modules.put(e.format(), locator.locate(e.index()).orElseThrow().module());
    }
    assertThat(modules)
        .containsEntry("top level", Optional.empty())
        .containsEntry("link down", Optional.of("app::net"))
        .containsEntry("loop {=u32}", Optional.of("app"));
  }

  @Test
  void withoutDebugInfoThereAreNoLocations() {
    ElfFile elf = ElfFile.read(build("-g0"));
    DefmtTable table = DefmtTable.fromElf(elf).orElseThrow();
    assertThat(DefmtLocations.read(elf, table).locate(table.entries().get(0).index())).isEmpty();
  }

  @Test
  void firmwareWithoutDefmtHasNoTable() {
    assertThat(DefmtTable.fromElf(ElfFile.read(GccElf.build(dir)))).isEmpty();
  }

  @Test
  void anUnsupportedWireVersionIsRefused() {
    ElfFile elf = ElfFile.read(build("-DDEFMT_VERSION=5"));
    assertThatThrownBy(() -> DefmtTable.fromElf(elf))
        .isInstanceOf(DefmtException.class)
        .hasMessageContaining("firmware uses 5, hilt reads 3 and 4")
        .hasMessageContaining(elf.name());
  }

  @Test
  void aDefmtSymbolThatIsNotJsonIsNamed() {
    ElfFile elf = ElfFile.read(build("-DBAD_SYMBOL"));
    assertThatThrownBy(() -> DefmtTable.fromElf(elf))
        .isInstanceOf(DefmtException.class)
        .hasMessageContaining(".defmt symbol `not_json` is not JSON");
  }

  private static byte[] symbolBytes(ElfFile elf, String start, String end) {
    ElfSymbol s = elf.symbol(start).orElseThrow();
    ElfSymbol e = elf.symbol(end).orElseThrow();
    Section section = elf.sections().get(s.sectionIndex());
    byte[] data = elf.sectionData(section);
    int from = (int) (s.value() - section.address());
    return Arrays.copyOfRange(data, from, from + (int) (e.value() - s.value()));
  }

  private String resourceText(String name) {
    try {
      return Files.readString(copy(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path copy(String name) {
    return CrossCompiler.copyResource(getClass(), "/defmt/" + name, dir.resolve(name));
  }
}
