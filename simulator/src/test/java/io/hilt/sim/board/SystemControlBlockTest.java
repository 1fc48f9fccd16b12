package io.hilt.sim.board;

import static io.hilt.sim.board.ExceptionTest.RESET;
import static io.hilt.sim.board.ExceptionTest.handler;
import static io.hilt.sim.board.ExceptionTest.program;
import static io.hilt.sim.board.FaultModelTest.*;
import static io.hilt.sim.thumb.Asm.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.target.StopReason;
import io.hilt.sim.cortexm.CoreModel;
import io.hilt.sim.cortexm.ExceptionUnit;
import io.hilt.sim.cortexm.Nvic;
import org.junit.jupiter.api.Test;

/** SCB and NVIC registers of the Cortex-M3 as firmware sees them. */
class SystemControlBlockTest {
  static final int STIR = 0xE000_EF00;
  static final int VTOR = 0xE000_ED08;

  @Test
  void ccrKeepsItsWritableBitsAndAircrNeedsTheKey() {
    Program p = program().at(RESET);
    set(p, CCR, 0xFFFF_FFFF);
    set(p, AIRCR, 0x0000_0700); // no VECTKEY: ignored
    p.hw(bkpt(1));
    BoardHarness h = m3(p);
    h.run(1000);
    assertThat(h.peek(CCR)).isEqualTo(0x31B);
    assertThat(h.peek(AIRCR)).isEqualTo(0xFA05_0000);
  }

  @Test
  void stirPendsAnInterruptAndUnprivilegedCodeNeedsUsersetmpend() {
    Program p = set(program().at(RESET), SHCSR, BUSFAULTENA);
    set(p, ISER, 1 << 4);
    set(p, STIR, 4);
    p.at(handler(Nvic.IRQ0 + 4)).hw(bkpt(4));
    BoardHarness h = m3(p);
    assertThat(h.run(1000)).contains(new StopReason.Breakpoint(handler(Nvic.IRQ0 + 4)));

    Program user = set(program().at(RESET), SHCSR, BUSFAULTENA);
    set(user, ISER, 1 << 4);
    set(user, CCR, 0x202);
    msrFrom(user, SYSM_CONTROL, 1);
    set(user, STIR, 4);
    user.at(handler(Nvic.IRQ0 + 4)).hw(bkpt(4));
    h = m3(user);
    assertThat(h.run(1000)).contains(new StopReason.Breakpoint(handler(Nvic.IRQ0 + 4)));

    Program refused = set(program().at(RESET), SHCSR, BUSFAULTENA);
    msrFrom(refused, SYSM_CONTROL, 1);
    set(refused, STIR, 4);
    h = m3(refused);
    assertThat(caught(h).exception()).isEqualTo("BusFault");
    assertThat(h.peek(BFAR)).isEqualTo(STIR);
  }

  @Test
  void shcsrShowsActiveAndPendingSystemHandlers() {
    Program p = set(program().at(RESET), SHPR2, 0x4000_0000).hw(svc(0));
    set(p.at(handler(Nvic.SV_CALL)), ICSR, 1 << 28); // PendSV at 0 preempts SVCall at 0x40
    p.hw(bkpt(1));
    p.at(handler(Nvic.PEND_SV)).load(0, ICSR).hw(ldrImm(1, 0, 0), bkpt(2));
    BoardHarness h = m3(p);
    assertThat(h.run(1000)).containsInstanceOf(StopReason.Breakpoint.class);
    assertThat(h.core().ipsr()).isEqualTo(Nvic.PEND_SV);
    assertThat(h.peek(SHCSR)).as("SVCALLACT, PENDSVACT").isEqualTo(1 << 7 | 1 << 10);
    int icsr = h.reg(1);
    assertThat(icsr & 0x1FF).as("VECTACTIVE").isEqualTo(Nvic.PEND_SV);
    assertThat(icsr & (1 << 11)).as("RETTOBASE: two active").isZero();
  }

  @Test
  void shcsrPendedBitPendsTheHandler() {
    Program p = set(program().at(RESET), SHCSR, MEMFAULTENA | 1 << 13);
    p.hw(bkpt(1));
    p.at(handler(Nvic.MEM_MANAGE)).hw(bkpt(4));
    BoardHarness h = m3(p);
    assertThat(h.run(1000)).contains(new StopReason.Breakpoint(handler(Nvic.MEM_MANAGE)));
  }

  @Test
  void sysresetreqResetsTheCoreButKeepsTheVectorCatch() {
    Program p = program().at(RESET).load(0, 0x2000_0000).hw(ldrImm(1, 0, 0), addsImm8(1, 1));
    p.hw(strImm(1, 0, 0));
    set(p, AIRCR, 0x05FA_0004);
    p.hw(b(-4));
    p.at(0x2000_0000).word(0);
    BoardHarness h = new BoardHarness(p, CoreModel.CORTEX_M3, ExceptionUnit.VC_ALL_FAULTS);
    h.run(200);
    assertThat(h.word(0x2000_0000)).as("ran again after each reset").isGreaterThan(1);
    assertThat(h.peek(0xE000_EDFC) & ExceptionUnit.VC_ALL_FAULTS)
        .isEqualTo(ExceptionUnit.VC_ALL_FAULTS);
  }

  @Test
  void unreadableVectorTableIsVecttblAndLocksUpWhenHardFaultsIsToo() {
    Program p = set(program().at(RESET), VTOR, 0x6000_0000).hw(svc(0));
    BoardHarness h = m3(p);
    StopReason stop = h.run(1000).orElseThrow();
    assertThat(stop).isInstanceOf(StopReason.Lockup.class);
    assertThat(((StopReason.Lockup) stop).detail()).contains("vector of HardFault");
    assertThat(h.peek(HFSR)).isEqualTo(1 << 1);
  }

  @Test
  void bitBandAliasesReadAndWriteSingleBits() {
    int word = 0x2000_0100;
    int alias = 0x2200_0000 + ((word - 0x2000_0000) << 5);
    Program p = program().at(RESET).load(0, alias).hw(movsImm(1, 1), movsImm(2, 0));
    p.hw(strImm(1, 0, 3), strImm(2, 0, 7), strImm(1, 0, 17)); // bits 3 and 17 set, 7 cleared
    p.hw(ldrImm(3, 0, 3), ldrImm(4, 0, 7), bkpt(1));
    p.at(word).word(0x80);
    BoardHarness h = m3(p);
    assertThat(h.run(1000)).containsInstanceOf(StopReason.Breakpoint.class);
    assertThat(h.word(word)).isEqualTo(0x0002_0008);
    assertThat(h.reg(3)).isEqualTo(1);
    assertThat(h.reg(4)).isZero();

    BoardHarness m0 = new BoardHarness(p, CoreModel.CORTEX_M0PLUS, ExceptionUnit.VC_ALL_FAULTS);
    assertThat(caught(m0).detail()).as("no bit-banding on the M0+").contains("0x2200200c");
  }

  @Test
  void mpuRasrTakesHalfwordWrites() {
    Program p = program().at(RESET).load(0, MPU_RASR);
    p.load(1, 0x0600).hw(strhImm(1, 0, 1)); // attributes: AP = 110
    p.load(1, 0x0013).hw(strhImm(1, 0, 0)); // SIZE 9, ENABLE
    p.hw(bkpt(1));
    BoardHarness h = m3(p);
    h.run(1000);
    assertThat(h.peek(MPU_RASR)).isEqualTo(0x0600_0013);
  }

  @Test
  void unmodelledDebugComponentsReadAsZeroForPrivilegedCodeOnly() {
    Program p = set(program().at(RESET), SHCSR, BUSFAULTENA);
    p.load(0, 0xE000_EDFC).load(1, 1 << 24).hw(ldrImm(2, 0, 0), dp(ORR, 2, 1), strImm(2, 0, 0));
    set(p, 0xE000_1000, 1); // DWT_CTRL.CYCCNTENA
    p.load(3, 0xE000_1004).hw(ldrImm(1, 3, 0));
    msrFrom(p, SYSM_CONTROL, 1).hw(ldrImm(2, 3, 0));
    BoardHarness h = m3(p);
    assertThat(caught(h).exception()).isEqualTo("BusFault");
    assertThat(h.reg(1)).as("CYCCNT, as on QEMU").isZero();
    assertThat(h.peek(BFAR)).isEqualTo(0xE000_1004);
  }
}
