package io.hilt.sim.riscv;

import static io.hilt.sim.riscv.CoreHarness.BASE;
import static io.hilt.sim.riscv.RvAsm.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.target.StopReason;
import io.hilt.sim.semihosting.SemihostingResult;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RiscvCoreTest {
  private final CoreHarness h = new CoreHarness();
  private static final int MSTATUS = RvCsr.MSTATUS;
  private static final int HANDLER = BASE + 0x1000;

  // Integer instructions ------------------------------------------------------------------------

  @Test
  void addiWrapsAndX0StaysZero() {
    h.program(addi(1, 0, -1), addi(2, 1, 1), addi(0, 0, 5), lui(3, 0x8000_0000), addi(3, 3, -1));
    h.run(5);
    assertThat(h.x(1)).isEqualTo(-1);
    assertThat(h.x(2)).isZero();
    assertThat(h.x(0)).isZero();
    assertThat(h.x(3)).isEqualTo(0x7FFF_FFFF);
  }

  @Test
  void auipcAddsToItsOwnAddress() {
    h.program(NOP, u(0x1000, 5, 0x17));
    h.run(2);
    assertThat(h.x(5)).isEqualTo(BASE + 4 + 0x1000);
  }

  @Test
  void registerShiftsUseTheLowFiveBits() {
    h.program(
        addi(1, 0, 1),
        addi(2, 0, 33),
        r(0, 2, 1, 1, 3, 0x33),
        addi(4, 0, -16),
        r(0x20, 2, 4, 5, 5, 0x33),
        r(0, 2, 4, 5, 6, 0x33));
    h.run(6);
    assertThat(h.x(3)).isEqualTo(2);
    assertThat(h.x(5)).isEqualTo(-8);
    assertThat(h.x(6)).isEqualTo(0x7FFF_FFF8);
  }

  @Test
  void setLessThanComparesSignedAndUnsigned() {
    h.program(
        addi(1, 0, -1),
        addi(2, 0, 1),
        r(0, 2, 1, 2, 3, 0x33),
        r(0, 2, 1, 3, 4, 0x33),
        i(-1, 2, 3, 5, 0x13));
    h.run(5);
    assertThat(h.x(3)).isEqualTo(1);
    assertThat(h.x(4)).isZero();
    assertThat(h.x(5)).isEqualTo(1);
  }

  @Test
  void branchesGoBackwardAndForward() {
    // x1 counts to 3 in a loop, then a taken BGEU skips one instruction.
    h.program(
        addi(1, 1, 1),
        addi(2, 0, 3),
        b(-8, 2, 1, 4),
        b(8, 0, 1, 7),
        addi(9, 0, 9),
        addi(10, 0, 10));
    h.run(12);
    assertThat(h.x(1)).isEqualTo(3);
    assertThat(h.x(9)).isZero();
    assertThat(h.x(10)).isEqualTo(10);
  }

  @Test
  void jalAndJalrLinkAndJalrClearsBitZero() {
    h.program(j(12, 1), NOP, NOP, addi(5, 0, 0x19), add(5, 5, 1), jalr(5, 5, 0));
    h.set(1, 0);
    h.run(2);
    assertThat(h.x(1)).isEqualTo(BASE + 4);
    assertThat(h.core.pc()).isEqualTo(BASE + 16);
    h.run(2);
    // x5 = BASE + 4 + 0x19 = odd; JALR jumps to it with bit 0 clear and links in x5 itself.
    assertThat(h.core.pc()).isEqualTo(BASE + 0x1C);
    assertThat(h.x(5)).isEqualTo(BASE + 24);
  }

  @Test
  void compressedJumpsLinkTheNextHalfwordAndCompressedLoadsUseSp() {
    // c.jal +6; c.nop; c.nop; c.li a0,5; c.swsp a0,8(sp); c.lwsp a1,8(sp); c.jalr ra
    h.set(2, BASE + 0x800);
    h.put16(BASE, 0x2019, 0x0001, 0x0001, 0x4515, 0xC42A, 0x45A2, 0x9082);
    h.run(2);
    assertThat(h.x(1)).isEqualTo(BASE + 2);
    assertThat(h.core.pc()).isEqualTo(BASE + 8);
    assertThat(h.x(10)).isEqualTo(5);
    h.run(2);
    assertThat(h.word(BASE + 0x808)).isEqualTo(5);
    assertThat(h.x(11)).isEqualTo(5);
    h.run(1);
    assertThat(h.core.pc()).isEqualTo(BASE + 2);
    assertThat(h.x(1)).isEqualTo(BASE + 14);
  }

  @Test
  void loadsExtendAndStoresTruncate() {
    int data = BASE + 0x800;
    h.put(data, 0x8081_F2F3);
    h.set(1, data);
    h.program(
        load(0, 2, 1, 0),
        load(4, 3, 1, 0),
        load(1, 4, 1, 2),
        load(5, 5, 1, 2),
        addi(6, 0, 0x7AB),
        store(0, 6, 1, 4),
        store(1, 6, 1, 8),
        sw(6, 1, 12));
    h.run(8);
    assertThat(h.x(2)).isEqualTo(0xFFFF_FFF3);
    assertThat(h.x(3)).isEqualTo(0xF3);
    assertThat(h.x(4)).isEqualTo(0xFFFF_8081);
    assertThat(h.x(5)).isEqualTo(0x8081);
    assertThat(h.word(data + 4)).isEqualTo(0xAB);
    assertThat(h.word(data + 8)).isEqualTo(0x7AB);
    assertThat(h.word(data + 12)).isEqualTo(0x7AB);
  }

  @Test
  void misalignedLoadsAndStoresSucceedAsOnQemu() {
    int data = BASE + 0x800;
    h.put(data, 0x4433_2211, 0x8877_6655);
    h.set(1, data);
    h.program(lw(2, 1, 1), load(5, 3, 1, 3), sw(2, 1, 5));
    h.run(3);
    assertThat(h.x(2)).isEqualTo(0x5544_3322);
    assertThat(h.x(3)).isEqualTo(0x5544);
    assertThat(h.word(data + 4)).isEqualTo(0x4433_2255);
    assertThat(h.word(data + 8)).isEqualTo(0x55);
    assertThat(h.csr(RvCsr.MCAUSE)).isZero();
  }

  @ParameterizedTest(name = "{0} {1},{2} = {3}")
  @CsvSource({
    "4, 7, 0, -1", // div by zero
    "5, 7, 0, -1", // divu by zero: all ones
    "6, 7, 0, 7", // rem by zero: the dividend
    "7, -7, 0, -7", // remu by zero: the dividend
    "4, -2147483648, -1, -2147483648", // div overflow
    "6, -2147483648, -1, 0", // rem overflow
    "4, -7, 2, -3", // div truncates toward zero
    "6, -7, 2, -1", // rem takes the dividend's sign
    "5, -7, 2, 2147483644", // divu
    "7, -7, 2, 1", // remu
    "0, -2147483648, -1, -2147483648", // mul wraps
    "1, -2147483648, -2147483648, 1073741824", // mulh
    "1, -1, -1, 0", // mulh
    "2, -1, -1, -1", // mulhsu: -1 * (2^32-1) high word
    "2, 2, -1, 1", // mulhsu
    "3, -1, -1, -2", // mulhu
    "3, 65536, 65536, 1", // mulhu
  })
  void multiplyAndDivideFollowTheMExtension(int funct3, int a, int b, int expected) {
    h.set(1, a).set(2, b);
    h.program(m(funct3, 3, 1, 2));
    h.run(1);
    assertThat(h.x(3)).isEqualTo(expected);
  }

  // Atomics ------------------------------------------------------------------------------------

  @ParameterizedTest(name = "funct5 {0}")
  @CsvSource({
    "0, 5, 105",
    "1, 5, 5",
    "4, 5, 97",
    "8, 5, 101",
    "12, 5, 4",
    "16, -5, -5",
    "20, -5, 100",
    "24, -5, 100",
    "28, -5, -5"
  })
  void amosReturnTheOldValueAndStoreTheResult(int funct5, int operand, int stored) {
    int cell = BASE + 0x800;
    h.put(cell, 100);
    h.set(1, cell).set(2, operand);
    h.program(amo(funct5, 3, 1, 2));
    h.run(1);
    assertThat(h.x(3)).isEqualTo(100);
    assertThat(h.word(cell)).isEqualTo(stored);
  }

  @Test
  void scSucceedsAfterLrAndFailsWithoutAReservation() {
    int cell = BASE + 0x800;
    h.put(cell, 7);
    h.set(1, cell).set(2, 9);
    h.program(amo(2, 3, 1, 0), amo(3, 4, 1, 2), amo(3, 5, 1, 2));
    h.run(3);
    assertThat(h.x(3)).isEqualTo(7);
    assertThat(h.x(4)).isZero();
    assertThat(h.x(5)).isEqualTo(1);
    assertThat(h.word(cell)).isEqualTo(9);
  }

  @Test
  void misalignedAmoRaisesLoadAddressMisalignedAsQemuDoes() {
    h.core.writeCsr(RvCsr.MTVEC, HANDLER);
    h.set(1, BASE + 0x802);
    h.program(amo(0, 3, 1, 2));
    h.run(1);
    assertThat(h.csr(RvCsr.MCAUSE)).isEqualTo(4);
    assertThat(h.csr(RvCsr.MTVAL)).isEqualTo(Integer.toUnsignedLong(BASE + 0x802));
    assertThat(h.core.pc()).isEqualTo(HANDLER);
  }

  // CSRs ---------------------------------------------------------------------------------------

  @Test
  void csrInstructionsSwapSetAndClear() {
    h.set(1, 0xF0);
    h.program(
        csr(1, 0, RvCsr.MSCRATCH, 1),
        addi(1, 0, 0x0F),
        csr(2, 2, RvCsr.MSCRATCH, 1),
        csr(3, 3, RvCsr.MSCRATCH, 1),
        csr(5, 4, RvCsr.MSCRATCH, 21),
        csr(6, 5, RvCsr.MSCRATCH, 2),
        csr(7, 6, RvCsr.MSCRATCH, 1));
    h.run(7);
    assertThat(h.x(2)).isEqualTo(0xF0);
    assertThat(h.x(3)).isEqualTo(0xFF);
    assertThat(h.x(4)).isEqualTo(0xF0);
    assertThat(h.x(5)).isEqualTo(21);
    assertThat(h.x(6)).isEqualTo(23);
    assertThat(h.csr(RvCsr.MSCRATCH)).isEqualTo(22);
  }

  private void expectIllegal(int insn) {
    h.core.writeCsr(RvCsr.MTVEC, HANDLER);
    h.program(insn);
    h.run(1);
    assertThat(h.csr(RvCsr.MCAUSE)).isEqualTo(2);
    assertThat(h.csr(RvCsr.MTVAL)).isEqualTo(Integer.toUnsignedLong(insn));
    assertThat(h.csr(RvCsr.MEPC)).isEqualTo(Integer.toUnsignedLong(BASE));
    assertThat(h.core.pc()).isEqualTo(HANDLER);
  }

  @Test
  void unknownCsrIsIllegalWithTheInstructionInMtval() {
    expectIllegal(csr(2, 10, 0x7C0, 0));
  }

  @Test
  void writingAReadOnlyCsrIsIllegal() {
    expectIllegal(csr(1, 0, RvCsr.MVENDORID, 5));
  }

  @Test
  void readingAReadOnlyCsrWithoutWritingIsAllowed() {
    h.program(csr(2, 10, RvCsr.MHARTID, 0), csr(6, 11, RvCsr.MISA, 0));
    h.run(2);
    assertThat(h.csr(RvCsr.MCAUSE)).isZero();
    assertThat(h.x(11)).isEqualTo(RvCsr.MISA_VALUE);
  }

  @Test
  void supervisorCsrsAndSretDoNotExistWithoutSMode() {
    expectIllegal(csr(2, 10, 0x100, 0));
  }

  @Test
  void sretIsIllegal() {
    expectIllegal(0x1020_0073);
  }

  @Test
  void userModeCannotTouchMachineCsrs() {
    h.core.writeCsr(RvCsr.MTVEC, HANDLER);
    h.core.setPrivilege(RiscvCore.PRIV_U);
    int insn = csr(2, 10, MSTATUS, 0);
    h.program(insn);
    h.pmp.writeAddr(0, -1);
    h.pmp.writeCfg(0, 0x1F);
    h.run(1);
    assertThat(h.csr(RvCsr.MCAUSE)).isEqualTo(2);
    assertThat(h.csr(RvCsr.MTVAL)).isEqualTo(Integer.toUnsignedLong(insn));
    assertThat(h.core.privilege()).isEqualTo(RiscvCore.PRIV_M);
  }

  @Test
  void userCounterNeedsItsMcounterenBit() {
    h.core.writeCsr(RvCsr.MTVEC, HANDLER);
    h.pmp.writeAddr(0, -1);
    h.pmp.writeCfg(0, 0x1F);
    h.core.writeCsr(RvCsr.MCOUNTEREN, 2); // time only
    h.core.setPrivilege(RiscvCore.PRIV_U);
    h.program(csr(2, 10, RvCsr.TIME, 0), csr(2, 11, RvCsr.CYCLE, 0));
    h.run(2);
    assertThat(h.x(10)).isEqualTo(1234);
    assertThat(h.csr(RvCsr.MCAUSE)).isEqualTo(2);
    assertThat(h.csr(RvCsr.MEPC)).isEqualTo(Integer.toUnsignedLong(BASE + 4));
  }

  @Test
  void mtvecIgnoresReservedModesAndMstatusKeepsOnlyLegalMpp() {
    h.core.writeCsr(RvCsr.MTVEC, BASE | 1);
    h.core.writeCsr(RvCsr.MTVEC, BASE | 2);
    assertThat(h.csr(RvCsr.MTVEC)).isEqualTo(Integer.toUnsignedLong(BASE | 1));
    h.core.writeCsr(MSTATUS, 0x0800 | 0x88);
    assertThat(h.csr(MSTATUS)).isEqualTo(0x88);
    h.core.writeCsr(MSTATUS, 0x1800);
    assertThat(h.csr(MSTATUS)).isEqualTo(0x1800);
  }

  @Test
  void minstretCountsRetiredInstructionsAndCanBeWritten() {
    h.program(NOP, NOP, NOP, csr(2, 10, RvCsr.MINSTRET, 0));
    h.run(4);
    assertThat(h.x(10)).isEqualTo(3);
    h.core.writeCsr(RvCsr.MINSTRET, 100);
    assertThat(h.csr(RvCsr.MINSTRET)).isEqualTo(100);
    assertThat(h.csr(RvCsr.MINSTRETH)).isZero();
  }

  // Traps --------------------------------------------------------------------------------------

  @Test
  void ecallEntersTheHandlerAndMretReturns() {
    h.core.writeCsr(RvCsr.MTVEC, HANDLER);
    h.core.writeCsr(MSTATUS, RvCsr.MSTATUS_MIE);
    h.program(NOP, ECALL);
    h.put(HANDLER, MRET);
    h.run(2);
    assertThat(h.core.pc()).isEqualTo(HANDLER);
    assertThat(h.csr(RvCsr.MCAUSE)).isEqualTo(11);
    assertThat(h.csr(RvCsr.MEPC)).isEqualTo(Integer.toUnsignedLong(BASE + 4));
    assertThat(h.csr(RvCsr.MTVAL)).isZero();
    assertThat(h.csr(MSTATUS)).isEqualTo(RvCsr.MSTATUS_MPIE | RvCsr.MSTATUS_MPP);
    h.run(1);
    assertThat(h.core.pc()).isEqualTo(BASE + 4);
    assertThat(h.csr(MSTATUS)).isEqualTo(RvCsr.MSTATUS_MIE | RvCsr.MSTATUS_MPIE);
  }

  @Test
  void mretToUserModeDropsPrivilegeAndMprvAndEcallComesBack() {
    h.pmp.writeAddr(0, -1);
    h.pmp.writeCfg(0, 0x1F);
    h.core.writeCsr(RvCsr.MTVEC, HANDLER);
    h.core.writeCsr(RvCsr.MEPC, BASE + 0x100);
    h.core.writeCsr(MSTATUS, RvCsr.MSTATUS_MPRV);
    h.program(MRET);
    h.put(BASE + 0x100, ECALL);
    h.run(1);
    assertThat(h.core.privilege()).isEqualTo(RiscvCore.PRIV_U);
    assertThat(h.csr(MSTATUS) & RvCsr.MSTATUS_MPRV).isZero();
    h.run(1);
    assertThat(h.csr(RvCsr.MCAUSE)).isEqualTo(8);
    assertThat(h.csr(MSTATUS) & RvCsr.MSTATUS_MPP).isZero();
    assertThat(h.core.privilege()).isEqualTo(RiscvCore.PRIV_M);
  }

  @Test
  void illegalCompressedInstructionReportsItsSixteenBits() {
    h.core.writeCsr(RvCsr.MTVEC, HANDLER);
    h.put16(BASE, 0x0000);
    h.run(1);
    assertThat(h.csr(RvCsr.MCAUSE)).isEqualTo(2);
    assertThat(h.csr(RvCsr.MTVAL)).isZero();
    h.core.setPc(BASE);
    h.put16(BASE, 0x6001); // c.lui x0? no: c.lui with nzimm 0 is reserved
    h.run(1);
    assertThat(h.csr(RvCsr.MTVAL)).isEqualTo(0x6001);
  }

  @Test
  void fetchFromNowhereIsAnAccessFaultAndATrapLoopIsALockup() {
    h.program(jalr(0, 0, 0x100));
    Optional<StopReason> stop = h.run(10);
    assertThat(h.csr(RvCsr.MCAUSE)).isEqualTo(1);
    assertThat(stop).get().isInstanceOf(StopReason.Lockup.class);
    assertThat(((StopReason.Lockup) stop.get()).detail())
        .contains("InstructionAccessFault")
        .contains("mtvec 0x00000000");
  }

  @Test
  void vectorCatchStopsAtTheHandlerWithTheFaultNamed() {
    h.core.setCatchFaults(true);
    h.core.writeCsr(RvCsr.MTVEC, HANDLER);
    h.set(1, 0x0020_0000);
    h.program(NOP, lw(2, 1, 0));
    Optional<StopReason> stop = h.run(10);
    assertThat(stop)
        .contains(
            new StopReason.Fault(
                "LoadAccessFault",
                Integer.toUnsignedLong(BASE + 4),
                "load at 0x00200000 no memory or device there"));
    assertThat(h.core.pc()).isEqualTo(HANDLER);
  }

  @Test
  void vectorCatchNamesThePmpEntryThatDenied() {
    h.core.setCatchFaults(true);
    h.core.writeCsr(RvCsr.MTVEC, HANDLER);
    h.pmp.writeAddr(0, (BASE + 0x800) >>> 2 | 0x1F);
    h.pmp.writeAddr(1, -1);
    h.pmp.writeCfg(0, 0x18 | 0x1F << 8);
    h.core.setPrivilege(RiscvCore.PRIV_U);
    h.set(1, BASE + 0x800);
    h.program(sw(0, 1, 4));
    Optional<StopReason> stop = h.run(10);
    assertThat(stop)
        .contains(
            new StopReason.Fault(
                "StoreAccessFault",
                Integer.toUnsignedLong(BASE),
                String.format("store at 0x%08x denied by PMP entry 0", BASE + 0x804)));
    assertThat(h.csr(RvCsr.MTVAL)).isEqualTo(Integer.toUnsignedLong(BASE + 0x804));
  }

  @Test
  void ecallIsNotCaught() {
    h.core.setCatchFaults(true);
    h.core.writeCsr(RvCsr.MTVEC, HANDLER);
    h.program(ECALL);
    h.put(HANDLER, NOP);
    assertThat(h.run(2)).isEmpty();
    assertThat(h.core.pc()).isEqualTo(HANDLER + 4);
  }

  // Breakpoints and semihosting ---------------------------------------------------------------

  @Test
  void ebreakAndCompressedEbreakStopAsBreakpoints() {
    h.program(NOP, EBREAK);
    assertThat(h.run(5)).contains(new StopReason.Breakpoint(Integer.toUnsignedLong(BASE + 4)));
    assertThat(h.core.pc()).isEqualTo(BASE + 4);
    h.core.setPc(BASE);
    h.put16(BASE, 0x9002);
    assertThat(h.run(5)).contains(new StopReason.Breakpoint(Integer.toUnsignedLong(BASE)));
  }

  @Test
  void semihostingSequenceCallsTheHostWithA0AndA1() {
    h.set(10, 0x04).set(11, 0x1234);
    h.semihostResult = new SemihostingResult.Value(77);
    h.program(SEMIHOST_PRE, EBREAK, SEMIHOST_POST, NOP);
    assertThat(h.run(4)).isEmpty();
    assertThat(h.semihostCalls).containsExactly(new int[] {4, 0x1234});
    assertThat(h.x(10)).isEqualTo(77);
    assertThat(h.core.pc()).isEqualTo(BASE + 16);
  }

  @Test
  void semihostingExitStopsWithTheCode() {
    h.semihostResult = new SemihostingResult.Exit(3);
    h.program(SEMIHOST_PRE, EBREAK, SEMIHOST_POST);
    assertThat(h.run(4)).contains(new StopReason.Exited(3));
  }

  @Test
  void sequenceAcrossAPageBoundaryIsAPlainBreakpoint() {
    int at = BASE + 0x1000 - 8;
    h.core.setPc(at);
    h.put(at, NOP, SEMIHOST_PRE, EBREAK, SEMIHOST_POST);
    assertThat(h.run(4)).contains(new StopReason.Breakpoint(Integer.toUnsignedLong(BASE + 0x1000)));
    assertThat(h.semihostCalls).isEmpty();
  }

  @Test
  void sequenceInUserModeIsAPlainBreakpoint() {
    h.pmp.writeAddr(0, -1);
    h.pmp.writeCfg(0, 0x1F);
    h.core.setPrivilege(RiscvCore.PRIV_U);
    h.program(SEMIHOST_PRE, EBREAK, SEMIHOST_POST);
    assertThat(h.run(4)).contains(new StopReason.Breakpoint(Integer.toUnsignedLong(BASE + 4)));
    assertThat(h.semihostCalls).isEmpty();
  }

  @Test
  void debuggerBreakpointStopsBeforeTheInstructionAndCanBeSteppedOver() {
    h.program(addi(1, 1, 1), addi(1, 1, 1), addi(1, 1, 1));
    h.core.setBreakpoints(new int[] {BASE + 4});
    assertThat(h.run(10)).contains(new StopReason.Breakpoint(Integer.toUnsignedLong(BASE + 4)));
    assertThat(h.x(1)).isEqualTo(1);
    h.core.stepOverBreakpointAt(BASE + 4);
    h.run(2);
    assertThat(h.x(1)).isEqualTo(3);
  }

  @Test
  void storeOverCachedCodeTakesEffect() {
    h.set(2, BASE + 8);
    h.set(3, addi(5, 0, 42));
    h.program(j(8, 0), NOP, addi(5, 0, 1), sw(3, 2, 0), j(-8, 0));
    h.run(3); // j, addi 1, sw
    assertThat(h.x(5)).isEqualTo(1);
    h.run(2); // j back, the new addi
    assertThat(h.x(5)).isEqualTo(42);
  }

  // Interrupts and WFI -------------------------------------------------------------------------

  @Test
  void enabledTimerInterruptIsTakenWithTheInterruptBitInMcause() {
    h.core.writeCsr(RvCsr.MTVEC, HANDLER);
    h.core.writeCsr(RvCsr.MIE, RvCsr.MTIP);
    h.core.writeCsr(MSTATUS, RvCsr.MSTATUS_MIE);
    h.program(NOP, NOP);
    h.put(HANDLER, NOP);
    h.run(1);
    h.core.setPendingInterrupts(RvCsr.MTIP);
    h.run(1);
    assertThat(h.csr(RvCsr.MCAUSE)).isEqualTo(0x8000_0007L);
    assertThat(h.csr(RvCsr.MEPC)).isEqualTo(Integer.toUnsignedLong(BASE + 4));
    assertThat(h.core.pc()).isEqualTo(HANDLER + 4);
  }

  @Test
  void vectoredModeJumpsToBasePlusFourTimesTheCauseAndSoftwareBeatsTimer() {
    h.core.writeCsr(RvCsr.MTVEC, HANDLER | 1);
    h.core.writeCsr(RvCsr.MIE, RvCsr.MTIP | RvCsr.MSIP);
    h.core.writeCsr(MSTATUS, RvCsr.MSTATUS_MIE);
    h.program(NOP);
    h.put(HANDLER, NOP, NOP, NOP, NOP, NOP, NOP, NOP, NOP, NOP);
    h.core.setPendingInterrupts(RvCsr.MTIP | RvCsr.MSIP);
    h.run(1);
    assertThat(h.csr(RvCsr.MCAUSE)).isEqualTo(0x8000_0003L);
    assertThat(h.core.pc()).isEqualTo(HANDLER + 12 + 4);
    h.core.setPendingInterrupts(RvCsr.MTIP);
    h.core.writeCsr(MSTATUS, RvCsr.MSTATUS_MIE);
    h.run(1);
    assertThat(h.csr(RvCsr.MCAUSE)).isEqualTo(0x8000_0007L);
    assertThat(h.core.pc()).isEqualTo(HANDLER + 28 + 4);
  }

  @Test
  void machineInterruptsWaitForMieInMachineModeButNotInUserMode() {
    h.core.writeCsr(RvCsr.MTVEC, HANDLER);
    h.core.writeCsr(RvCsr.MIE, RvCsr.MTIP);
    h.core.setPendingInterrupts(RvCsr.MTIP);
    h.program(NOP, NOP);
    h.put(HANDLER, NOP);
    h.run(1);
    assertThat(h.core.pc()).isEqualTo(BASE + 4);
    h.pmp.writeAddr(0, -1);
    h.pmp.writeCfg(0, 0x1F);
    h.core.setPrivilege(RiscvCore.PRIV_U);
    h.run(1);
    assertThat(h.csr(RvCsr.MCAUSE)).isEqualTo(0x8000_0007L);
    assertThat(h.csr(MSTATUS) & RvCsr.MSTATUS_MPP).isZero();
  }

  @Test
  void wfiSleepsUntilAnEnabledInterruptIsPendingEvenWithMieClear() {
    h.core.writeCsr(RvCsr.MIE, RvCsr.MSIP);
    h.program(WFI, addi(1, 0, 1));
    h.run(10);
    assertThat(h.core.sleeping()).isTrue();
    assertThat(h.core.pc()).isEqualTo(BASE + 4);
    h.core.setPendingInterrupts(RvCsr.MTIP);
    assertThat(h.core.sleeping()).isTrue();
    h.core.setPendingInterrupts(RvCsr.MSIP);
    assertThat(h.core.sleeping()).isFalse();
    h.run(1);
    assertThat(h.x(1)).isEqualTo(1);
    assertThat(h.csr(RvCsr.MCAUSE)).isZero();
  }

  @Test
  void wfiInUserModeWithTimeoutWaitIsIllegal() {
    h.pmp.writeAddr(0, -1);
    h.pmp.writeCfg(0, 0x1F);
    h.core.writeCsr(MSTATUS, RvCsr.MSTATUS_TW);
    h.core.writeCsr(RvCsr.MTVEC, HANDLER);
    h.core.setPrivilege(RiscvCore.PRIV_U);
    h.program(WFI);
    h.run(1);
    assertThat(h.csr(RvCsr.MCAUSE)).isEqualTo(2);
  }
}
