package io.hilt.probe.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Hand-built line programs: the opcodes and header shapes gcc does not emit, and bad input. */
class DwarfLineTableTest {
  static final String NAME = "test.elf";

  static DwarfLineTable parse(byte[] debugLine) {
    return DwarfLineTable.parse(debugLine, new byte[0], new byte[0], NAME);
  }

  static LineProgramBuilder simple() {
    return new LineProgramBuilder().directory("src").file("a.c", 1).file("b.c", 0);
  }

  @Test
  void specialOpcodesAdvanceAddressByMinimumInstructionLength() {
    LineProgramBuilder b = simple();
    b.setAddress(0x100)
        .advanceLine(9)
        .copy()
        .special(2, 1)
        .special(3, -2)
        .advancePc(1)
        .endSequence();
    DwarfLineTable t = parse(b.build());
    assertThat(t.lookup(0xff)).isEmpty();
    assertThat(t.lookup(0x100)).contains(new SourceLine("src/a.c", 10, 0));
    assertThat(t.lookup(0x103)).contains(new SourceLine("src/a.c", 10, 0));
    assertThat(t.lookup(0x104)).contains(new SourceLine("src/a.c", 11, 0));
    assertThat(t.lookup(0x10a)).contains(new SourceLine("src/a.c", 9, 0));
    assertThat(t.lookup(0x10b)).contains(new SourceLine("src/a.c", 9, 0));
    assertThat(t.lookup(0x10c)).isEmpty();
    assertThat(t.ranges())
        .extracting(DwarfLineTable.Range::start, DwarfLineTable.Range::end)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0x100L, 0x104L),
            org.assertj.core.groups.Tuple.tuple(0x104L, 0x10aL),
            org.assertj.core.groups.Tuple.tuple(0x10aL, 0x10cL));
  }

  @Test
  void lastRowAtAnAddressWins() {
    LineProgramBuilder b = simple();
    b.setAddress(0x20).special(0, 2).special(0, 1).op(5).uleb(7).special(4, 3).advancePc(1);
    b.endSequence();
    DwarfLineTable t = parse(b.build());
    assertThat(t.lookup(0x20)).contains(new SourceLine("src/a.c", 4, 0));
    assertThat(t.lookup(0x28)).contains(new SourceLine("src/a.c", 7, 7));
  }

  @Test
  void lastStatementRowAtAnAddressWinsOverLaterNonStatementRows() {
    LineProgramBuilder b = simple();
    // line 2 is_stmt, then (is_stmt cleared) line 3 at the same address, as gcc -O2 emits
    b.setAddress(0x10).special(0, 1).op(6).special(0, 1).special(2, 0).special(0, 4);
    b.special(1, 0).endSequence();
    DwarfLineTable t = parse(b.build());
    assertThat(t.lookup(0x10)).contains(new SourceLine("src/a.c", 2, 0));
    // only non-statement rows at 0x14: the last one
    assertThat(t.lookup(0x14)).contains(new SourceLine("src/a.c", 7, 0));
  }

  @Test
  void fileInCompilationDirectoryKeepsItsRelativeName() {
    LineProgramBuilder b = simple();
    b.op(4).uleb(2).setAddress(0x40).copy().advancePc(2).endSequence();
    assertThat(parse(b.build()).lookup(0x40)).contains(new SourceLine("b.c", 1, 0));
  }

  @Test
  void smallerOpcodeBaseMakesHighStandardOpcodesSpecial() {
    LineProgramBuilder b = simple();
    b.opcodeBase = 10;
    // opcode 10 is now the first special opcode: address +0, line += lineBase (-5)
    b.setAddress(0x10).advanceLine(19).op(10).special(1, 0).endSequence();
    DwarfLineTable t = parse(b.build());
    assertThat(t.lookup(0x10)).contains(new SourceLine("src/a.c", 15, 0));
    assertThat(t.lookup(0x12)).isEmpty();
  }

  @Test
  void unknownStandardOpcodeSkipsItsDeclaredOperands() {
    LineProgramBuilder b = simple();
    b.opcodeBase = 15;
    b.standardLengths = new int[] {0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 2, 0};
    b.setAddress(0x10).op(13).uleb(300).uleb(5).op(14).special(0, 3).special(1, 0).endSequence();
    assertThat(parse(b.build()).lookup(0x10)).contains(new SourceLine("src/a.c", 4, 0));
  }

  @Test
  void vendorExtendedOpcodeIsSkippedByItsLength() {
    LineProgramBuilder b = simple();
    b.setAddress(0x10).op(0, 4, 0x80, 1, 2, 3).special(0, 1).special(1, 0).endSequence();
    assertThat(parse(b.build()).lookup(0x10)).contains(new SourceLine("src/a.c", 2, 0));
  }

  @Test
  void constAddPcAndFixedAdvancePcMoveTheAddress() {
    LineProgramBuilder b = simple();
    // const_add_pc: (255 - 13) / 14 = 17 operations of 2 bytes; fixed_advance_pc: bytes
    b.setAddress(0x100).op(8).copy().op(9, 0x10, 0x00).special(0, 1).special(1, 0).endSequence();
    DwarfLineTable t = parse(b.build());
    assertThat(t.lookup(0x100)).isEmpty();
    assertThat(t.lookup(0x122)).contains(new SourceLine("src/a.c", 1, 0));
    assertThat(t.lookup(0x132)).contains(new SourceLine("src/a.c", 2, 0));
  }

  @Test
  void defineFileAddsAFileToTheTable() {
    LineProgramBuilder b = simple();
    b.op(0, 8, 3, 'x', '.', 'h', 0, 1, 0, 0).op(4).uleb(3);
    b.setAddress(0x10).copy().advancePc(1).endSequence();
    assertThat(parse(b.build()).lookup(0x10)).contains(new SourceLine("src/x.h", 1, 0));
  }

  @Test
  void dwarf64UnitIsRead() {
    LineProgramBuilder b = simple();
    b.dwarf64 = true;
    b.version = 4;
    b.setAddress(0x10).copy().advancePc(1).endSequence();
    assertThat(parse(b.build()).lookup(0x10)).contains(new SourceLine("src/a.c", 1, 0));
  }

  @Test
  void dwarf5TablesWithLineStrpAndZeroBasedFiles() {
    LineProgramBuilder b = new LineProgramBuilder();
    b.version = 5;
    b.pathForm = 0x1f;
    b.directory("/build").directory("./lib").file("main.c", 0).file("util.c", 1);
    b.setAddress(0x10).copy().op(4).uleb(0).special(1, 1).special(1, 0).endSequence();
    byte[] unit = b.build();
    DwarfLineTable t = DwarfLineTable.parse(unit, b.lineStr(), new byte[0], NAME);
    assertThat(t.lookup(0x10)).contains(new SourceLine("lib/util.c", 1, 0));
    assertThat(t.lookup(0x12)).contains(new SourceLine("main.c", 2, 0));
  }

  @Test
  void dwarf5TablesWithStrpPathsAndUdataDirectoryIndexes() {
    LineProgramBuilder b = new LineProgramBuilder();
    b.version = 5;
    b.pathForm = 0x0e;
    b.directoryIndexForm = 0x0f;
    b.directory("/build").directory("drivers").file("uart.c", 1);
    b.op(4).uleb(0).setAddress(0x80).advanceLine(29).copy().advancePc(2).endSequence();
    byte[] unit = b.build();
    DwarfLineTable t = DwarfLineTable.parse(unit, new byte[0], b.lineStr(), NAME);
    assertThat(t.lookup(0x82)).contains(new SourceLine("drivers/uart.c", 30, 0));
  }

  @Test
  void filesOfSeveralUnitsAreSharedAndSequencesFound() {
    LineProgramBuilder a = simple();
    a.setAddress(0x100).copy().advancePc(4).endSequence();
    LineProgramBuilder b = simple();
    b.setAddress(0x200).advanceLine(4).copy().advancePc(4).endSequence();
    DwarfLineTable t = parse(LineProgramBuilder.concat(a.build(), b.build()));
    assertThat(t.sequenceCount()).isEqualTo(2);
    assertThat(t.lookup(0x106)).contains(new SourceLine("src/a.c", 1, 0));
    assertThat(t.lookup(0x206)).contains(new SourceLine("src/a.c", 5, 0));
    assertThat(t.lookup(0x180)).isEmpty();
  }

  @Test
  void innermostOfOverlappingSequencesWins() {
    // a function dropped by --gc-sections keeps its line program, relocated to address 0
    LineProgramBuilder b = simple();
    b.setAddress(0).advanceLine(99).copy().advancePc(0x20).endSequence();
    b.setAddress(0x10).advanceLine(4).copy().advancePc(4).endSequence();
    DwarfLineTable t = parse(b.build());
    assertThat(t.lookup(0x8)).contains(new SourceLine("src/a.c", 100, 0));
    assertThat(t.lookup(0x12)).contains(new SourceLine("src/a.c", 5, 0));
    assertThat(t.lookup(0x18)).contains(new SourceLine("src/a.c", 100, 0));
  }

  @Test
  void lineZeroRowsHaveNoSourceLine() {
    LineProgramBuilder b = simple();
    b.setAddress(0x10)
        .advanceLine(4)
        .copy()
        .advanceLine(-5)
        .special(2, 0)
        .special(2, 3)
        .endSequence();
    DwarfLineTable t = parse(b.build());
    assertThat(t.lookup(0x10)).contains(new SourceLine("src/a.c", 5, 0));
    assertThat(t.lookup(0x14)).isEmpty();
    assertThat(t.lookup(0x18)).isEmpty();
  }

  @Test
  void emptySectionGivesEmptyTableWithReason() {
    DwarfLineTable t = parse(new byte[0]);
    assertThat(t.isEmpty()).isTrue();
    assertThat(t.emptyReason().orElseThrow()).contains("no address ranges");
  }

  @Test
  void cleanDropsDotComponentsOnly() {
    assertThat(DwarfLineTable.clean("././src/./a.c")).isEqualTo("src/a.c");
    assertThat(DwarfLineTable.clean("/x//y/../z.c")).isEqualTo("/x/y/../z.c");
    assertThat(DwarfLineTable.clean(".")).isEqualTo(".");
  }

  @Test
  void rejectsUnsupportedVersion() {
    rejects(b -> b.version = 6, "version 6 is not DWARF 2 to 5");
  }

  @Test
  void rejectsZeroLineRange() {
    rejects(b -> b.lineRange = 0, "line_range is 0");
  }

  @Test
  void rejectsZeroMaximumOperations() {
    rejects(
        b -> {
          b.version = 4;
          b.maxOps = 0;
        },
        "maximum_operations_per_instruction is 0");
  }

  @Test
  void rejectsRowWithUnknownFile() {
    rejects(b -> b.op(4).uleb(9).setAddress(0).copy().endSequence(), "row refers to file 9");
  }

  @Test
  void rejectsFileWithUnknownDirectory() {
    rejects(b -> b.file("c.c", 7).op(4).uleb(3).copy().endSequence(), "refers to directory 7");
  }

  @Test
  void rejectsSequenceWithoutEnd() {
    rejects(b -> b.setAddress(0).copy(), "not ended by DW_LNE_end_sequence");
  }

  @Test
  void rejectsExtendedOpcodeLongerThanTheUnit() {
    rejects(b -> b.op(0, 50, 2), "extended opcode length 50 does not fit");
  }

  @Test
  void rejectsOverlongLeb128() {
    rejects(
        b -> b.op(2, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0),
        "LEB128 value");
  }

  @Test
  void rejectsUnitLongerThanTheSection() {
    byte[] unit = simple().setAddress(0).copy().endSequence().build();
    byte[] cut = java.util.Arrays.copyOf(unit, unit.length - 3);
    assertThatThrownBy(() -> parse(cut))
        .isInstanceOf(ElfException.class)
        .hasMessageStartingWith(NAME + ": .debug_line: ")
        .hasMessageContaining("runs past the end of the section")
        .hasMessageContaining("(at offset 0x0)");
  }

  @Test
  void rejectsLineStrpOutsideDebugLineStr() {
    LineProgramBuilder b = new LineProgramBuilder();
    b.version = 5;
    b.pathForm = 0x1f;
    b.directory("/build").file("main.c", 0);
    byte[] unit = b.build();
    assertThatThrownBy(() -> DwarfLineTable.parse(unit, new byte[4], new byte[0], NAME))
        .isInstanceOf(ElfException.class)
        .hasMessageContaining("outside .debug_line_str (4 bytes)");
  }

  private static void rejects(Consumer<LineProgramBuilder> edit, String message) {
    LineProgramBuilder b = simple();
    edit.accept(b);
    byte[] data = b.build();
    assertThatThrownBy(() -> parse(data))
        .isInstanceOf(ElfException.class)
        .hasMessageStartingWith(NAME + ": .debug_line: ")
        .hasMessageContaining(message)
        .hasMessageContaining("(at offset 0x");
  }
}
