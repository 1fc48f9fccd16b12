package io.hilt.sim.board;

import static io.hilt.sim.thumb.Asm.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.target.StopReason;
import io.hilt.sim.cortexm.Nvic;
import org.junit.jupiter.api.Test;

/** Exception entry and return, NVIC, SysTick, SCB and lockup on hand-assembled firmware. */
class ExceptionTest {
  static final int SP = 0x2000_8000;
  static final int RESET = 0x100;
  static final int ICSR = 0xE000_ED04;
  static final int AIRCR = 0xE000_ED0C;
  static final int ISER = 0xE000_E100;
  static final int ISPR = 0xE000_E200;
  static final int IPR0 = 0xE000_E400;
  static final int SYST_CSR = 0xE000_E010;

  static int handler(int exception) {
    return 0x400 + 0x40 * exception;
  }

  /** Vector table with every exception pointing at its own handler slot, reset at 0x100. */
  static Program program() {
    int[] handlers = new int[47];
    handlers[0] = RESET;
    for (int e = 2; e <= 47; e++) {
      handlers[e - 1] = handler(e);
    }
    return new Program().vectors(SP, handlers);
  }

  static StopReason.Breakpoint bkptAt(int address) {
    return new StopReason.Breakpoint(address);
  }

  /** Resumes past a BKPT the harness stopped on. */
  static void skipBkpt(BoardHarness h) {
    h.core().setPc(h.core().pc() + 2);
  }

  @Test
  void resetLoadsSpAndPcFromTheVectorTable() {
    Program p = program().at(RESET).hw(bkpt(1));
    BoardHarness h = new BoardHarness(p);
    assertThat(h.reg(13)).isEqualTo(SP);
    assertThat(h.reg(15)).isEqualTo(RESET);
    assertThat(h.core().xpsr()).isEqualTo(1 << 24);
    assertThat(h.run(10)).contains(bkptAt(RESET));
  }

  @Test
  void svcStacksEightWordsOnTheMainStackAndReturns() {
    Program p = program().at(RESET);
    p.load(0, 0x10).load(1, 0x11).load(2, 0x12).load(3, 0x13).load(4, 0xC0DE);
    p.hw(movHi(12, 4)).load(5, 0x1235).hw(movHi(14, 5)).hw(movsImm(6, 0)); // Z set
    int svcAt = p.here();
    p.hw(svc(5), bkpt(1));
    p.at(handler(Nvic.SV_CALL)).hw(bkpt(2), bx(14));
    BoardHarness h = new BoardHarness(p);

    assertThat(h.run(1000)).contains(bkptAt(handler(Nvic.SV_CALL)));
    int frame = SP - 32;
    assertThat(h.reg(13)).isEqualTo(frame);
    assertThat(h.reg(14)).isEqualTo(0xFFFFFFF9);
    assertThat(h.core().ipsr()).isEqualTo(Nvic.SV_CALL);
    assertThat(new int[] {h.word(frame), h.word(frame + 4), h.word(frame + 8), h.word(frame + 12)})
        .containsExactly(0x10, 0x11, 0x12, 0x13);
    assertThat(h.word(frame + 16)).isEqualTo(0xC0DE);
    assertThat(h.word(frame + 20)).isEqualTo(0x1235);
    assertThat(h.word(frame + 24)).isEqualTo(svcAt + 2);
    assertThat(h.word(frame + 28)).isEqualTo(0x4100_0000);

    skipBkpt(h);
    assertThat(h.run(100)).contains(bkptAt(svcAt + 2));
    assertThat(h.reg(13)).isEqualTo(SP);
    assertThat(h.core().ipsr()).isZero();
    assertThat(h.reg(14)).isEqualTo(0x1235);
    assertThat(h.core().flagZ()).isTrue();
  }

  @Test
  void threadModeOnTheProcessStackStacksThereAndReturnsWithFd() {
    int[] msrPsp = msr(9, 0);
    int[] msrControl = msr(20, 1);
    Program p = program().at(RESET).load(0, 0x2000_4000).load(1, 2);
    p.hw(msrPsp[0], msrPsp[1], msrControl[0], msrControl[1], ISB[0], ISB[1]);
    p.hw(svc(0), bkpt(1));
    p.at(handler(Nvic.SV_CALL)).hw(bkpt(2), bx(14));
    BoardHarness h = new BoardHarness(p);

    assertThat(h.run(1000)).contains(bkptAt(handler(Nvic.SV_CALL)));
    assertThat(h.reg(14)).isEqualTo(0xFFFFFFFD);
    assertThat(h.core().psp()).isEqualTo(0x2000_4000 - 32);
    assertThat(h.core().msp()).isEqualTo(SP);
    assertThat(h.reg(13)).as("handlers run on MSP").isEqualTo(SP);
    assertThat(h.core().control() & 2).as("SPSEL clear in Handler mode").isZero();

    skipBkpt(h);
    assertThat(h.run(100)).isPresent();
    assertThat(h.reg(13)).isEqualTo(0x2000_4000);
    assertThat(h.core().control()).isEqualTo(2);
  }

  @Test
  void entryRealignsTheStackToEightBytesAndRecordsItInXpsrBit9() {
    Program p = program().at(RESET).hw(subSp(1)); // SP = ...7FFC
    p.hw(svc(0), bkpt(1));
    p.at(handler(Nvic.SV_CALL)).hw(bkpt(2), bx(14));
    BoardHarness h = new BoardHarness(p);

    h.run(100);
    int frame = (SP - 4 - 32) & ~7;
    assertThat(h.reg(13)).isEqualTo(frame);
    assertThat(h.word(frame + 28) & (1 << 9)).isNotZero();
    skipBkpt(h);
    h.run(100);
    assertThat(h.reg(13)).isEqualTo(SP - 4);
  }

  @Test
  void nestedExceptionsReturnToHandlerModeWithF1() {
    Program p = program().at(RESET).hw(svc(0), bkpt(1));
    p.at(handler(Nvic.SV_CALL)).load(0, ICSR).load(1, 1 << 31).hw(strImm(1, 0, 0), bkpt(2));
    p.at(handler(Nvic.NMI)).hw(bkpt(3), bx(14));
    BoardHarness h = new BoardHarness(p);

    assertThat(h.run(1000)).contains(bkptAt(handler(Nvic.NMI)));
    assertThat(h.reg(14)).isEqualTo(0xFFFFFFF1);
    assertThat(h.core().ipsr()).isEqualTo(Nvic.NMI);
    skipBkpt(h);
    assertThat(h.run(100))
        .hasValueSatisfying(s -> assertThat(s).isInstanceOf(StopReason.Breakpoint.class));
    assertThat(h.core().ipsr()).isEqualTo(Nvic.SV_CALL);
  }

  @Test
  void pendSvSetThroughIcsrIsTakenAfterTheStore() {
    Program p = program().at(RESET).load(0, ICSR).load(1, 1 << 28);
    int store = p.here();
    p.hw(strImm(1, 0, 0), NOP, bkpt(1));
    p.at(handler(Nvic.PEND_SV)).hw(bkpt(2));
    BoardHarness h = new BoardHarness(p);

    assertThat(h.run(1000)).contains(bkptAt(handler(Nvic.PEND_SV)));
    assertThat(h.word(h.reg(13) + 24)).isEqualTo(store + 2);
  }

  @Test
  void sysTickInterruptsAfterTheReloadPeriodAndSetsCountflag() {
    Program p = program().at(RESET).load(0, SYST_CSR).load(1, 99);
    p.hw(strImm(1, 0, 1)); // RVR = 99
    p.hw(movsImm(1, 7), strImm(1, 0, 0)); // ENABLE | TICKINT | CLKSOURCE
    int loop = p.here();
    p.hw(b(-4));
    p.at(handler(Nvic.SYS_TICK)).hw(bkpt(4));
    BoardHarness h = new BoardHarness(p);

    assertThat(h.run(60)).isEmpty();
    assertThat(h.run(200)).contains(bkptAt(handler(Nvic.SYS_TICK)));
    assertThat(h.word(h.reg(13) + 24)).isEqualTo(loop);
    assertThat(h.word(SYST_CSR) & (1 << 16)).isNotZero();
    assertThat(h.word(SYST_CSR) & (1 << 16)).as("COUNTFLAG clears on read").isZero();
  }

  @Test
  void enabledPendingInterruptIsTakenAndDisabledOneWaits() {
    Program p = program().at(RESET).load(0, ISPR).load(1, 1 << 3);
    p.hw(strImm(1, 0, 0), NOP);
    int afterPend = p.here();
    p.hw(bkpt(1)).load(0, ISER).hw(strImm(1, 0, 0), NOP, bkpt(8));
    p.at(handler(Nvic.IRQ0 + 3)).load(0, ICSR).hw(ldrImm(2, 0, 0), bkpt(2));
    BoardHarness h = new BoardHarness(p);

    assertThat(h.run(1000)).contains(bkptAt(afterPend));
    assertThat(h.word(ISPR)).isEqualTo(1 << 3);
    skipBkpt(h);
    assertThat(h.run(1000))
        .hasValueSatisfying(s -> assertThat(s).isInstanceOf(StopReason.Breakpoint.class));
    assertThat(h.core().ipsr()).isEqualTo(Nvic.IRQ0 + 3);
    assertThat(h.reg(2) & 0x3F).as("ICSR.VECTACTIVE").isEqualTo(Nvic.IRQ0 + 3);
    assertThat(h.word(ISPR)).as("pending cleared on entry").isZero();
  }

  @Test
  void lowerPriorityInterruptTailChainsAndHigherOnePreempts() {
    Program p = program().at(RESET);
    // Priorities: IRQ0 0x40, IRQ1 0x80, IRQ2 0x00.
    p.load(0, IPR0).load(1, 0x0000_8040).hw(strImm(1, 0, 0));
    p.load(0, ISER).hw(movsImm(1, 7), strImm(1, 0, 0));
    p.load(0, ISPR).hw(movsImm(1, 1), strImm(1, 0, 0), bkpt(1));
    p.at(handler(Nvic.IRQ0)).load(0, ISPR).hw(movsImm(1, 2), strImm(1, 0, 0), bkpt(2), bx(14));
    p.at(handler(Nvic.IRQ0 + 1)).hw(bkpt(3)).load(0, ISPR);
    p.hw(movsImm(1, 4), strImm(1, 0, 0), bkpt(5), bx(14));
    p.at(handler(Nvic.IRQ0 + 2)).hw(bkpt(4), bx(14));
    BoardHarness h = new BoardHarness(p);

    h.run(1000);
    assertThat(h.core().ipsr()).as("IRQ1 pended but cannot preempt IRQ0").isEqualTo(16);
    skipBkpt(h);
    h.run(1000);
    assertThat(h.core().ipsr()).as("tail-chained into IRQ1").isEqualTo(17);
    assertThat(h.reg(14)).isEqualTo(0xFFFFFFF9);
    skipBkpt(h);
    h.run(1000);
    assertThat(h.core().ipsr()).as("IRQ2 preempts IRQ1").isEqualTo(18);
    assertThat(h.reg(14)).isEqualTo(0xFFFFFFF1);
    skipBkpt(h);
    h.run(1000);
    assertThat(h.core().ipsr()).isEqualTo(17);
    skipBkpt(h);
    assertThat(h.run(1000)).isPresent();
    assertThat(h.core().ipsr()).isZero();
  }

  @Test
  void primaskHoldsInterruptsButNotNmi() {
    Program p = program().at(RESET).hw(CPSID);
    p.load(0, ISER).hw(movsImm(1, 1), strImm(1, 0, 0));
    p.load(0, ISPR).hw(strImm(1, 0, 0), NOP);
    int held = p.here();
    p.hw(bkpt(1), CPSIE, NOP, bkpt(9));
    p.at(handler(Nvic.IRQ0)).hw(bkpt(2));
    BoardHarness h = new BoardHarness(p);

    assertThat(h.run(1000)).contains(bkptAt(held));
    skipBkpt(h);
    assertThat(h.run(1000)).contains(bkptAt(handler(Nvic.IRQ0)));
  }

  @Test
  void undefinedInstructionStopsWithACaughtHardFault() {
    Program p = program().at(RESET).hw(NOP);
    int udfAt = p.here();
    p.hw(udf(3));
    BoardHarness h = new BoardHarness(p);

    StopReason stop = h.run(100).orElseThrow();
    assertThat(stop).isInstanceOf(StopReason.Fault.class);
    StopReason.Fault fault = (StopReason.Fault) stop;
    assertThat(fault.exception()).isEqualTo("HardFault");
    assertThat(fault.pc()).isEqualTo(udfAt);
    assertThat(fault.detail()).contains("UNDEFINED").contains("0xde03");
    assertThat(h.core().ipsr()).isEqualTo(Nvic.HARD_FAULT);
  }

  @Test
  void withoutVectorCatchTheHardFaultHandlerRuns() {
    Program p = program().at(RESET).hw(NOP);
    int udfAt = p.here();
    p.hw(udf(0));
    p.at(handler(Nvic.HARD_FAULT)).hw(bkpt(7));
    BoardHarness h = new BoardHarness(p, false);

    assertThat(h.run(100)).contains(bkptAt(handler(Nvic.HARD_FAULT)));
    assertThat(h.word(h.reg(13) + 24))
        .as("stacked PC is the faulting instruction")
        .isEqualTo(udfAt);
  }

  @Test
  void unalignedAndUnmappedAccessesFaultOnArmv6m() {
    Program p = program().at(RESET).load(0, 0x2000_0001).hw(ldrImm(1, 0, 0));
    StopReason.Fault fault = (StopReason.Fault) new BoardHarness(p).run(100).orElseThrow();
    assertThat(fault.detail()).contains("unaligned").contains("0x20000001");

    p = program().at(RESET).load(0, 0x6000_0000).hw(strImm(1, 0, 0));
    fault = (StopReason.Fault) new BoardHarness(p).run(100).orElseThrow();
    assertThat(fault.detail()).contains("bus error").contains("write").contains("0x60000000");
  }

  @Test
  void svcWithInterruptsMaskedEscalatesToHardFault() {
    Program p = program().at(RESET).hw(CPSID, svc(1));
    StopReason stop = new BoardHarness(p).run(100).orElseThrow();
    assertThat(stop).isInstanceOf(StopReason.Fault.class);
    assertThat(((StopReason.Fault) stop).detail()).contains("SVC #1").contains("escalated");
  }

  @Test
  void faultInsideTheHardFaultHandlerLocksUp() {
    Program p = program().at(RESET).hw(udf(0));
    p.at(handler(Nvic.HARD_FAULT)).hw(udf(1));
    BoardHarness h = new BoardHarness(p, false);
    StopReason stop = h.run(100).orElseThrow();
    assertThat(stop).isInstanceOf(StopReason.Lockup.class);
    assertThat(((StopReason.Lockup) stop).detail()).contains("HardFault");
    assertThat(h.board.run(100)).as("stays locked up").containsInstanceOf(StopReason.Lockup.class);
  }

  @Test
  void faultInsideNmiLocksUp() {
    Program p = program().at(RESET).load(0, ICSR).load(1, 1 << 31).hw(strImm(1, 0, 0), bkpt(1));
    p.at(handler(Nvic.NMI)).hw(udf(2));
    StopReason stop = new BoardHarness(p).run(1000).orElseThrow();
    assertThat(stop).isInstanceOf(StopReason.Lockup.class);
    assertThat(((StopReason.Lockup) stop).detail()).contains("NMI");
  }

  @Test
  void debuggerReadsOfSysTickLeaveCountflagSet() {
    Program p = program().at(RESET).load(0, SYST_CSR).hw(movsImm(1, 9), strImm(1, 0, 1));
    p.hw(movsImm(1, 1), strImm(1, 0, 0), NOP, NOP, NOP, NOP, NOP, NOP, NOP, NOP, NOP, NOP, NOP);
    p.hw(bkpt(1));
    BoardHarness h = new BoardHarness(p);
    h.run(1000);
    assertThat(h.board.bus().peek8(SYST_CSR + 2) & 1).isEqualTo(1);
    assertThat(h.board.bus().peek8(SYST_CSR + 2) & 1).as("still set").isEqualTo(1);
    assertThat(h.word(SYST_CSR) & (1 << 16)).isNotZero();
    assertThat(h.word(SYST_CSR) & (1 << 16)).isZero();
  }

  @Test
  void hardFaultVectorWithoutTheThumbBitLocksUp() {
    Program p = program().at(RESET).hw(udf(0));
    p.at(12).word(handler(Nvic.HARD_FAULT)); // even address
    BoardHarness h = new BoardHarness(p, false);
    assertThat(h.run(100)).containsInstanceOf(StopReason.Lockup.class);
  }

  @Test
  void stackingIntoUnmappedMemoryLocksUp() {
    Program p = program().at(RESET).load(0, 0x6000_0000).hw(movHi(13, 0), udf(0));
    BoardHarness h = new BoardHarness(p, false);
    StopReason stop = h.run(100).orElseThrow();
    assertThat(stop).isInstanceOf(StopReason.Lockup.class);
    assertThat(((StopReason.Lockup) stop).detail()).contains("stacking");
  }

  @Test
  void invalidExcReturnIsAFault() {
    Program p = program().at(RESET).hw(svc(0));
    p.at(handler(Nvic.SV_CALL)).load(0, 0xFFFFFFF5).hw(bx(0));
    StopReason stop = new BoardHarness(p).run(100).orElseThrow();
    assertThat(((StopReason.Fault) stop).detail()).contains("EXC_RETURN 0xfffffff5");
  }

  @Test
  void sysresetreqRestartsFromTheResetVectorKeepingMemory() {
    Program p = program().at(RESET).load(0, 0x2000_0000);
    p.hw(ldrImm(1, 0, 0), addsImm8(1, 1), strImm(1, 0, 0), cmpImm(1, 2));
    p.hw(bcond(0, 0)); // BEQ done
    int resetRequest = p.here();
    p.hw(b(0)); // over the BKPT to the AIRCR write
    int done = p.here();
    p.hw(bkpt(1));
    p.load(0, AIRCR).load(1, 0x05FA_0004).hw(strImm(1, 0, 0), b(-4));
    BoardHarness h = new BoardHarness(p);
    assertThat(resetRequest).isEqualTo(done - 2);
    assertThat(h.run(10_000)).contains(bkptAt(done));
    assertThat(h.word(0x2000_0000)).isEqualTo(2);
  }

  @Test
  void wfiSleepsUntilTheNextSysTickWithoutExecutingInstructions() {
    Program p = program().at(RESET).load(0, SYST_CSR).load(1, 100_000);
    p.hw(strImm(1, 0, 1), movsImm(1, 7), strImm(1, 0, 0), WFI, bkpt(1));
    p.at(handler(Nvic.SYS_TICK)).hw(bx(14));
    BoardHarness h = new BoardHarness(p);
    assertThat(h.run(1_000_000)).containsInstanceOf(StopReason.Breakpoint.class);
    assertThat(h.board.cycles()).isGreaterThan(100_000);
    assertThat(h.board.instructions()).isLessThan(100);
  }

  @Test
  void wfiWithNothingToWakeItSleeps() {
    Program p = program().at(RESET).hw(WFI, bkpt(1));
    BoardHarness h = new BoardHarness(p);
    assertThat(h.run(1000)).isEmpty();
    assertThat(h.board.sleeping()).isTrue();
    h.board.nvic().enableIrqs(1);
    h.board.nvic().raise(0);
    assertThat(h.board.sleeping()).isFalse();
  }

  @Test
  void scbIdentifiesACortexM0PlusWithArmv6mCcr() {
    Program p = program().at(RESET).hw(bkpt(1));
    BoardHarness h = new BoardHarness(p);
    assertThat(h.word(0xE000_ED00)).isEqualTo(0x410CC601);
    assertThat(h.word(0xE000_ED14)).isEqualTo(0x208);
    assertThat(h.word(0xE000_ED0C) >>> 16).isEqualTo(0xFA05);
    assertThat(h.board.bus().write32(0xE000_ED1C, 0xFFFF_FFFF)).isTrue();
    assertThat(h.word(0xE000_ED1C)).as("SHPR2: two priority bits").isEqualTo(0xC000_0000);
    assertThat(h.board.bus().write8(0xE000_ED23, 0x40)).isTrue();
    assertThat(h.word(0xE000_ED20)).as("SHPR3 byte write").isEqualTo(0x4000_0000);
  }
}
