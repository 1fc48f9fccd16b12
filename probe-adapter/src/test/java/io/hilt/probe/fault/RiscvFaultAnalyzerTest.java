package io.hilt.probe.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.elf.DwarfLineTable;
import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.target.Arch;
import io.hilt.probe.testsupport.ProjectPaths;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

/**
 * The RISC-V analysis against a target double holding the committed, gcc-built pmp-faults.elf (code
 * for the instruction reads, symbols and DWARF lines for names) and the CSR values each scenario
 * leaves at the trap vector, computed from the ELF's symbols as the firmware computes its PMP
 * layout (firmware/riscv/pmp-faults.c). Real traps on QEMU: RiscvFaultQemuTest.
 */
class RiscvFaultAnalyzerTest {
  static final ElfFile ELF =
      ElfFile.read(ProjectPaths.firmwareBuild("riscv32imac").resolve("pmp-faults.elf"));
  static final DwarfLineTable LINES = DwarfLineTable.read(ELF);

  static final long MSTATUS_FROM_U = 0x0000_0000L;
  static final long MSTATUS_FROM_M = 0x0000_1800L;
  static final long STORE_ACCESS = 7;

  static long symbol(String name) {
    return ELF.symbol(name).orElseThrow(() -> new AssertionError("no symbol " + name)).value();
  }

  static long napot(long base, long size) {
    return (base | (size / 2 - 1)) >>> 2;
  }

  /** The hart at crt0's trap entry with pmp-faults' PMP layout programmed. */
  static FakeRiscv atTrapEntry(long mcause, long mepc, long mtval, long mstatus, long ra) {
    FakeRiscv t = new FakeRiscv().load(ELF);
    long entry = symbol("hilt_trap_entry");
    t.register("pc", entry).register("mtvec", entry).register("ra", ra);
    t.register("mcause", mcause).register("mepc", mepc).register("mtval", mtval);
    t.register("mstatus", mstatus);
    t.register("pmpaddr0", napot(symbol("task_stack"), 256));
    t.register("pmpaddr1", napot(symbol("ro_region"), 256));
    t.register("pmpaddr2", napot(symbol("locked_region"), 256));
    t.register("pmpaddr3", symbol("__text_start") >>> 2);
    t.register("pmpaddr4", symbol("__text_end") >>> 2);
    t.register("pmpaddr5", symbol("__data_start__") >>> 2);
    t.register("pmpaddr6", symbol("__StackTop") >>> 2);
    t.register("pmpcfg0", 0x18 | 0x19 << 8);
    t.register("pmpcfg1", 0x0d | 0x0b << 16);
    return t;
  }

  /** The first instruction in {@code function} whose bits satisfy {@code test}. */
  static long firstInstruction(String function, LongPredicate test) {
    long start = symbol(function);
    long size = ELF.symbol(function).orElseThrow().size();
    FakeRiscv memory = new FakeRiscv().load(ELF);
    for (long at = start; at < start + size; ) {
      long half = memory.peekU32(at) & 0xffff;
      long insn = (half & 3) == 3 ? memory.peekU32(at) : half;
      if (test.test(insn)) {
        return at;
      }
      at += (half & 3) == 3 ? 4 : 2;
    }
    throw new AssertionError("no such instruction in " + function);
  }

  static boolean isStore(long insn) {
    return (insn & 3) == 3
        ? (insn & 0x7f) == 0x23
        : (insn & 0xe003) == 0xc000 || (insn & 0xe003) == 0xc002;
  }

  static boolean isLoad(long insn) {
    return (insn & 3) == 3
        ? (insn & 0x7f) == 0x03
        : (insn & 0xe003) == 0x4000 || (insn & 0xe003) == 0x4002;
  }

  static FaultReport analyze(FakeRiscv t) {
    return new FaultAnalyzer().analyze(t, Arch.RISCV32IMAC, Optional.of(ELF), Optional.of(LINES));
  }

  static long trampolineReturn() {
    return symbol("user_mode_trampoline") + 4;
  }

  @Test
  void userStoreToAReadOnlyEntryIsDeniedByThatEntry() {
    long mepc = firstInstruction("u_store", RiscvFaultAnalyzerTest::isStore);
    long address = symbol("ro_region") + 4;
    FaultReport r =
        analyze(atTrapEntry(STORE_ACCESS, mepc, address, MSTATUS_FROM_U, trampolineReturn()));

    assertThat(r.arch()).isEqualTo(Arch.RISCV32IMAC);
    assertThat(r.exception()).isEqualTo("StoreAccessFault");
    assertThat(r.exceptionNumber()).isEqualTo(7);
    assertThat(r.flagNames()).containsExactly("ACCESS_FAULT", "STORE", "FROM_U", "PMP_DENY");
    assertThat(r.address()).contains(new FaultAddress(address, "mtval"));
    assertThat(r.function()).contains("u_store");
    assertThat(r.pc().orElseThrow().source().orElseThrow().file()).endsWith("pmp-faults.c");
    assertThat(r.caller().orElseThrow().function()).contains("user_mode_trampoline");
    RiscvFaultDetails d = (RiscvFaultDetails) r.details();
    assertThat(d.haltPoint()).isEqualTo(HaltPoint.HANDLER_ENTRY);
    assertThat(d.from()).isEqualTo(RiscvPrivilege.USER);
    PmpEntry e = d.matched().orElseThrow();
    assertThat(e.index()).isEqualTo(1);
    assertThat(e.mode()).isEqualTo(PmpMode.NAPOT);
    assertThat(e.start()).isEqualTo(symbol("ro_region"));
    assertThat(e.end()).isEqualTo(symbol("ro_region") + 256);
    assertThat(e.permissions()).isEqualTo("R--");
    assertThat(r.explanation())
        .startsWith(
            String.format(
                "StoreAccessFault: store to 0x%08x denied (access fault) by PMP entry 1: NAPOT"
                    + " [0x%08x, 0x%08x) R--, which does not grant W to U-mode, in u_store+0x",
                address, symbol("ro_region"), symbol("ro_region") + 256))
        .contains("called from user_mode_trampoline+0x4")
        .contains("The trap came from U-mode (mstatus.MPP).");
    assertThat(r.text()).contains("  ra:").contains("pmp:       matched entry 1: NAPOT");
  }

  @Test
  void userLoadFromMemoryNoEntryCoversIsTheDefaultDeny() {
    long mepc = firstInstruction("u_load", RiscvFaultAnalyzerTest::isLoad);
    long secret = symbol("machine_secret");
    FaultReport r = analyze(atTrapEntry(5, mepc, secret, MSTATUS_FROM_U, trampolineReturn()));

    assertThat(r.exception()).isEqualTo("LoadAccessFault");
    assertThat(r.flagNames()).containsExactly("ACCESS_FAULT", "LOAD", "FROM_U", "PMP_NO_MATCH");
    assertThat(r.address().orElseThrow().address()).isEqualTo(secret);
    assertThat(r.function()).contains("u_load");
    assertThat(((RiscvFaultDetails) r.details()).matched()).isEmpty();
    assertThat(r.explanation()).contains("no PMP entry matched, and U-mode is denied by default");
    assertThat(r.text()).contains(String.format("no entry matched 0x%08x", secret));
  }

  @Test
  void userFetchFromRamIsDeniedByTheDataEntryWithoutX() {
    long ramCode = symbol("ram_code");
    FaultReport r = analyze(atTrapEntry(1, ramCode, ramCode, MSTATUS_FROM_U, trampolineReturn()));

    assertThat(r.exception()).isEqualTo("InstructionAccessFault");
    assertThat(r.flagNames()).containsExactly("ACCESS_FAULT", "FETCH", "FROM_U", "PMP_DENY");
    assertThat(r.function()).contains("ram_code");
    PmpEntry e = ((RiscvFaultDetails) r.details()).matched().orElseThrow();
    assertThat(e.index()).isEqualTo(6);
    assertThat(e.mode()).isEqualTo(PmpMode.TOR);
    assertThat(e.start()).isEqualTo(symbol("__data_start__"));
    assertThat(e.end()).isEqualTo(symbol("__StackTop"));
    assertThat(r.explanation()).contains("RW-, which does not grant X to U-mode");
    assertThat(((RiscvFaultDetails) r.details()).instruction()).isEmpty();
  }

  @Test
  void machineStoreIntoALockedReadOnlyEntryIsDenied() {
    long mepc = firstInstruction("m_locked", RiscvFaultAnalyzerTest::isStore);
    long locked = symbol("locked_region");
    FakeRiscv t =
        atTrapEntry(STORE_ACCESS, mepc, locked, MSTATUS_FROM_M, symbol("main") + 0x10)
            .register("pmpcfg0", 0x18 | 0x19 << 8 | 0x99 << 16);
    FaultReport r = analyze(t);

    assertThat(r.flagNames())
        .containsExactly("ACCESS_FAULT", "STORE", "FROM_M", "PMP_LOCKED", "PMP_DENY");
    assertThat(r.function()).contains("m_locked");
    assertThat(r.caller().orElseThrow().function()).contains("main");
    assertThat(((RiscvFaultDetails) r.details()).matched().orElseThrow().describe())
        .endsWith("R-- locked")
        .startsWith("entry 2: NAPOT");
    assertThat(r.explanation()).contains("which does not grant W to M-mode");
  }

  @Test
  void theSameStoreFromMachineModeWithAnUnlockedEntryIsNotAPmpDenial() {
    long mepc = firstInstruction("m_locked", RiscvFaultAnalyzerTest::isStore);
    FaultReport r =
        analyze(
            atTrapEntry(
                STORE_ACCESS, mepc, symbol("ro_region"), MSTATUS_FROM_M, symbol("main") + 0x10));

    assertThat(r.flagNames()).containsExactly("ACCESS_FAULT", "STORE", "FROM_M");
    assertThat(r.explanation())
        .contains("allows it; not a PMP denial")
        .contains("does not bind unlocked M-mode");
  }

  @Test
  void machineAccessOutsideEveryEntryIsNotAPmpDenial() {
    long mepc = firstInstruction("m_locked", RiscvFaultAnalyzerTest::isStore);
    FaultReport r =
        analyze(atTrapEntry(STORE_ACCESS, mepc, 0x3000_0000L, MSTATUS_FROM_M, symbol("main")));

    assertThat(r.flagNames()).containsExactly("ACCESS_FAULT", "STORE", "FROM_M");
    assertThat(r.notes()).anyMatch(n -> n.contains("nothing answers at that address"));
  }

  @Test
  void stackOverflowIntoTheGuardNamesTheGuardEntry() {
    long mepc = firstInstruction("stack_guard_descend", RiscvFaultAnalyzerTest::isStore);
    long guard = symbol("task_stack") + 0xf0;
    FaultReport r = analyze(atTrapEntry(STORE_ACCESS, mepc, guard, MSTATUS_FROM_U, mepc + 0x20));

    assertThat(r.function()).contains("stack_guard_descend");
    PmpEntry e = ((RiscvFaultDetails) r.details()).matched().orElseThrow();
    assertThat(e.index()).isZero();
    assertThat(e.permissions()).isEqualTo("---");
    assertThat(r.hasFlag("PMP_DENY")).isTrue();
  }

  @Test
  void illegalInstructionReportsTheInstructionBitsFromMtval() {
    long mepc = symbol("illegal_insn");
    FaultReport r = analyze(atTrapEntry(2, mepc, 0xc000_1073L, MSTATUS_FROM_M, symbol("main")));

    assertThat(r.exception()).isEqualTo("IllegalInstruction");
    assertThat(r.flagNames()).containsExactly("ILLEGAL_INSTRUCTION", "FROM_M");
    assertThat(r.address()).isEmpty();
    assertThat(r.function()).contains("illegal_insn");
    assertThat(((RiscvFaultDetails) r.details()).instruction()).contains(0xc000_1073L);
    assertThat(((RiscvFaultDetails) r.details()).pmp()).isEmpty();
    assertThat(r.explanation()).startsWith("IllegalInstruction: illegal instruction 0xc0001073");
  }

  @Test
  void illegalInstructionWithoutMtvalIsReadFromMemory() {
    long mepc = symbol("illegal_insn");
    FaultReport r = analyze(atTrapEntry(2, mepc, 0, MSTATUS_FROM_M, symbol("main")));

    assertThat(((RiscvFaultDetails) r.details()).instruction()).contains(0xc000_1073L);
    assertThat(r.text()).contains("instruction not provided");
  }

  @Test
  void misalignedLrIsAnAtomicLoad() {
    long mepc = firstInstruction("misaligned_lr", insn -> (insn & 0x7f) == 0x2f);
    long address = symbol("amo_words") + 2;
    FaultReport r = analyze(atTrapEntry(4, mepc, address, MSTATUS_FROM_M, symbol("main")));

    assertThat(r.exception()).isEqualTo("LoadAddressMisaligned");
    assertThat(r.flagNames()).containsExactly("MISALIGNED", "LOAD", "AMO", "FROM_M");
    assertThat(r.address().orElseThrow().address()).isEqualTo(address);
    assertThat(r.explanation())
        .contains(String.format("misaligned atomic load from 0x%08x", address));
  }

  @Test
  void insideTheHandlerTheCallerIsNotGuessed() {
    long mepc = firstInstruction("u_store", RiscvFaultAnalyzerTest::isStore);
    FakeRiscv t =
        atTrapEntry(STORE_ACCESS, mepc, symbol("ro_region") + 4, MSTATUS_FROM_U, 0x1234)
            .register("pc", symbol("hilt_trap"));
    FaultReport r = analyze(t);

    assertThat(((RiscvFaultDetails) r.details()).haltPoint()).isEqualTo(HaltPoint.IN_HANDLER);
    assertThat(r.function()).contains("u_store");
    assertThat(r.caller()).isEmpty();
    assertThat(r.notes()).anyMatch(n -> n.contains("not at the trap vector"));
  }

  @Test
  void withoutPmpRegistersTheAccessFaultIsStillDecoded() {
    long mepc = firstInstruction("u_store", RiscvFaultAnalyzerTest::isStore);
    FakeRiscv t =
        atTrapEntry(STORE_ACCESS, mepc, symbol("ro_region"), MSTATUS_FROM_U, trampolineReturn())
            .withoutPmp();
    FaultReport r = analyze(t);

    assertThat(r.flagNames()).containsExactly("ACCESS_FAULT", "STORE", "FROM_U");
    assertThat(r.notes()).anyMatch(n -> n.contains("PMP registers could not be read"));
    assertThat(r.fields()).doesNotContainKey("pmp");
  }

  @Test
  void interruptsAreNamedAndHaveNoFaultingInstruction() {
    FakeRiscv t = atTrapEntry(0x8000_0007L, symbol("main"), 0, MSTATUS_FROM_M, 0);
    FaultReport r = analyze(t);

    assertThat(r.exception()).isEqualTo("MachineTimerInterrupt");
    assertThat(r.flagNames()).containsExactly("INTERRUPT", "FROM_M");
    assertThat(r.pc()).isEmpty();
    assertThat(r.caller()).isEmpty();
  }

  @Test
  void aHartOutsideMachineModeIsNotInATrapHandler() {
    FakeRiscv t = atTrapEntry(STORE_ACCESS, 0x8000_0000L, 0, MSTATUS_FROM_U, 0).register("priv", 0);
    assertThatThrownBy(() -> analyze(t))
        .isInstanceOf(FaultAnalysisException.class)
        .hasMessageContaining("U-mode (priv)");
  }

  @Test
  void noTrapSinceResetIsReported() {
    FakeRiscv t = new FakeRiscv().register("pc", 0x8000_0000L);
    assertThatThrownBy(() -> analyze(t))
        .isInstanceOf(FaultAnalysisException.class)
        .hasMessageContaining("no trap was taken")
        .hasMessageContaining("0x80000000");
  }

  @Test
  void aMissingTrapCsrIsNamed() {
    FakeRiscv t = atTrapEntry(STORE_ACCESS, 0, 0, 0, 0).withoutRegister("mtval");
    assertThatThrownBy(() -> analyze(t))
        .isInstanceOf(FaultAnalysisException.class)
        .hasMessageContaining("register mtval");
  }

  @Test
  void fieldsCarryTheCsrsAndTheMatchedEntry() {
    long mepc = firstInstruction("u_store", RiscvFaultAnalyzerTest::isStore);
    FaultReport r =
        analyze(
            atTrapEntry(
                STORE_ACCESS, mepc, symbol("ro_region") + 4, MSTATUS_FROM_U, trampolineReturn()));

    Map<String, Object> f = r.fields();
    assertThat(f)
        .containsEntry("arch", "riscv32imac")
        .containsEntry("exception", "StoreAccessFault");
    assertThat(f).containsEntry("mode", "U").containsEntry("haltPoint", "HANDLER_ENTRY");
    @SuppressWarnings("unchecked")
    Map<String, Object> regs = (Map<String, Object>) f.get("registers");
    assertThat(regs).containsEntry("mcause", 7L).containsEntry("mepc", mepc);
    @SuppressWarnings("unchecked")
    Map<String, Object> pmp = (Map<String, Object>) f.get("pmp");
    @SuppressWarnings("unchecked")
    Map<String, Object> matched = (Map<String, Object>) pmp.get("matched");
    assertThat(matched).containsEntry("index", 1).containsEntry("permissions", "R--");
    assertThat((java.util.List<?>) pmp.get("entries")).hasSize(4);
  }

  @Test
  void atFaultTrapVectorTellsAFaultAtTheHandlerFromOtherStops() {
    long entry = symbol("hilt_trap_entry");
    FakeRiscv t = atTrapEntry(STORE_ACCESS, 0x8000_0100L, 0, MSTATUS_FROM_U, 0);
    assertThat(RiscvFaultAnalyzer.atFaultTrapVector(t)).isTrue();
    assertThat(RiscvFaultAnalyzer.atFaultTrapVector(t.register("mcause", 8))).isFalse();
    assertThat(
            RiscvFaultAnalyzer.atFaultTrapVector(t.register("mcause", 7).register("pc", entry + 2)))
        .isFalse();
    assertThat(
            RiscvFaultAnalyzer.atFaultTrapVector(t.register("pc", entry).withoutRegister("mtvec")))
        .isFalse();
  }
}
