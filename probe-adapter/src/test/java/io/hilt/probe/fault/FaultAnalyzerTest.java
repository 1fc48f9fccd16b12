package io.hilt.probe.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.target.Arch;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Register decoding, EXC_RETURN and frame location against a memory-backed target double. The
 * end-to-end tests, with faults raised by firmware on the ARMv7-M simulator, come with that
 * simulator.
 */
class FaultAnalyzerTest {
  static final long HANDLER = 0x200;
  static final long FRAME = 0x2000_7fc0L;
  static final long PSP_FRAME = 0x2000_3f00L;
  static final long FAULT_PC = 0x100;
  static final long RETURN_LR = 0x123;
  static final long THREAD_XPSR = 0x0100_0000L;
  static final long[] BASIC_FRAME = {0x2000_4000L, 1, 2, 3, 12, RETURN_LR, FAULT_PC, THREAD_XPSR};

  final FaultAnalyzer analyzer = new FaultAnalyzer();

  /** A core halted at the first instruction of the handler of exception {@code ipsr}. */
  static FakeCortexM atEntry(int ipsr, long excReturn, long... frame) {
    FakeCortexM t = new FakeCortexM().scb(ipsr, 0);
    t.word(4L * ipsr, HANDLER | 1);
    t.register("pc", HANDLER).register("xpsr", THREAD_XPSR | ipsr).register("lr", excReturn);
    t.ram(FRAME - 0x100, 0x140).ram(PSP_FRAME - 0x100, 0x200);
    if ((excReturn & 4) != 0) {
      t.register("psp", PSP_FRAME).register("sp", FRAME).register("msp", FRAME);
      t.words(PSP_FRAME, frame);
    } else {
      t.register("sp", FRAME).register("msp", FRAME);
      t.words(FRAME, frame);
    }
    return t;
  }

  static FakeCortexM withStatus(
      FakeCortexM t, long cfsr, long hfsr, long mmfar, long bfar, long shcsr) {
    t.word(FaultStatusRegisters.CFSR, cfsr);
    t.word(FaultStatusRegisters.HFSR, hfsr);
    t.word(FaultStatusRegisters.MMFAR, mmfar);
    t.word(FaultStatusRegisters.BFAR, bfar);
    t.word(FaultStatusRegisters.SHCSR, shcsr);
    return t;
  }

  FaultReport analyze(FakeCortexM t, Arch arch) {
    return analyzer.analyze(t, arch, Optional.empty(), Optional.empty());
  }

  @ParameterizedTest
  @EnumSource(CortexMFaultFlag.class)
  void everyFlagIsDecodedFromItsOwnRegisterBit(CortexMFaultFlag flag) {
    Arch arch = flag.armv8Only() ? Arch.CORTEX_M33 : Arch.CORTEX_M4;
    FakeCortexM t = atEntry(3, 0xFFFFFFF9L, BASIC_FRAME);
    t.word(flag.address(), 1L << flag.bit());
    FaultReport r = analyze(t, arch);
    assertThat(r.flags()).containsExactly(flag);
    assertThat(r.hasFlag(flag.name())).isTrue();
  }

  @ParameterizedTest(name = "{0} is {1}[{2}] at {3}")
  @CsvSource({
    "IACCVIOL, MMFSR, 0, 0xE000ED28",
    "DACCVIOL, MMFSR, 1, 0xE000ED28",
    "MUNSTKERR, MMFSR, 3, 0xE000ED28",
    "MSTKERR, MMFSR, 4, 0xE000ED28",
    "MLSPERR, MMFSR, 5, 0xE000ED28",
    "MMARVALID, MMFSR, 7, 0xE000ED28",
    "IBUSERR, BFSR, 8, 0xE000ED28",
    "PRECISERR, BFSR, 9, 0xE000ED28",
    "IMPRECISERR, BFSR, 10, 0xE000ED28",
    "UNSTKERR, BFSR, 11, 0xE000ED28",
    "STKERR, BFSR, 12, 0xE000ED28",
    "LSPERR, BFSR, 13, 0xE000ED28",
    "BFARVALID, BFSR, 15, 0xE000ED28",
    "UNDEFINSTR, UFSR, 16, 0xE000ED28",
    "INVSTATE, UFSR, 17, 0xE000ED28",
    "INVPC, UFSR, 18, 0xE000ED28",
    "NOCP, UFSR, 19, 0xE000ED28",
    "STKOF, UFSR, 20, 0xE000ED28",
    "UNALIGNED, UFSR, 24, 0xE000ED28",
    "DIVBYZERO, UFSR, 25, 0xE000ED28",
    "VECTTBL, HFSR, 1, 0xE000ED2C",
    "FORCED, HFSR, 30, 0xE000ED2C",
    "DEBUGEVT, HFSR, 31, 0xE000ED2C",
    "HALTED, DFSR, 0, 0xE000ED30",
    "BKPT, DFSR, 1, 0xE000ED30",
    "DWTTRAP, DFSR, 2, 0xE000ED30",
    "VCATCH, DFSR, 3, 0xE000ED30",
    "EXTERNAL, DFSR, 4, 0xE000ED30",
  })
  void flagsSitWhereTheArchitectureManualPutsThem(
      CortexMFaultFlag flag, String register, int bit, String address) {
    assertThat(flag.register()).isEqualTo(register);
    assertThat(flag.bit()).isEqualTo(bit);
    assertThat(flag.address()).isEqualTo(Long.decode(address));
    assertThat(flag.meaning()).isNotBlank();
  }

  @Test
  void stackOverflowBitIsReservedOnArmv7m() {
    FakeCortexM t = atEntry(6, 0xFFFFFFF9L, BASIC_FRAME);
    t.word(FaultStatusRegisters.CFSR, 1L << 20);
    assertThat(analyze(t, Arch.CORTEX_M4).flags()).isEmpty();
    assertThat(analyze(t, Arch.CORTEX_M33).flagNames()).containsExactly("STKOF");
  }

  @Test
  void memManageDataAccessViolationGivesMmfarAddress() {
    FakeCortexM t = withStatus(atEntry(4, 0xFFFFFFF9L, BASIC_FRAME), 0x82, 0, 0x2000_4000L, 0, 0);
    FaultReport r = analyze(t, Arch.CORTEX_M3);
    assertThat(r.exception()).isEqualTo("MemManage");
    assertThat(r.flagNames()).containsExactly("DACCVIOL", "MMARVALID");
    assertThat(r.address()).contains(new FaultAddress(0x2000_4000L, "MMFAR"));
    assertThat(r.escalated()).isFalse();
    assertThat(r.cause()).isEmpty();
    assertThat(r.explanation())
        .startsWith("MemManage fault: data access violation at 0x20004000 (MPU), in 0x00000100");
  }

  @Test
  void faultAddressIsLeftOutWhenNotMarkedValid() {
    FakeCortexM t = withStatus(atEntry(4, 0xFFFFFFF9L, BASIC_FRAME), 0x02, 0, 0x2000_4000L, 0, 0);
    FaultReport r = analyze(t, Arch.CORTEX_M3);
    assertThat(r.address()).isEmpty();
    assertThat(r.explanation())
        .contains("data access violation (MPU)")
        .doesNotContain("0x20004000");
  }

  @Test
  void preciseBusErrorGivesBfarAddress() {
    FakeCortexM t = withStatus(atEntry(5, 0xFFFFFFF9L, BASIC_FRAME), 0x8200, 0, 0, 0x4000_0000L, 0);
    FaultReport r = analyze(t, Arch.CORTEX_M4);
    assertThat(r.exception()).isEqualTo("BusFault");
    assertThat(r.address()).contains(new FaultAddress(0x4000_0000L, "BFAR"));
    assertThat(r.explanation()).startsWith("BusFault: precise data bus error at 0x40000000");
  }

  @ParameterizedTest(name = "IPSR {0} with both addresses valid reports {1}")
  @CsvSource({"4, MMFAR, 0x20004000", "5, BFAR, 0x40000000"})
  void bothAddressesValidPicksTheOneOfTheActiveFault(int ipsr, String register, String address) {
    FakeCortexM t =
        withStatus(
            atEntry(ipsr, 0xFFFFFFF9L, BASIC_FRAME), 0x8282, 0, 0x2000_4000L, 0x4000_0000L, 0);
    assertThat(analyze(t, Arch.CORTEX_M4).address())
        .contains(new FaultAddress(Long.decode(address), register));
  }

  @ParameterizedTest(name = "CFSR {0} escalates from {1}")
  @CsvSource({
    "0x00000082, MemManage, MEMFAULTENA",
    "0x00000400, BusFault, BUSFAULTENA",
    "0x00010000, UsageFault, USGFAULTENA",
    "0x02000000, UsageFault, USGFAULTENA",
  })
  void forcedHardFaultIsEscalatedFromTheFlaggedFaultClass(
      String cfsr, String cause, String enableBit) {
    FakeCortexM t =
        withStatus(
            atEntry(3, 0xFFFFFFF9L, BASIC_FRAME), Long.decode(cfsr), 1L << 30, 0x2000_4000L, 0, 0);
    FaultReport r = analyze(t, Arch.CORTEX_M4);
    assertThat(r.exception()).isEqualTo("HardFault");
    assertThat(r.escalated()).isTrue();
    assertThat(r.cause()).contains(cause);
    assertThat(r.headline()).isEqualTo("HardFault (escalated from " + cause + ")");
    assertThat(r.notes()).anyMatch(n -> n.contains("SHCSR." + enableBit + " = 0"));
  }

  @Test
  void escalationWithEnabledHandlerBlamesPriority() {
    FakeCortexM t =
        withStatus(atEntry(3, 0xFFFFFFF9L, BASIC_FRAME), 0x82, 1L << 30, 0x2000_4000L, 0, 1L << 16);
    assertThat(analyze(t, Arch.CORTEX_M4).notes())
        .anyMatch(n -> n.contains("MemManage handler is enabled") && n.contains("priority"));
  }

  @Test
  void hardFaultWithoutForcedIsNotEscalated() {
    FakeCortexM t = withStatus(atEntry(3, 0xFFFFFFF9L, BASIC_FRAME), 0, 1L << 1, 0, 0, 0);
    FaultReport r = analyze(t, Arch.CORTEX_M3);
    assertThat(r.escalated()).isFalse();
    assertThat(r.cause()).isEmpty();
    assertThat(r.headline()).isEqualTo("HardFault");
    assertThat(r.explanation())
        .startsWith("HardFault: bus fault reading the vector table on exception entry");
  }

  @ParameterizedTest(name = "IPSR {0} is {1}")
  @CsvSource({
    "2, NMI",
    "3, HardFault",
    "4, MemManage",
    "5, BusFault",
    "6, UsageFault",
    "7, SecureFault",
    "11, SVCall",
    "12, DebugMonitor",
    "14, PendSV",
    "15, SysTick",
    "16, IRQ 0",
    "47, IRQ 31",
  })
  void namesTheActiveException(int ipsr, String name) {
    FaultReport r = analyze(atEntry(ipsr, 0xFFFFFFF9L, BASIC_FRAME), Arch.CORTEX_M33);
    assertThat(r.exception()).isEqualTo(name);
    assertThat(r.exceptionNumber()).isEqualTo(ipsr);
    assertThat(r.notes().stream().anyMatch(n -> n.contains("is not a fault exception")))
        .isEqualTo(ipsr > 7);
    assertThat(r.headline()).isEqualTo(ipsr == 4 ? "MemManage fault" : name);
  }

  @Test
  void threadModeHasNoFaultToAnalyse() {
    FakeCortexM t = atEntry(3, 0xFFFFFFF9L, BASIC_FRAME).register("xpsr", THREAD_XPSR);
    assertThatThrownBy(() -> analyze(t, Arch.CORTEX_M3))
        .isInstanceOf(FaultAnalysisException.class)
        .hasMessageContaining("IPSR is 0")
        .hasMessageContaining("pc 0x00000200");
  }

  @Test
  void riscvGoesToTheRiscvAnalysisWhichNeedsTheTrapCsrs() {
    assertThatThrownBy(() -> analyze(atEntry(3, 0xFFFFFFF9L, BASIC_FRAME), Arch.RISCV32IMAC))
        .isInstanceOf(FaultAnalysisException.class)
        .hasMessageContaining("register mcause");
  }

  @Test
  void unreadableCoreRegisterIsNamed() {
    FakeCortexM t = atEntry(3, 0xFFFFFFF9L, BASIC_FRAME).withoutRegister("xpsr");
    assertThatThrownBy(() -> analyze(t, Arch.CORTEX_M3))
        .isInstanceOf(FaultAnalysisException.class)
        .hasMessageContaining("register xpsr");
  }

  @Test
  void atHandlerEntryTheFrameIsAtMsp() {
    FaultReport r = analyze(atEntry(3, 0xFFFFFFF9L, BASIC_FRAME), Arch.CORTEX_M3);
    CortexMFaultDetails d = (CortexMFaultDetails) r.details();
    assertThat(d.haltPoint()).isEqualTo(HaltPoint.HANDLER_ENTRY);
    assertThat(d.stack()).contains(StackPointer.MSP);
    ExceptionFrame f = d.frame().orElseThrow();
    assertThat(f.address()).isEqualTo(FRAME);
    assertThat(List.of(f.r0(), f.r1(), f.r2(), f.r3(), f.r12(), f.lr(), f.pc(), f.xpsr()))
        .containsExactly(0x2000_4000L, 1L, 2L, 3L, 12L, RETURN_LR, FAULT_PC, THREAD_XPSR);
    assertThat(f.floatingPoint()).isEmpty();
    assertThat(d.frameFoundByScan()).isFalse();
    assertThat(r.pc()).contains(CodeLocation.unresolved(FAULT_PC));
    assertThat(r.caller()).contains(CodeLocation.unresolved(RETURN_LR & ~1));
    assertThat(r.explanation())
        .endsWith("The faulting instruction was executing in thread mode on the MSP.");
  }

  @Test
  void processStackFrameIsReadAtPsp() {
    FaultReport r = analyze(atEntry(3, 0xFFFFFFFDL, BASIC_FRAME), Arch.CORTEX_M4);
    CortexMFaultDetails d = (CortexMFaultDetails) r.details();
    assertThat(d.frame().orElseThrow().address()).isEqualTo(PSP_FRAME);
    assertThat(d.stack()).contains(StackPointer.PSP);
    assertThat(r.explanation()).contains("in thread mode on the PSP.");
  }

  @Test
  void processStackFrameNeedsThePspRegister() {
    FakeCortexM t = atEntry(3, 0xFFFFFFFDL, BASIC_FRAME).withoutRegister("psp");
    FaultReport r = analyze(t, Arch.CORTEX_M4);
    assertThat(((CortexMFaultDetails) r.details()).frame()).isEmpty();
    assertThat(r.pc()).isEmpty();
    assertThat(r.notes()).anyMatch(n -> n.contains("does not expose psp"));
    assertThat(r.explanation()).contains("the faulting instruction is not known");
  }

  @Test
  void extendedFrameCarriesFloatingPointRegisters() {
    long[] frame = new long[26];
    System.arraycopy(BASIC_FRAME, 0, frame, 0, 8);
    for (int i = 0; i < 16; i++) {
      frame[8 + i] = 0x3f80_0000L + i;
    }
    frame[24] = 0x0300_0000L;
    FakeCortexM t = atEntry(3, 0xFFFFFFE9L, frame);
    t.word(FaultAnalyzer.FPCCR, 0xC000_0000L);
    FaultReport r = analyze(t, Arch.CORTEX_M4);
    ExceptionFrame f = ((CortexMFaultDetails) r.details()).frame().orElseThrow();
    ExceptionFrame.FloatingPointState fp = f.floatingPoint().orElseThrow();
    assertThat(fp.s()).hasSize(16).startsWith(0x3f80_0000L).endsWith(0x3f80_000fL);
    assertThat(fp.fpscr()).isEqualTo(0x0300_0000L);
    assertThat(f.size()).isEqualTo(0x68);
    assertThat(r.notes()).noneMatch(n -> n.contains("LSPACT"));
    assertThat(r.text()).contains("extended (FP) frame").contains("s15=0x3f80000f");
  }

  @Test
  void pendingLazyStackingIsNoted() {
    FakeCortexM t = atEntry(3, 0xFFFFFFE9L, new long[26]);
    t.words(FRAME, BASIC_FRAME);
    t.word(FaultAnalyzer.FPCCR, 0xC000_0001L);
    assertThat(analyze(t, Arch.CORTEX_M4).notes()).anyMatch(n -> n.contains("FPCCR.LSPACT"));
  }

  @Test
  void alignmentPaddingBitGivesTheStackPointerBeforeTheException() {
    long[] frame = BASIC_FRAME.clone();
    frame[7] = THREAD_XPSR | 1 << 9;
    ExceptionFrame f =
        ((CortexMFaultDetails) analyze(atEntry(3, 0xFFFFFFF9L, frame), Arch.CORTEX_M3).details())
            .frame()
            .orElseThrow();
    assertThat(f.padded()).isTrue();
    assertThat(f.stackPointerBefore()).isEqualTo(FRAME + 0x24);
    ExceptionFrame unpadded =
        ((CortexMFaultDetails)
                analyze(atEntry(3, 0xFFFFFFF9L, BASIC_FRAME), Arch.CORTEX_M3).details())
            .frame()
            .orElseThrow();
    assertThat(unpadded.stackPointerBefore()).isEqualTo(FRAME + 0x20);
  }

  @Test
  void unreadableFrameIsNotedNotFatal() {
    FakeCortexM t = atEntry(3, 0xFFFFFFF9L, BASIC_FRAME).register("sp", 0x3000_0000L);
    FaultReport r = analyze(t, Arch.CORTEX_M3);
    assertThat(r.pc()).isEmpty();
    assertThat(r.notes())
        .anyMatch(
            n -> n.contains("frame at 0x30000000 could not be read") && n.contains("no memory"));
  }

  @Test
  void lrThatIsNotExcReturnAtEntryIsReported() {
    FaultReport r = analyze(atEntry(3, 0x0000_0125L, BASIC_FRAME), Arch.CORTEX_M3);
    assertThat(((CortexMFaultDetails) r.details()).excReturn()).isEmpty();
    assertThat(r.notes()).anyMatch(n -> n.contains("LR 0x00000125 is not an EXC_RETURN value"));
  }

  @Test
  void spinningHandlerThatPushedAWordStillFindsTheFrame() {
    // gcc -O0: HardFault_Handler: push {r7}; add r7, sp, #0; b .  (LR still holds EXC_RETURN)
    FakeCortexM t = atEntry(3, 0xFFFFFFF9L, BASIC_FRAME);
    t.register("pc", HANDLER + 4).register("sp", FRAME - 4).word(FRAME - 4, 0x2000_7ff8L);
    FaultReport r = analyze(t, Arch.CORTEX_M3);
    CortexMFaultDetails d = (CortexMFaultDetails) r.details();
    assertThat(d.haltPoint()).isEqualTo(HaltPoint.IN_HANDLER);
    assertThat(d.frame().orElseThrow().address()).isEqualTo(FRAME);
    assertThat(d.frameFoundByScan()).isTrue();
    assertThat(r.pc().orElseThrow().address()).isEqualTo(FAULT_PC);
    assertThat(r.notes()).anyMatch(n -> n.contains("4 bytes above SP"));
  }

  @Test
  void handlerThatPushedLrHasItsExcReturnFoundOnTheStack() {
    // push {r4, r7, lr}; then a call reused LR
    FakeCortexM t = atEntry(3, 0xFFFFFFF9L, BASIC_FRAME);
    t.register("pc", HANDLER + 0x10).register("lr", 0x20b).register("sp", FRAME - 12);
    t.words(FRAME - 12, 0x44, 0x2000_7ff0L, 0xFFFFFFF9L);
    FaultReport r = analyze(t, Arch.CORTEX_M3);
    CortexMFaultDetails d = (CortexMFaultDetails) r.details();
    assertThat(d.excReturn().orElseThrow().value()).isEqualTo(0xFFFFFFF9L);
    assertThat(d.frame().orElseThrow().address()).isEqualTo(FRAME);
    assertThat(r.notes()).anyMatch(n -> n.contains("found on the main stack at 0x20007fbc"));
  }

  @Test
  void spinningHandlerOnProcessStackReadsThePspFrame() {
    FakeCortexM t = atEntry(3, 0xFFFFFFFDL, BASIC_FRAME);
    t.register("pc", HANDLER + 2).register("sp", FRAME - 8);
    FaultReport r = analyze(t, Arch.CORTEX_M4);
    CortexMFaultDetails d = (CortexMFaultDetails) r.details();
    assertThat(d.haltPoint()).isEqualTo(HaltPoint.IN_HANDLER);
    assertThat(d.frame().orElseThrow().address()).isEqualTo(PSP_FRAME);
    assertThat(d.frameFoundByScan()).isFalse();
  }

  @Test
  void lockupIsRecognised() {
    FakeCortexM t = atEntry(3, 0xFFFFFFF9L, BASIC_FRAME).register("pc", 0xEFFF_FFFEL);
    FaultReport r = analyze(t, Arch.CORTEX_M3);
    assertThat(((CortexMFaultDetails) r.details()).haltPoint()).isEqualTo(HaltPoint.LOCKUP);
    assertThat(r.notes()).anyMatch(n -> n.contains("locked up"));
    assertThat(r.pc().orElseThrow().address()).isEqualTo(FAULT_PC);
  }

  @Test
  void faultInsideAHandlerHasNoCaller() {
    long[] frame = BASIC_FRAME.clone();
    frame[5] = 0xFFFFFFFDL;
    frame[7] = THREAD_XPSR | 15;
    FaultReport r = analyze(atEntry(3, 0xFFFFFFF1L, frame), Arch.CORTEX_M3);
    assertThat(r.caller()).isEmpty();
    assertThat(r.notes()).anyMatch(n -> n.contains("itself an exception handler"));
    assertThat(r.explanation()).contains("in handler mode on the MSP");
  }

  @Test
  void stackingErrorGivesNoFaultingPc() {
    FakeCortexM t = withStatus(atEntry(5, 0xFFFFFFFDL, BASIC_FRAME), 0x1000, 0, 0, 0, 0);
    FaultReport r = analyze(t, Arch.CORTEX_M4);
    assertThat(r.flagNames()).containsExactly("STKERR");
    assertThat(r.pc()).isEmpty();
    assertThat(r.caller()).isEmpty();
    assertThat(r.notes()).anyMatch(n -> n.contains("could not stack the exception frame"));
  }

  @Test
  void imprecisePcIsFlaggedAsSuch() {
    FakeCortexM t = withStatus(atEntry(5, 0xFFFFFFF9L, BASIC_FRAME), 0x400, 0, 0, 0, 0);
    assertThat(analyze(t, Arch.CORTEX_M4).notes())
        .anyMatch(n -> n.contains("imprecise") && n.contains("after the access"));
  }

  @Test
  void armv6mReportsHardFaultFromTheFrameOnly() {
    FakeCortexM t = new FakeCortexM();
    t.words(0xE000_ED04L, 3, 0);
    t.word(4L * 3, HANDLER | 1);
    t.register("pc", HANDLER).register("xpsr", THREAD_XPSR | 3).register("lr", 0xFFFFFFF9L);
    t.register("sp", FRAME).ram(FRAME, 0x40).words(FRAME, BASIC_FRAME);
    FaultReport r = analyze(t, Arch.CORTEX_M0PLUS);
    assertThat(r.exception()).isEqualTo("HardFault");
    assertThat(r.flags()).isEmpty();
    assertThat(r.address()).isEmpty();
    assertThat(r.pc().orElseThrow().address()).isEqualTo(FAULT_PC);
    assertThat(((CortexMFaultDetails) r.details()).registers()).isEmpty();
    assertThat(r.explanation())
        .startsWith("HardFault: cause not recorded (cortex-m0plus has no fault status registers)")
        .contains("ARMv6-M has no fault status registers");
    assertThat(t.reads()).noneMatch(a -> a >= 0xE000_ED24L && a <= 0xE000_ED38L);
  }

  @Test
  void fieldsAndTextCarryTheDecodedReport() {
    FakeCortexM t = withStatus(atEntry(4, 0xFFFFFFFDL, BASIC_FRAME), 0x82, 0, 0x2000_4000L, 0, 0);
    FaultReport r = analyze(t, Arch.CORTEX_M4);
    assertThat(r.fields())
        .containsEntry("exception", "MemManage")
        .containsEntry("flags", List.of("DACCVIOL", "MMARVALID"))
        .containsEntry("stack", "PSP")
        .containsEntry("mode", "thread")
        .containsEntry("escalated", false)
        .containsEntry("haltPoint", "HANDLER_ENTRY")
        .containsKey("frame")
        .containsKey("registers")
        .doesNotContainKey("cause");
    assertThat(r.fields().get("address"))
        .isEqualTo(java.util.Map.of("value", 0x2000_4000L, "register", "MMFAR"));
    assertThat(r.fields().keySet())
        .startsWith("arch", "exception", "exceptionNumber", "escalated", "flags");
    assertThat(r.text())
        .startsWith("MemManage fault on cortex-m4\n")
        .contains("flag:      DACCVIOL (CFSR[1]): data access violation (MPU)")
        .contains("address:   0x20004000 (MMFAR)")
        .contains("stack:     thread mode, PSP, basic frame, frame at 0x20003f00")
        .contains("registers: CFSR=0x00000082")
        .contains("halted:    at the handler's first instruction (IPSR 4)")
        .endsWith(r.explanation() + "\n");
  }
}
