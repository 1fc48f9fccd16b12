package io.hilt.probe.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A hand-built RV32 executable (no RISC-V compiler here): flash at 0x20000000, RAM at 0x80000000.
 */
class ElfFileRiscvTest {
  static final byte[] TEXT = {
    0x01, 0x45, (byte) 0x82, (byte) 0x80, 0x13, 0, 0, 0
  }; // li a0,0; ret; nop
  static final byte[] DATA = {1, 2, 3, 4, 5, 6, 7, 8};

  static byte[] riscvElf() {
    return new ElfBuilder()
        .machine(ElfFile.EM_RISCV)
        .entry(0x20000000L)
        .flags(0x5) // RVC, soft-float... as gcc writes for rv32imac/ilp32
        .progbits(".text", Section.SHF_ALLOC | Section.SHF_EXECINSTR, 0x20000000L, TEXT)
        .progbits(".data", Section.SHF_ALLOC | Section.SHF_WRITE, 0x80000000L, DATA)
        .nobits(".bss", 0x80000008L, 0x100)
        .load(".text", 0x20000000L, 0)
        .load(".data", 0x20000008L, 0x100)
        .symbol("start.c", 0, 0, ElfSymbol.STT_FILE, ElfSymbol.STB_LOCAL, "ABS")
        .symbol("helper", 0x20000004L, 4, ElfSymbol.STT_FUNC, ElfSymbol.STB_LOCAL, ".text")
        .symbol("main", 0x20000000L, 4, ElfSymbol.STT_FUNC, ElfSymbol.STB_GLOBAL, ".text")
        .symbol("odd", 0x20000003L, 1, ElfSymbol.STT_FUNC, ElfSymbol.STB_WEAK, ".text")
        .symbol("counter", 0x80000000L, 8, ElfSymbol.STT_OBJECT, ElfSymbol.STB_GLOBAL, ".data")
        .symbol("heap", 0x80000008L, 0x100, ElfSymbol.STT_OBJECT, ElfSymbol.STB_GLOBAL, ".bss")
        .symbol("_stack_top", 0x80004000L, 0, ElfSymbol.STT_NOTYPE, ElfSymbol.STB_GLOBAL, "ABS")
        .symbol("printf", 0, 0, ElfSymbol.STT_FUNC, ElfSymbol.STB_GLOBAL, "UND")
        .build();
  }

  final ElfFile elf = ElfFile.parse(riscvElf(), "rv32.elf");

  @Test
  void readsRiscvHeader() {
    assertThat(elf.header())
        .isEqualTo(new ElfHeader(ElfHeader.ET_EXEC, ElfFile.EM_RISCV, 0x20000000L, 0x5));
    assertThat(elf.name()).isEqualTo("rv32.elf");
  }

  @Test
  void readsSectionsWithNamesAndData() {
    assertThat(elf.sections())
        .extracting(Section::name)
        .containsExactly("", ".text", ".data", ".bss", ".symtab", ".strtab", ".shstrtab");
    Section data = elf.section(".data").orElseThrow();
    assertThat(data.address()).isEqualTo(0x80000000L);
    assertThat(elf.sectionData(data)).isEqualTo(DATA);
    Section bss = elf.section(".bss").orElseThrow();
    assertThat(bss.size()).isEqualTo(0x100);
    assertThat(elf.sectionData(bss)).isEmpty();
    assertThat(elf.section(".nothing")).isEmpty();
  }

  @Test
  void loadSegmentsCarryFileBytesAtPhysicalAddresses() {
    List<LoadSegment> segments = elf.loadSegments();
    assertThat(segments)
        .containsExactly(
            new LoadSegment(0x20000000L, 0x20000000L, TEXT, TEXT.length),
            new LoadSegment(0x20000008L, 0x80000000L, DATA, DATA.length + 0x100));
    assertThat(segments.get(1).zeroFillSize()).isEqualTo(0x100);
    assertThat(segments.get(1).physicalEnd()).isEqualTo(0x20000010L);
  }

  @Test
  void readsSymbolsWithoutTouchingOddRiscvValues() {
    assertThat(elf.symbols()).hasSize(8);
    assertThat(elf.symbol("main"))
        .hasValue(
            new ElfSymbol(
                "main", 0x20000000L, 4, ElfSymbol.STT_FUNC, ElfSymbol.STB_GLOBAL, 1, false));
    ElfSymbol odd = elf.symbol("odd").orElseThrow();
    assertThat(odd.value()).isEqualTo(0x20000003L);
    assertThat(odd.thumb()).isFalse();
    assertThat(odd.binding()).isEqualTo(ElfSymbol.STB_WEAK);
    assertThat(elf.symbol("_stack_top").orElseThrow().sectionIndex()).isEqualTo(ElfSymbol.SHN_ABS);
    // undefined symbols are listed but not found by name
    assertThat(elf.symbols()).extracting(ElfSymbol::name).contains("printf");
    assertThat(elf.symbol("printf")).isEmpty();
  }

  @Test
  void symbolizesToTheInnermostSymbol() {
    assertThat(elf.symbolize(0x20000002L)).hasValue(new SymbolicAddress("main", 2));
    assertThat(elf.symbolize(0x20000003L)).hasValue(new SymbolicAddress("odd", 0));
    assertThat(elf.symbolize(0x20000006L).orElseThrow()).hasToString("helper+0x2");
    assertThat(elf.symbolize(0x80000107L).orElseThrow()).hasToString("heap+0xff");
    assertThat(elf.symbolize(0x80000108L)).isEmpty();
    assertThat(elf.symbolize(0)).isEmpty();
  }

  @Test
  void armFunctionSymbolsLoseTheThumbBitButRiscvOnesDoNot() {
    byte[] arm =
        new ElfBuilder()
            .machine(ElfFile.EM_ARM)
            .progbits(".text", Section.SHF_ALLOC | Section.SHF_EXECINSTR, 0x100, TEXT)
            .symbol("f", 0x101, 4, ElfSymbol.STT_FUNC, ElfSymbol.STB_GLOBAL, ".text")
            .symbol("o", 0x103, 1, ElfSymbol.STT_OBJECT, ElfSymbol.STB_GLOBAL, ".text")
            .build();
    ElfFile armElf = ElfFile.parse(arm, "arm.elf");
    assertThat(armElf.symbol("f").orElseThrow().value()).isEqualTo(0x100);
    assertThat(armElf.symbol("f").orElseThrow().rawValue()).isEqualTo(0x101);
    assertThat(armElf.symbol("o").orElseThrow().value()).isEqualTo(0x103);
    assertThat(armElf.symbolize(0x102)).hasValue(new SymbolicAddress("f", 2));
  }
}
