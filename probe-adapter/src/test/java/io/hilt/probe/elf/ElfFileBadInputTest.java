package io.hilt.probe.elf;

import static io.hilt.probe.elf.ElfBuilder.putU16;
import static io.hilt.probe.elf.ElfBuilder.putU32;
import static io.hilt.probe.elf.ElfBuilder.sectionHeaderOffset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input gives an ElfException naming the file, the offset and the problem. */
class ElfFileBadInputTest {
  static final String NAME = "bad.elf";

  static byte[] good() {
    return ElfFileRiscvTest.riscvElf();
  }

  static byte[] patched(Consumer<byte[]> patch) {
    byte[] data = good();
    patch.accept(data);
    return data;
  }

  static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] data) {
    return assertThatThrownBy(() -> ElfFile.parse(data, NAME))
        .isInstanceOf(ElfException.class)
        .hasMessageStartingWith(NAME + ": ")
        .hasMessageContaining("offset 0x");
  }

  @Test
  void theUnpatchedFileIsFine() {
    assertThat(ElfFile.parse(good(), NAME).symbols()).isNotEmpty();
  }

  @Test
  void rejectsTextShowingItsFirstBytes() {
    assertRejected("hello world\n".getBytes(StandardCharsets.US_ASCII))
        .hasMessageContaining("not an ELF file")
        .hasMessageContaining("68 65 6c 6c 6f")
        .hasMessageContaining("7f 45 4c 46");
  }

  @Test
  void rejectsEmptyFile() {
    assertRejected(new byte[0])
        .hasMessageContaining("not an ELF file: it starts with (empty file)");
  }

  @Test
  void rejectsElf64() {
    assertRejected(patched(d -> d[4] = 2))
        .hasMessageContaining("ELF64")
        .hasMessageContaining("0x4");
  }

  @Test
  void rejectsBigEndian() {
    assertRejected(patched(d -> d[5] = 2)).hasMessageContaining("big-endian");
  }

  @Test
  void rejectsOtherMachinesNamingThem() {
    assertRejected(patched(d -> putU16(d, 18, 62)))
        .hasMessageContaining("e_machine is 62 (x86-64)")
        .hasMessageContaining("offset 0x12");
  }

  @Test
  void rejectsFileTruncatedInsideTheHeader() {
    assertRejected(Arrays.copyOf(good(), 30))
        .hasMessageContaining("truncated")
        .hasMessageContaining("52 bytes");
    assertRejected(Arrays.copyOf(good(), 10)).hasMessageContaining("truncated");
  }

  @Test
  void rejectsFileTruncatedInsideTheSectionHeaders() {
    byte[] data = good();
    assertRejected(Arrays.copyOf(data, data.length - 10))
        .hasMessageContaining("section header table")
        .hasMessageContaining("runs past the end of the file");
  }

  @Test
  void rejectsProgramHeadersOutsideTheFile() {
    assertRejected(patched(d -> putU32(d, 28, 0xfffffff0L)))
        .hasMessageContaining("program header table")
        .hasMessageContaining("0xfffffff0");
  }

  @Test
  void rejectsSegmentDataOutsideTheFile() {
    assertRejected(patched(d -> putU32(d, ElfBuilder.EHDR + 16, 0x100000)))
        .hasMessageContaining("segment 0")
        .hasMessageContaining("runs past the end");
  }

  @Test
  void rejectsLoadSegmentWithMemorySizeBelowFileSize() {
    assertRejected(patched(d -> putU32(d, ElfBuilder.EHDR + 20, 1)))
        .hasMessageContaining("p_memsz 0x1 is smaller than p_filesz 0x8");
  }

  @Test
  void rejectsSectionDataOutsideTheFile() {
    assertRejected(patched(d -> putU32(d, sectionHeaderOffset(d, 2) + 16, 0x7ffffff0L)))
        .hasMessageContaining("section 2")
        .hasMessageContaining("0x7ffffff0");
  }

  @Test
  void rejectsSectionNameStringTableIndexOutOfRange() {
    assertRejected(patched(d -> putU16(d, 50, 99)))
        .hasMessageContaining("e_shstrndx 99 is out of range (7 sections)")
        .hasMessageContaining("offset 0x32");
  }

  @Test
  void rejectsSectionNameOutsideItsStringTable() {
    assertRejected(patched(d -> putU32(d, sectionHeaderOffset(d, 1), 0x10000)))
        .hasMessageContaining("name of section 1")
        .hasMessageContaining("string index 65536 is outside its string table");
  }

  @Test
  void rejectsSymbolNameOutsideItsStringTable() {
    assertRejected(
            patched(
                d -> {
                  long symtab = ElfBuilder.u32(d, sectionHeaderOffset(d, 4) + 16);
                  putU32(d, (int) symtab + 16, 0x12345);
                }))
        .hasMessageContaining("name of symbol 1 in symbol table .symtab")
        .hasMessageContaining("string index 74565");
  }

  @Test
  void rejectsSymbolTableWithBadStringTableLink() {
    assertRejected(patched(d -> putU32(d, sectionHeaderOffset(d, 4) + 24, 40)))
        .hasMessageContaining("sh_link 40 is out of range");
    assertRejected(patched(d -> putU32(d, sectionHeaderOffset(d, 4) + 24, 1)))
        .hasMessageContaining("is not SHT_STRTAB");
  }

  @Test
  void rejectsUnterminatedStrings() {
    assertRejected(
            patched(
                d -> {
                  // the last byte of .shstrtab is the terminator of the last name
                  int shstrtab = sectionHeaderOffset(d, 6);
                  long end = ElfBuilder.u32(d, shstrtab + 16) + ElfBuilder.u32(d, shstrtab + 20);
                  d[(int) end - 1] = 'x';
                }))
        .hasMessageContaining("not NUL-terminated");
  }

  @Test
  void rejectsTooSmallEntrySizes() {
    assertRejected(patched(d -> putU16(d, 46, 20))).hasMessageContaining("e_shentsize is 20");
    assertRejected(patched(d -> putU16(d, 42, 8))).hasMessageContaining("e_phentsize is 8");
    assertRejected(patched(d -> putU32(d, sectionHeaderOffset(d, 4) + 36, 8)))
        .hasMessageContaining("sh_entsize 8");
  }

  @Test
  void rejectsFilesLargerThanTheCapWithoutReadingThem(@TempDir Path dir) throws Exception {
    Path big = dir.resolve("huge.elf");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(ElfFile.MAX_FILE_BYTES + 1L); // sparse
    }
    assertThatThrownBy(() -> ElfFile.read(big))
        .isInstanceOf(ElfException.class)
        .hasMessageStartingWith(big + ": file is 67108865 bytes, larger than the 64 MiB")
        .hasMessageContaining("offset 0x4000000");
  }

  @Test
  void namesMissingFiles(@TempDir Path dir) {
    Path missing = dir.resolve("missing.elf");
    assertThatThrownBy(() -> ElfFile.read(missing))
        .isInstanceOf(ElfException.class)
        .hasMessage(missing + ": no such file");
  }

  @Test
  void readsFilesFromDisk(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ok.elf");
    Files.write(file, good());
    assertThat(ElfFile.read(file).name()).isEqualTo(file.toString());
    Files.writeString(file, "#!/bin/sh\n");
    assertThatThrownBy(() -> ElfFile.read(file))
        .isInstanceOf(ElfException.class)
        .hasMessageStartingWith(file + ": not an ELF file: it starts with 23 21 2f 62 69 6e");
  }

  @Test
  void rejectsSectionsOfOtherFiles() {
    ElfFile elf = ElfFile.parse(good(), NAME);
    Section foreign = new Section(1, ".text", Section.SHT_PROGBITS, 0, 0, 0, 4);
    assertThatThrownBy(() -> elf.sectionData(foreign))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a section of bad.elf");
  }
}
