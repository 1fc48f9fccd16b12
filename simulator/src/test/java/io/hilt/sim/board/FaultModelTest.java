package io.hilt.sim.board;

import static io.hilt.sim.board.ExceptionTest.RESET;
import static io.hilt.sim.board.ExceptionTest.SP;
import static io.hilt.sim.board.ExceptionTest.handler;
import static io.hilt.sim.board.ExceptionTest.program;
import static io.hilt.sim.thumb.Asm.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.target.StopReason;
import io.hilt.sim.cortexm.CoreModel;
import io.hilt.sim.cortexm.ExceptionUnit;
import io.hilt.sim.cortexm.Nvic;
import org.junit.jupiter.api.Test;

/**
 * The ARMv7-M fault model on the Cortex-M3 board, one hand-assembled program per case: each fault's
 * CFSR bit and address register, escalation, priorities and masks, lockup, stacking and unstacking
 * errors and the MPU (ARMv7-M Architecture Reference Manual B1.5, B3.2, B3.5).
 */
class FaultModelTest {
  static final int CPUID = 0xE000_ED00;
  static final int ICSR = 0xE000_ED04;
  static final int AIRCR = 0xE000_ED0C;
  static final int CCR = 0xE000_ED14;
  static final int SHPR1 = 0xE000_ED18;
  static final int SHPR2 = 0xE000_ED1C;
  static final int SHPR3 = 0xE000_ED20;
  static final int SHCSR = 0xE000_ED24;
  static final int CFSR = 0xE000_ED28;
  static final int HFSR = 0xE000_ED2C;
  static final int DFSR = 0xE000_ED30;
  static final int MMFAR = 0xE000_ED34;
  static final int BFAR = 0xE000_ED38;
  static final int MPU_TYPE = 0xE000_ED90;
  static final int MPU_CTRL = 0xE000_ED94;
  static final int MPU_RBAR = 0xE000_ED9C;
  static final int MPU_RASR = 0xE000_EDA0;
  static final int ISER = 0xE000_E100;
  static final int ISPR = 0xE000_E200;
  static final int IPR0 = 0xE000_E400;

  static final int MEMFAULTENA = 1 << 16;
  static final int BUSFAULTENA = 1 << 17;
  static final int USGFAULTENA = 1 << 18;
  static final int ALL_FAULTS_ENABLED = MEMFAULTENA | BUSFAULTENA | USGFAULTENA;

  static final int IACCVIOL = 1;
  static final int DACCVIOL = 1 << 1;
  static final int MUNSTKERR = 1 << 3;
  static final int MSTKERR = 1 << 4;
  static final int MMARVALID = 1 << 7;
  static final int IBUSERR = 1 << 8;
  static final int PRECISERR = 1 << 9;
  static final int UNSTKERR = 1 << 11;
  static final int STKERR = 1 << 12;
  static final int BFARVALID = 1 << 15;
  static final int UNDEFINSTR = 1 << 16;
  static final int INVSTATE = 1 << 17;
  static final int INVPC = 1 << 18;
  static final int UNALIGNED = 1 << 24;
  static final int FORCED = 1 << 30;

  static final int SYSM_BASEPRI = 17;
  static final int SYSM_FAULTMASK = 19;
  static final int SYSM_CONTROL = 20;
  static final int SYSM_PSP = 9;

  static BoardHarness m3(Program p) {
    return new BoardHarness(p, CoreModel.CORTEX_M3, ExceptionUnit.VC_ALL_FAULTS);
  }

  static BoardHarness m3WithoutCatch(Program p) {
    return new BoardHarness(p, CoreModel.CORTEX_M3, 0);
  }

  /** Stores {@code value} at {@code address} from firmware (r6, r7 scratch). */
  static Program set(Program p, int address, int value) {
    return p.load(6, address).load(7, value).hw(strImm(7, 6, 0));
  }

  static Program msrFrom(Program p, int sysm, int value) {
    int[] msr = msr(sysm, 0);
    return p.load(0, value).hw(msr[0], msr[1], ISB[0], ISB[1]);
  }

  /** MPU region {@code n}: 2^log2 bytes at base, access permissions, XN. */
  static Program region(Program p, int n, int base, int log2, int ap, boolean xn) {
    set(p, MPU_RBAR, base | 0x10 | n);
    return set(p, MPU_RASR, 1 | (log2 - 1) << 1 | ap << 24 | (xn ? 1 << 28 : 0));
  }

  /** Region 0: the whole 4 GiB read-write for everyone, so other regions carve out exceptions. */
  static Program everythingAccessible(Program p) {
    return region(p, 0, 0, 32, 3, false);
  }

  static StopReason.Fault caught(BoardHarness h) {
    StopReason stop = h.run(10_000).orElseThrow();
    assertThat(stop).isInstanceOf(StopReason.Fault.class);
    return (StopReason.Fault) stop;
  }

  int stackedPc(BoardHarness h) {
    return h.word(h.reg(13) + 24);
  }

  // Identification and reset values -------------------------------------------------------------

  @Test
  void resetValuesAreThoseOfACortexM3AndM4() {
    Program p = program().at(RESET).hw(bkpt(1));
    BoardHarness h = m3(p);
    assertThat(h.peek(CPUID)).isEqualTo(0x412F_C230);
    assertThat(h.peek(CCR)).as("STKALIGN set from reset").isEqualTo(0x200);
    assertThat(h.peek(AIRCR)).isEqualTo(0xFA05_0000);
    assertThat(h.peek(MPU_TYPE)).as("8 unified regions").isEqualTo(0x800);
    assertThat(h.peek(SHCSR)).isZero();
    assertThat(h.peek(0xE000_E004)).as("ICTR: 32 interrupts").isZero();
    assertThat(h.peek(0xE000_ED60)).as("ID_ISAR0").isEqualTo(0x0114_1110);
    assertThat(h.peek(0xE000_ED88)).as("CPACR: no FPU").isZero();
    assertThat(h.peek(0xE000_EF34)).as("FPCCR: no FPU").isZero();
    BoardHarness m4 = new BoardHarness(p, CoreModel.CORTEX_M4, 0);
    assertThat(m4.peek(CPUID)).isEqualTo(0x410F_C241);
    assertThat(m4.peek(0xE000_ED64)).as("ID_ISAR1 shows the DSP extension").isEqualTo(0x0211_2000);
  }

  @Test
  void priorityRegistersImplementThreeBits() {
    Program p = program().at(RESET);
    set(p, SHPR1, 0xFFFF_FFFF);
    set(p, IPR0, 0xFFFF_FFFF);
    p.hw(bkpt(1));
    BoardHarness h = m3(p);
    h.run(1000);
    assertThat(h.peek(SHPR1)).as("byte 3 is reserved").isEqualTo(0x00E0_E0E0);
    assertThat(h.peek(IPR0)).isEqualTo(0xE0E0_E0E0);
  }

  // Configurable faults and escalation ----------------------------------------------------------

  @Test
  void undefinedInstructionIsAUsageFaultWhenEnabled() {
    Program p = set(program().at(RESET), SHCSR, USGFAULTENA);
    int at = p.here();
    p.hw(udf(7));
    BoardHarness h = m3(p);

    StopReason.Fault f = caught(h);
    assertThat(f.exception()).isEqualTo("UsageFault");
    assertThat(f.pc()).isEqualTo(at);
    assertThat(f.detail()).contains("UNDEFINED");
    assertThat(h.peek(CFSR)).isEqualTo(UNDEFINSTR);
    assertThat(h.peek(HFSR)).isZero();
    assertThat(h.core().ipsr()).isEqualTo(Nvic.USAGE_FAULT);
    assertThat(h.core().pc()).as("stopped at the handler entry").isEqualTo(handler(6));
    assertThat(h.reg(14)).isEqualTo(0xFFFF_FFF9);
    assertThat(stackedPc(h)).isEqualTo(at);
    assertThat(h.peek(SHCSR) & (1 << 3)).as("USGFAULTACT").isNotZero();
    assertThat(h.peek(DFSR) & (1 << 3)).as("DFSR.VCATCH").isNotZero();
  }

  @Test
  void disabledUsageFaultEscalatesToHardFaultWithForced() {
    Program p = program().at(RESET).hw(NOP);
    int at = p.here();
    p.hw(udf(0));
    BoardHarness h = m3(p);

    StopReason.Fault f = caught(h);
    assertThat(f.exception()).isEqualTo("HardFault");
    assertThat(f.pc()).isEqualTo(at);
    assertThat(h.peek(HFSR)).isEqualTo(FORCED);
    assertThat(h.peek(CFSR)).isEqualTo(UNDEFINSTR);
    assertThat(h.core().ipsr()).isEqualTo(Nvic.HARD_FAULT);
  }

  @Test
  void basepriAtOrAboveTheFaultPriorityEscalatesIt() {
    Program p = set(program().at(RESET), SHCSR, USGFAULTENA);
    set(p, SHPR1, 0x0080_0000); // UsageFault priority 0x80
    msrFrom(p, SYSM_BASEPRI, 0x80).hw(udf(0));
    StopReason.Fault f = caught(m3(p));
    assertThat(f.exception()).isEqualTo("HardFault");

    p = set(program().at(RESET), SHCSR, USGFAULTENA);
    set(p, SHPR1, 0x0080_0000);
    msrFrom(p, SYSM_BASEPRI, 0xA0).hw(udf(0));
    assertThat(caught(m3(p)).exception())
        .as("BASEPRI below the fault's priority")
        .isEqualTo("UsageFault");
  }

  @Test
  void faultInsideAHandlerOfBetterPriorityEscalates() {
    Program p = set(program().at(RESET), SHCSR, USGFAULTENA);
    set(p, SHPR1, 0x0040_0000); // UsageFault 0x40
    set(p, SHPR2, 0x2000_0000); // SVCall 0x20
    p.hw(svc(0));
    p.at(handler(Nvic.SV_CALL)).hw(udf(1));
    BoardHarness h = m3(p);
    StopReason.Fault f = caught(h);
    assertThat(f.exception()).isEqualTo("HardFault");
    assertThat(f.pc()).isEqualTo(handler(Nvic.SV_CALL));
    assertThat(h.reg(14)).isEqualTo(0xFFFF_FFF1);
    assertThat(h.peek(HFSR)).isEqualTo(FORCED);
  }

  @Test
  void faultmaskMakesAnyFaultLockTheCoreUp() {
    Program p = msrFrom(program().at(RESET), SYSM_FAULTMASK, 1);
    int at = p.here();
    p.hw(udf(0));
    BoardHarness h = m3(p);
    StopReason stop = h.run(1000).orElseThrow();
    assertThat(stop).isInstanceOf(StopReason.Lockup.class);
    assertThat(((StopReason.Lockup) stop).pc()).isEqualTo(at);
    assertThat(((StopReason.Lockup) stop).detail()).contains("FAULTMASK");
    assertThat(h.core().pc()).isEqualTo(ExceptionUnit.LOCKUP_PC);
  }

  @Test
  void bfhfnmignLetsCodeAtNegativePriorityProbeUnmappedMemory() {
    Program p = set(program().at(RESET), CCR, 0x300);
    msrFrom(p, SYSM_FAULTMASK, 1).load(0, 0x6000_0000).hw(movsImm(1, 9), ldrImm(1, 0, 0));
    p.hw(bkpt(1));
    BoardHarness h = m3(p);
    assertThat(h.run(1000)).containsInstanceOf(StopReason.Breakpoint.class);
    assertThat(h.peek(CFSR)).as("ignored, not recorded").isZero();

    p = msrFrom(program().at(RESET), SYSM_FAULTMASK, 1).load(0, 0x6000_0000);
    p.hw(ldrImm(1, 0, 0), bkpt(1));
    assertThat(m3(p).run(1000)).containsInstanceOf(StopReason.Lockup.class);
  }

  @Test
  void faultInTheHardFaultHandlerLocksUpAtTheLockupAddress() {
    Program p = program().at(RESET).hw(udf(0));
    p.at(handler(Nvic.HARD_FAULT)).hw(NOP, udf(1));
    BoardHarness h = m3WithoutCatch(p);
    StopReason stop = h.run(1000).orElseThrow();
    assertThat(stop).isInstanceOf(StopReason.Lockup.class);
    assertThat(((StopReason.Lockup) stop).pc()).isEqualTo(handler(Nvic.HARD_FAULT) + 2);
    assertThat(h.core().pc()).isEqualTo(0xEFFF_FFFE);
    assertThat(h.peek(HFSR)).isEqualTo(FORCED);
    assertThat(h.board.run(10)).as("stays locked up").containsInstanceOf(StopReason.Lockup.class);
  }

  @Test
  void cfsrBitsAreWriteOneToClearAlsoByByte() {
    Program p = program().at(RESET).hw(udf(0));
    p.at(handler(Nvic.HARD_FAULT)).load(0, CFSR + 2).hw(movsImm(1, 1), strbImm(1, 0, 0));
    p.load(0, HFSR).load(1, FORCED).hw(strImm(1, 0, 0), bkpt(3));
    BoardHarness h = m3WithoutCatch(p);
    assertThat(h.run(1000)).containsInstanceOf(StopReason.Breakpoint.class);
    assertThat(h.core().ipsr()).isEqualTo(Nvic.HARD_FAULT);
    assertThat(h.peek(CFSR)).isZero();
    assertThat(h.peek(HFSR)).isZero();
  }

  // Each fault's status bits -------------------------------------------------------------------

  @Test
  void unalignedWordAccessWorksUntilUnalignTrapIsSet() {
    Program p = set(program().at(RESET), SHCSR, USGFAULTENA).load(0, 0x2000_0001);
    p.hw(ldrImm(1, 0, 0));
    set(p, CCR, 0x208);
    int at = p.here();
    p.hw(ldrImm(2, 0, 0));
    p.at(0x2000_0000).word(0x4433_2211, 0x8877_6655);
    BoardHarness h = m3(p);

    StopReason.Fault f = caught(h);
    assertThat(h.reg(1)).as("unaligned LDR without UNALIGN_TRP").isEqualTo(0x5544_3322);
    assertThat(f.exception()).isEqualTo("UsageFault");
    assertThat(f.pc()).isEqualTo(at);
    assertThat(h.peek(CFSR)).isEqualTo(UNALIGNED);
  }

  @Test
  void unalignedLoadMultipleFaultsWhateverCcrSays() {
    Program p = set(program().at(RESET), SHCSR, USGFAULTENA).load(0, 0x2000_0002);
    p.hw(ldm(0, 0b110));
    BoardHarness h = m3(p);
    assertThat(caught(h).exception()).isEqualTo("UsageFault");
    assertThat(h.peek(CFSR)).isEqualTo(UNALIGNED);
  }

  /** SDIV Rd, Rn, Rm (T1). */
  static int[] sdiv(int d, int n, int m) {
    return new int[] {0xFB90 | n, 0xF0F0 | d << 8 | m};
  }

  @Test
  void divideByZeroGivesZeroUntilDiv0TrapIsSet() {
    Program p = set(program().at(RESET), SHCSR, USGFAULTENA).load(0, 7).hw(movsImm(1, 0));
    int[] div = sdiv(2, 0, 1);
    p.hw(movsImm(2, 5), div[0], div[1]);
    set(p, CCR, 0x210);
    int at = p.here();
    p.hw(div[0], div[1]);
    BoardHarness h = m3(p);
    StopReason.Fault f = caught(h);
    assertThat(h.reg(2)).as("SDIV by zero without DIV_0_TRP").isZero();
    assertThat(f.exception()).isEqualTo("UsageFault");
    assertThat(f.pc()).isEqualTo(at);
    assertThat(h.peek(CFSR)).isEqualTo(1 << 25);
  }

  @Test
  void floatingPointInstructionIsNocpWithoutAnFpu() {
    Program p = set(program().at(RESET), SHCSR, USGFAULTENA);
    int at = p.here();
    p.hw(0xEE00, 0x0A10); // VMOV s0, r0
    BoardHarness h = new BoardHarness(p, CoreModel.CORTEX_M4, ExceptionUnit.VC_ALL_FAULTS);
    StopReason.Fault f = caught(h);
    assertThat(f.exception()).isEqualTo("UsageFault");
    assertThat(f.pc()).isEqualTo(at);
    assertThat(h.peek(CFSR)).isEqualTo(1 << 19);
  }

  @Test
  void theCortexM0PlusStillRejectsThumb2AsUndefined() {
    int[] div = sdiv(2, 0, 1);
    Program p = program().at(RESET).hw(div[0], div[1]);
    BoardHarness h = new BoardHarness(p, CoreModel.CORTEX_M0PLUS, ExceptionUnit.VC_ALL_FAULTS);
    StopReason.Fault f = caught(h);
    assertThat(f.exception()).isEqualTo("HardFault");
    assertThat(f.detail()).contains("UNDEFINED");
    assertThat(h.peek(CFSR)).as("ARMv6-M has no CFSR").isZero();
  }

  @Test
  void loadFromUnmappedMemoryIsAPreciseBusFaultWithBfar() {
    Program p = set(program().at(RESET), SHCSR, BUSFAULTENA).load(0, 0x6000_0000);
    int at = p.here();
    p.hw(ldrImm(1, 0, 1));
    BoardHarness h = m3(p);

    StopReason.Fault f = caught(h);
    assertThat(f.exception()).isEqualTo("BusFault");
    assertThat(f.pc()).isEqualTo(at);
    assertThat(h.peek(CFSR)).isEqualTo(PRECISERR | BFARVALID);
    assertThat(h.peek(BFAR)).isEqualTo(0x6000_0004);
    assertThat(h.peek(MMFAR)).as("one physical register on the M3/M4").isEqualTo(0x6000_0004);
  }

  @Test
  void aLaterMemManageAddressInvalidatesTheBusFaultAddress() {
    Program p = set(program().at(RESET), SHCSR, MEMFAULTENA | BUSFAULTENA);
    set(p, SHPR1, 0x0000_4000); // BusFault 0x40, MemManage 0: it preempts the BusFault handler
    everythingAccessible(p);
    region(p, 1, 0x2000_4000, 10, 6, false);
    set(p, MPU_CTRL, 1).load(0, 0x6000_0000).hw(ldrImm(1, 0, 0));
    p.at(handler(Nvic.BUS_FAULT)).load(0, 0x2000_4008).hw(strImm(1, 0, 0));
    p.at(handler(Nvic.MEM_MANAGE)).hw(bkpt(4));
    BoardHarness h = m3WithoutCatch(p);
    assertThat(h.run(10_000)).contains(new StopReason.Breakpoint(handler(Nvic.MEM_MANAGE)));
    assertThat(h.peek(CFSR)).isEqualTo(PRECISERR | DACCVIOL | MMARVALID);
    assertThat(h.peek(MMFAR)).isEqualTo(0x2000_4008);
    assertThat(h.peek(BFAR)).isEqualTo(0x2000_4008);
  }

  @Test
  void disabledBusFaultEscalatesKeepingItsStatus() {
    Program p = program().at(RESET).load(0, 0x6000_0000).hw(strImm(1, 0, 2));
    BoardHarness h = m3(p);
    assertThat(caught(h).exception()).isEqualTo("HardFault");
    assertThat(h.peek(HFSR)).isEqualTo(FORCED);
    assertThat(h.peek(CFSR)).isEqualTo(PRECISERR | BFARVALID);
    assertThat(h.peek(BFAR)).isEqualTo(0x6000_0008);
  }

  @Test
  void fetchFromUnmappedMemoryIsIbuserrWithoutBfar() {
    Program p = set(program().at(RESET), SHCSR, ALL_FAULTS_ENABLED).load(0, 0x1000_0001);
    p.hw(bx(0));
    BoardHarness h = m3(p);
    StopReason.Fault f = caught(h);
    assertThat(f.exception()).isEqualTo("BusFault");
    assertThat(f.pc()).isEqualTo(0x1000_0000);
    assertThat(h.peek(CFSR)).isEqualTo(IBUSERR);
    assertThat(stackedPc(h)).isEqualTo(0x1000_0000);
  }

  @Test
  void fetchFromTheExecuteNeverPeripheralRegionIsIaccviol() {
    Program p = set(program().at(RESET), SHCSR, ALL_FAULTS_ENABLED).load(0, 0x4000_0001);
    p.hw(bx(0));
    BoardHarness h = m3(p);
    StopReason.Fault f = caught(h);
    assertThat(f.exception()).isEqualTo("MemManage");
    assertThat(h.peek(CFSR)).as("no MMARVALID for fetches").isEqualTo(IACCVIOL);
  }

  @Test
  void branchWithoutTheThumbBitIsInvstate() {
    Program p = set(program().at(RESET), SHCSR, USGFAULTENA).load(0, 0x0000_0200);
    p.hw(bx(0));
    p.at(0x200).hw(NOP);
    BoardHarness h = m3(p);
    StopReason.Fault f = caught(h);
    assertThat(f.exception()).isEqualTo("UsageFault");
    assertThat(f.pc()).isEqualTo(0x200);
    assertThat(h.peek(CFSR)).isEqualTo(INVSTATE);
  }

  @Test
  void invalidExcReturnIsInvpcTakenWithThatValueInLr() {
    Program p = set(program().at(RESET), SHCSR, USGFAULTENA).hw(svc(0));
    p.at(handler(Nvic.SV_CALL)).load(0, 0xFFFF_FFF5);
    int at = p.here();
    p.hw(bx(0));
    BoardHarness h = m3(p);
    StopReason.Fault f = caught(h);
    assertThat(f.exception()).isEqualTo("UsageFault");
    assertThat(f.pc()).isEqualTo(at);
    assertThat(f.detail()).contains("0xfffffff5");
    assertThat(h.peek(CFSR)).isEqualTo(INVPC);
    assertThat(h.reg(14)).isEqualTo(0xFFFF_FFF5);
    assertThat(h.peek(SHCSR) & (1 << 7)).as("SVCall was deactivated").isZero();
    assertThat(h.reg(13)).as("no second frame").isEqualTo(SP - 32);
  }

  @Test
  void returnToThreadWithAnotherExceptionActiveIsInvpc() {
    Program p = set(program().at(RESET), SHCSR, USGFAULTENA);
    set(p, SHPR2, 0x4000_0000); // SVCall 0x40; PendSV stays 0 and preempts it
    p.hw(svc(0));
    set(p.at(handler(Nvic.SV_CALL)), ICSR, 1 << 28).hw(bkpt(9));
    p.at(handler(Nvic.PEND_SV)).load(0, 0xFFFF_FFF9).hw(bx(0));
    BoardHarness h = m3(p);
    StopReason.Fault f = caught(h);
    assertThat(f.exception()).isEqualTo("UsageFault");
    assertThat(f.detail()).contains("other exceptions are active");
    assertThat(h.peek(CFSR)).isEqualTo(INVPC);
  }

  // Priorities, grouping, tail-chaining ---------------------------------------------------------

  Program twoInterrupts(int prigroup) {
    Program p = program().at(RESET);
    set(p, AIRCR, 0x05FA_0000 | prigroup << 8);
    set(p, IPR0, 0x0000_2040); // IRQ0 0x40, IRQ1 0x20
    set(p, ISER, 3);
    set(p, ISPR, 1).hw(bkpt(1));
    set(p.at(handler(Nvic.IRQ0)), ISPR, 2).hw(bkpt(2));
    p.at(handler(Nvic.IRQ0 + 1)).hw(bkpt(3));
    return p;
  }

  @Test
  void vectclractiveForgetsEveryActiveException() {
    Program p = program().at(RESET).hw(svc(0));
    set(p.at(handler(Nvic.SV_CALL)), AIRCR, 0x05FA_0002).hw(bkpt(1));
    BoardHarness h = m3(p);
    assertThat(h.run(1000)).containsInstanceOf(StopReason.Breakpoint.class);
    assertThat(h.core().ipsr()).isZero();
    assertThat(h.board.nvic().activeCount()).isZero();
  }

  @Test
  void prigroupDecidesWhetherASubPriorityPreempts() {
    BoardHarness split = m3(twoInterrupts(5)); // group bits 7:6: 0x40 vs 0x00
    assertThat(split.run(10_000)).contains(new StopReason.Breakpoint(handler(Nvic.IRQ0 + 1)));
    assertThat(split.peek(AIRCR)).isEqualTo(0xFA05_0500);

    BoardHarness coarse = m3(twoInterrupts(6)); // group bit 7 only: both group 0
    assertThat(coarse.run(10_000)).containsInstanceOf(StopReason.Breakpoint.class);
    assertThat(coarse.core().ipsr()).isEqualTo(Nvic.IRQ0);
    assertThat(coarse.board.nvic().isPending(Nvic.IRQ0 + 1)).isTrue();
  }

  @Test
  void returnTailChainsIntoAPendingInterruptWithoutRestacking() {
    Program p = program().at(RESET);
    set(p, IPR0, 0x0000_8040); // IRQ0 0x40, IRQ1 0x80
    set(p, ISER, 3);
    set(p, ISPR, 1);
    int after = p.here();
    p.hw(bkpt(1));
    set(p.at(handler(Nvic.IRQ0)), ISPR, 2).hw(bx(14));
    p.at(handler(Nvic.IRQ0 + 1)).hw(bkpt(3));
    BoardHarness h = m3(p);
    assertThat(h.run(10_000)).contains(new StopReason.Breakpoint(handler(Nvic.IRQ0 + 1)));
    assertThat(h.reg(14)).isEqualTo(0xFFFF_FFF9);
    assertThat(h.reg(13)).isEqualTo(SP - 32);
    assertThat(stackedPc(h)).isEqualTo(after);
    assertThat(h.board.nvic().isActive(Nvic.IRQ0)).isFalse();
  }

  // MPU
  // --------------------------------------------------------------------------------------------

  @Test
  void writeToAReadOnlyRegionIsDaccviolWithMmfar() {
    Program p = set(program().at(RESET), SHCSR, MEMFAULTENA);
    everythingAccessible(p);
    region(p, 1, 0x2000_4000, 10, 6, false);
    set(p, MPU_CTRL, 1).load(0, 0x2000_4010);
    p.hw(ldrImm(2, 0, 0));
    int at = p.here();
    p.hw(strImm(1, 0, 0));
    BoardHarness h = m3(p);

    StopReason.Fault f = caught(h);
    assertThat(f.exception()).isEqualTo("MemManage");
    assertThat(f.pc()).isEqualTo(at);
    assertThat(f.detail()).contains("MPU region 1").contains("read-only");
    assertThat(h.peek(CFSR)).isEqualTo(DACCVIOL | MMARVALID);
    assertThat(h.peek(MMFAR)).isEqualTo(0x2000_4010);
  }

  @Test
  void disabledMemManageEscalatesWithItsAddress() {
    Program p = everythingAccessible(program().at(RESET));
    region(p, 1, 0x2000_4000, 10, 6, false);
    set(p, MPU_CTRL, 1).load(0, 0x2000_4020).hw(strImm(1, 0, 0));
    BoardHarness h = m3(p);
    assertThat(caught(h).exception()).isEqualTo("HardFault");
    assertThat(h.peek(HFSR)).isEqualTo(FORCED);
    assertThat(h.peek(CFSR)).isEqualTo(DACCVIOL | MMARVALID);
    assertThat(h.peek(MMFAR)).isEqualTo(0x2000_4020);
  }

  @Test
  void unprivilegedAccessToAPrivilegedRegionFaults() {
    Program p = set(program().at(RESET), SHCSR, MEMFAULTENA);
    everythingAccessible(p);
    region(p, 1, 0x2000_4000, 10, 1, false);
    set(p, MPU_CTRL, 1).load(1, 0x2000_4004).hw(ldrImm(2, 1, 0));
    msrFrom(p, SYSM_CONTROL, 1);
    int at = p.here();
    p.hw(ldrImm(2, 1, 0));
    BoardHarness h = m3(p);
    StopReason.Fault f = caught(h);
    assertThat(f.exception()).isEqualTo("MemManage");
    assertThat(f.pc()).isEqualTo(at);
    assertThat(f.detail()).contains("unprivileged read");
    assertThat(h.peek(MMFAR)).isEqualTo(0x2000_4004);
  }

  @Test
  void unprivilegedAccessToTheSystemControlSpaceIsABusFault() {
    Program p = set(program().at(RESET), SHCSR, BUSFAULTENA).load(1, CPUID);
    msrFrom(p, SYSM_CONTROL, 1);
    p.hw(ldrImm(2, 1, 0));
    BoardHarness h = m3(p);
    assertThat(caught(h).exception()).isEqualTo("BusFault");
    assertThat(h.peek(CFSR)).isEqualTo(PRECISERR | BFARVALID);
    assertThat(h.peek(BFAR)).isEqualTo(CPUID);
  }

  @Test
  void executeNeverRegionIsIaccviolOnFetch() {
    Program p = set(program().at(RESET), SHCSR, MEMFAULTENA);
    everythingAccessible(p);
    region(p, 1, 0x2000_0000, 10, 3, true);
    set(p, MPU_CTRL, 1).load(0, 0x2000_0001).hw(bx(0));
    p.at(0x2000_0000).hw(NOP, bkpt(1));
    BoardHarness h = m3(p);
    StopReason.Fault f = caught(h);
    assertThat(f.exception()).isEqualTo("MemManage");
    assertThat(f.pc()).isEqualTo(0x2000_0000);
    assertThat(f.detail()).contains("execute-never");
    assertThat(h.peek(CFSR)).isEqualTo(IACCVIOL);
  }

  @Test
  void backgroundRegionServesPrivilegedCodeOnlyWithPrivdefena() {
    Program p = set(program().at(RESET), SHCSR, MEMFAULTENA);
    region(p, 1, 0x2000_4000, 10, 3, false);
    set(p, MPU_CTRL, 1 | 4).load(0, 0x2000_0000).hw(ldrImm(1, 0, 0), bkpt(1));
    BoardHarness h = m3(p);
    assertThat(h.run(10_000)).containsInstanceOf(StopReason.Breakpoint.class);

    p = set(program().at(RESET), SHCSR, MEMFAULTENA);
    region(p, 1, 0x2000_4000, 10, 3, false);
    set(p, MPU_CTRL, 1).hw(NOP);
    h = m3(p);
    StopReason.Fault f = caught(h);
    assertThat(f.exception()).as("without PRIVDEFENA the next fetch faults").isEqualTo("MemManage");
    assertThat(h.peek(CFSR))
        .as("and stacking, which goes through the MPU too")
        .isEqualTo(IACCVIOL | MSTKERR);
  }

  @Test
  void hardFaultHandlersBypassTheMpuUnlessHfnmiena() {
    for (int hfnmiena : new int[] {0, 2}) {
      Program p = everythingAccessible(program().at(RESET));
      region(p, 1, 0x2000_4000, 10, 0, false);
      set(p, MPU_CTRL, 1 | hfnmiena).hw(udf(0));
      p.at(handler(Nvic.HARD_FAULT)).load(0, 0x2000_4000).hw(ldrImm(1, 0, 0), bkpt(5));
      BoardHarness h = m3WithoutCatch(p);
      StopReason stop = h.run(10_000).orElseThrow();
      if (hfnmiena == 0) {
        assertThat(stop).isInstanceOf(StopReason.Breakpoint.class);
      } else {
        assertThat(stop).isInstanceOf(StopReason.Lockup.class);
        assertThat(h.peek(CFSR)).isEqualTo(UNDEFINSTR | DACCVIOL | MMARVALID);
      }
    }
  }

  // Faults on exception entry and return ----------------------------------------------------------

  @Test
  void stackingIntoAReadOnlyRegionIsMstkerrAndLeavesTheExceptionPending() {
    Program p = set(program().at(RESET), SHCSR, MEMFAULTENA);
    everythingAccessible(p);
    region(p, 1, 0x2000_7C00, 10, 6, false);
    set(p, MPU_CTRL, 1).hw(svc(3));
    BoardHarness h = m3(p);
    StopReason.Fault f = caught(h);
    assertThat(f.exception()).isEqualTo("MemManage");
    assertThat(f.detail()).contains("stacking for SVCall");
    assertThat(h.peek(CFSR)).as("no MMARVALID for stacking errors").isEqualTo(MSTKERR);
    assertThat(h.reg(13)).as("SP moved anyway").isEqualTo(SP - 32);
    assertThat(h.reg(14)).isEqualTo(0xFFFF_FFF9);
    assertThat(h.peek(SHCSR) & (1 << 15)).as("SVCALLPENDED").isNotZero();
  }

  @Test
  void faultWhoseStackingFailsWaitsBehindTheBetterDerivedFault() {
    Program p = set(program().at(RESET), SHCSR, ALL_FAULTS_ENABLED);
    set(p, SHPR1, 0x0040_0000); // UsageFault 0x40, MemManage 0
    everythingAccessible(p);
    region(p, 1, 0x2000_7C00, 10, 6, false);
    set(p, MPU_CTRL, 1).hw(udf(0));
    BoardHarness h = m3(p);
    assertThat(caught(h).exception()).isEqualTo("MemManage");
    assertThat(h.peek(CFSR)).isEqualTo(UNDEFINSTR | MSTKERR);
    assertThat(h.peek(SHCSR) & (1 << 12)).as("USGFAULTPENDED").isNotZero();
  }

  @Test
  void stackingIntoUnmappedMemoryIsStkerrOrForcedHardFault() {
    Program p = set(program().at(RESET), SHCSR, BUSFAULTENA).load(0, 0x6000_0000);
    p.hw(movHi(13, 0), svc(0));
    BoardHarness h = m3(p);
    assertThat(caught(h).exception()).isEqualTo("BusFault");
    assertThat(h.peek(CFSR)).as("no BFARVALID for stacking errors").isEqualTo(STKERR);

    p = program().at(RESET).load(0, 0x6000_0000).hw(movHi(13, 0), svc(0));
    h = m3(p);
    assertThat(caught(h).exception()).isEqualTo("HardFault");
    assertThat(h.peek(HFSR)).isEqualTo(FORCED);
    assertThat(h.peek(CFSR)).isEqualTo(STKERR);
  }

  @Test
  void stackingErrorWhileEnteringHardFaultLocksUp() {
    Program p = program().at(RESET).load(0, 0x6000_0000).hw(movHi(13, 0), udf(0));
    BoardHarness h = m3(p);
    StopReason stop = h.run(1000).orElseThrow();
    assertThat(stop).isInstanceOf(StopReason.Lockup.class);
    assertThat(h.peek(CFSR)).isEqualTo(UNDEFINSTR | STKERR);
    assertThat(h.core().pc()).isEqualTo(ExceptionUnit.LOCKUP_PC);
  }

  @Test
  void unstackingAsUnprivilegedThreadFromAPrivilegedRegionIsMunstkerr() {
    // SHCSR is set before the SVC: writing it in the handler would clear SVCALLACT.
    Program p = set(program().at(RESET), SHCSR, MEMFAULTENA);
    msrFrom(p, SYSM_PSP, 0x2000_4000);
    msrFrom(p, SYSM_CONTROL, 3).hw(svc(0));
    p.at(handler(Nvic.SV_CALL));
    everythingAccessible(p);
    region(p, 1, 0x2000_3C00, 10, 1, false);
    set(p, MPU_CTRL, 1);
    int at = p.here();
    p.hw(bx(14));
    BoardHarness h = m3(p);
    StopReason.Fault f = caught(h);
    assertThat(f.exception()).isEqualTo("MemManage");
    assertThat(f.pc()).isEqualTo(at);
    assertThat(f.detail()).contains("unstacking");
    assertThat(h.peek(CFSR)).isEqualTo(MUNSTKERR);
    assertThat(h.reg(14)).isEqualTo(0xFFFF_FFFD);
    assertThat(h.core().psp()).as("the frame stays on the stack").isEqualTo(0x2000_4000 - 32);
  }

  @Test
  void unstackingFromUnmappedMemoryIsUnstkerr() {
    Program p = set(program().at(RESET), SHCSR, BUSFAULTENA);
    msrFrom(p, SYSM_PSP, 0x2000_4000);
    msrFrom(p, SYSM_CONTROL, 2).hw(svc(0));
    msrFrom(p.at(handler(Nvic.SV_CALL)), SYSM_PSP, 0x6000_0000).hw(bx(14));
    BoardHarness h = m3(p);
    assertThat(caught(h).exception()).isEqualTo("BusFault");
    assertThat(h.peek(CFSR)).isEqualTo(UNSTKERR);
    assertThat(h.reg(14)).isEqualTo(0xFFFF_FFFD);
  }

  // Vector catch settings -------------------------------------------------------------------------

  @Test
  void hardFaultOnlyCatchLetsAMemManageHandlerRun() {
    Program p = set(program().at(RESET), SHCSR, MEMFAULTENA).load(0, 0x4000_0001).hw(bx(0));
    p.at(handler(Nvic.MEM_MANAGE)).hw(bkpt(4));
    BoardHarness h = new BoardHarness(p, CoreModel.CORTEX_M3, ExceptionUnit.VC_HARDERR);
    assertThat(h.run(1000)).contains(new StopReason.Breakpoint(handler(Nvic.MEM_MANAGE)));
  }
}
