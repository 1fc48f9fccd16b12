package io.hilt.sim.thumb;

import static io.hilt.sim.thumb.Asm.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Loads, stores, branches, stack, extension, byte reversal, system and UNDEFINED encodings. */
class InstructionTest {
  static final int D = CoreHarness.DATA;

  @Test
  void loadsAndStoresEveryWidthWithRegisterOffsets() {
    CoreHarness h =
        new CoreHarness()
            .program(
                ldstReg(0, 2, 0, 1), // STR r2, [r0, r1]
                ldstReg(1, 2, 0, 3), // STRH r2, [r0, r3]
                ldstReg(2, 2, 0, 4), // STRB r2, [r0, r4]
                ldstReg(4, 5, 0, 1), // LDR r5, [r0, r1]
                ldstReg(5, 6, 0, 3), // LDRH r6, [r0, r3]
                ldstReg(6, 7, 0, 4), // LDRB r7, [r0, r4]
                ldstReg(3, 2, 0, 4), // LDRSB r2, [r0, r4]
                ldstReg(7, 3, 0, 3)) // LDRSH r3, [r0, r3]
            .set(0, D)
            .set(1, 0x10)
            .set(2, 0xCAFEF0F1)
            .set(3, 0x20)
            .set(4, 0x30)
            .step(8);
    assertThat(h.traps).isEmpty();
    assertThat(h.data.load32(D + 0x10)).isEqualTo(0xCAFEF0F1);
    assertThat(h.data.load32(D + 0x20)).isEqualTo(0xF0F1);
    assertThat(h.data.load32(D + 0x30)).isEqualTo(0xF1);
    assertThat(h.reg(5)).isEqualTo(0xCAFEF0F1);
    assertThat(h.reg(6)).isEqualTo(0xF0F1);
    assertThat(h.reg(7)).isEqualTo(0xF1);
    assertThat(h.reg(2)).isEqualTo(0xFFFFFFF1);
    assertThat(h.reg(3)).isEqualTo(0xFFFFF0F1);
  }

  @Test
  void loadsAndStoresWithScaledImmediatesAndSpOffsets() {
    CoreHarness h =
        new CoreHarness()
            .program(
                strImm(1, 0, 31), // STR r1, [r0, #124]
                ldrImm(2, 0, 31),
                strbImm(1, 0, 31), // STRB r1, [r0, #31]
                ldrbImm(3, 0, 31),
                strhImm(1, 0, 31), // STRH r1, [r0, #62]
                ldrhImm(4, 0, 31),
                strSp(1, 255), // STR r1, [sp, #1020]
                ldrSp(5, 255),
                addRdSp(6, 1))
            .set(0, D)
            .set(1, 0x11223344)
            .set(13, D + 0x100)
            .step(9);
    assertThat(h.traps).isEmpty();
    assertThat(h.reg(2)).isEqualTo(0x11223344);
    assertThat(h.reg(3)).isEqualTo(0x44);
    assertThat(h.reg(4)).isEqualTo(0x3344);
    assertThat(h.data.load32(D + 0x100 + 1020)).isEqualTo(0x11223344);
    assertThat(h.reg(5)).isEqualTo(0x11223344);
    assertThat(h.reg(6)).isEqualTo(D + 0x104);
  }

  @Test
  void literalLoadsAndAdrUseTheWordAlignedPc() {
    // At 0: NOP; at 2: LDR r0, [pc, #4] -> Align(2 + 4, 4) + 4 = 8; at 4: ADR r1, #4 -> 12.
    CoreHarness h = new CoreHarness().program(NOP, ldrLit(0, 1), adr(1, 1), NOP, 0x5678, 0x1234);
    h.step(3);
    assertThat(h.reg(0)).isEqualTo(0x12345678);
    assertThat(h.reg(1)).isEqualTo(12);
  }

  @ParameterizedTest(name = "{0}-byte access at offset {1}")
  @CsvSource({"4, 1", "4, 2", "4, 3", "2, 1"})
  void unalignedAccessesTrapWithoutChangingTheTarget(int size, int offset) {
    int load = size == 4 ? ldrImm(1, 0, 0) : ldrhImm(1, 0, 0);
    CoreHarness h = new CoreHarness().program(load).set(0, D + offset).set(1, 77).step(1);
    assertThat(h.traps).containsExactly(new Trap.Unaligned(0, D + offset, size, false));
    assertThat(h.reg(1)).isEqualTo(77);
  }

  @Test
  void unalignedStoreTrapsAndLeavesMemory() {
    CoreHarness h = new CoreHarness().program(strImm(1, 0, 0)).set(0, D + 2).set(1, -1).step(1);
    assertThat(h.traps).containsExactly(new Trap.Unaligned(0, D + 2, 4, true));
    assertThat(h.data.load32(D)).isZero();
  }

  @Test
  void accessesToUnmappedAddressesAreBusErrors() {
    CoreHarness h = new CoreHarness().program(ldrImm(1, 0, 0)).set(0, 0x6000_0000).step(1);
    assertThat(h.traps).containsExactly(new Trap.BusError(0, 0x6000_0000, false));
  }

  @Test
  void pushAndPopMoveSpAndRestoreRegisters() {
    CoreHarness h =
        new CoreHarness()
            .program(push(0b1000_0011, true), movsImm(0, 0), movsImm(1, 0), pop(0b1000_0011, false))
            .set(0, 10)
            .set(1, 11)
            .set(7, 17)
            .set(14, 0x1234)
            .set(13, D + 0x100);
    h.step(1);
    assertThat(h.reg(13)).isEqualTo(D + 0x100 - 16);
    assertThat(h.data.load32(D + 0x100 - 16)).isEqualTo(10);
    assertThat(h.data.load32(D + 0x100 - 4)).isEqualTo(0x1234);
    h.step(3);
    assertThat(h.reg(0)).isEqualTo(10);
    assertThat(h.reg(1)).isEqualTo(11);
    assertThat(h.reg(7)).isEqualTo(17);
    assertThat(h.reg(13)).isEqualTo(D + 0x100 - 4);
  }

  @Test
  void popIntoPcBranchesToTheLoadedAddressWithoutTheThumbBit() {
    CoreHarness h = new CoreHarness().program(pop(0, true)).set(13, D + 0x100);
    h.data.store32(D + 0x100, 0x41);
    h.step(1);
    assertThat(h.reg(15)).isEqualTo(0x40);
    assertThat(h.reg(13)).isEqualTo(D + 0x104);
  }

  @Test
  void popOfAnEvenAddressFaultsAsArmStateOnTheNextInstruction() {
    CoreHarness h = new CoreHarness().program(pop(0, true), NOP, NOP).set(13, D + 0x100);
    h.data.store32(D + 0x100, 0x40);
    h.step(2);
    assertThat(h.traps).containsExactly(new Trap.InvalidState(0x40));
  }

  @Test
  void stmAndLdmWriteBackUnlessTheBaseIsLoaded() {
    CoreHarness h =
        new CoreHarness()
            .program(stm(0, 0b0000_0110), ldm(3, 0b0011_0000), ldm(5, 0b0010_0001))
            .set(0, D)
            .set(1, 5)
            .set(2, 6)
            .set(3, D)
            .set(5, D);
    h.step(1);
    assertThat(h.reg(0)).isEqualTo(D + 8);
    h.step(1);
    assertThat(h.reg(4)).isEqualTo(5);
    assertThat(h.reg(5)).isEqualTo(6);
    assertThat(h.reg(3)).isEqualTo(D + 8);
    h.set(5, D).step(1);
    assertThat(h.reg(0)).isEqualTo(5);
    assertThat(h.reg(5)).as("base in list: loaded, not written back").isEqualTo(6);
  }

  @Test
  void ldmThatFaultsHalfwayChangesNoRegister() {
    CoreHarness h =
        new CoreHarness().program(ldm(0, 0b0000_0110)).set(0, D + 0xFFFC).set(1, 1).set(2, 2);
    h.step(1);
    assertThat(h.traps).hasSize(1);
    assertThat(h.reg(1)).isEqualTo(1);
    assertThat(h.reg(0)).isEqualTo(D + 0xFFFC);
  }

  @ParameterizedTest(name = "cond {0} with flags {1} taken={2}")
  @CsvSource({
    "0, nZcv, true", "0, nzcv, false", "1, nzcv, true", "1, nZcv, false",
    "2, nzCv, true", "3, nzCv, false", "4, Nzcv, true", "5, Nzcv, false",
    "6, nzcV, true", "7, nzcV, false", "8, nzCv, true", "8, nZCv, false",
    "9, nZCv, true", "9, nzCv, false", "10, NzcV, true", "10, Nzcv, false",
    "11, Nzcv, true", "11, NzcV, false", "12, nzcv, true", "12, nZcv, false",
    "13, nZcv, true", "13, nzcv, false", "14, nzcv, true"
  })
  void conditionalBranchesFollowTheFlags(int cond, String flags, boolean taken) {
    int encoding = cond == 14 ? b(8) : bcond(cond, 8);
    CoreHarness h =
        new CoreHarness()
            .program(encoding)
            .flags(
                flags.charAt(0) == 'N',
                flags.charAt(1) == 'Z',
                flags.charAt(2) == 'C',
                flags.charAt(3) == 'V')
            .step(1);
    assertThat(h.reg(15)).isEqualTo(taken ? 12 : 2);
  }

  @Test
  void backwardBranchesSignExtend() {
    CoreHarness h = new CoreHarness().program(NOP, NOP, b(-8)).step(3);
    assertThat(h.reg(15)).isEqualTo(0);
    h = new CoreHarness().program(NOP, NOP, bcond(0, -6)).flags(false, true, false, false).step(3);
    assertThat(h.reg(15)).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(ints = {4, -4, 0x100000, -0x100000, 0xFFFFFE, -0x1000000})
  void blLinksAndBranchesOverTheWholeRange(int offset) {
    int[] bl = bl(offset);
    CoreHarness h = new CoreHarness().program(NOP, bl[0], bl[1]);
    h.step(2);
    assertThat(h.reg(14)).isEqualTo(7);
    assertThat(h.reg(15)).isEqualTo(6 + offset);
  }

  @Test
  void bxAndBlxInterwork() {
    CoreHarness h = new CoreHarness().program(blx(1), NOP, NOP, bx(14)).set(1, 7).step(1);
    assertThat(h.reg(14)).isEqualTo(3);
    assertThat(h.reg(15)).isEqualTo(6);
    h.step(1);
    assertThat(h.reg(15)).isEqualTo(2);
  }

  @Test
  void highRegisterAddMovAndCmpReachSpAndPc() {
    CoreHarness h =
        new CoreHarness()
            .program(
                addHi(8, 1), // ADD r8, r1
                movHi(9, 8), // MOV r9, r8
                movHi(2, 15), // MOV r2, pc  -> 4 + 4
                addHi(13, 1), // ADD sp, r1 (forced word aligned)
                cmpHi(8, 9), // CMP r8, r9
                addHi(15, 3)) // ADD pc, r3 -> branch
            .set(1, 6)
            .set(3, 0x20)
            .set(8, 100)
            .set(13, D + 0x100);
    h.step(6);
    assertThat(h.reg(8)).isEqualTo(106);
    assertThat(h.reg(9)).isEqualTo(106);
    assertThat(h.reg(2)).isEqualTo(8);
    assertThat(h.reg(13)).isEqualTo(D + 0x104);
    assertThat(h.flags()).isEqualTo("nZCv");
    assertThat(h.reg(15)).isEqualTo(10 + 4 + 0x20);
  }

  @Test
  void spImmediatesAdjustTheStackPointer() {
    CoreHarness h = new CoreHarness().program(subSp(127), addSp(1)).set(13, D + 0x1000).step(1);
    assertThat(h.reg(13)).isEqualTo(D + 0x1000 - 508);
    h.step(1);
    assertThat(h.reg(13)).isEqualTo(D + 0x1000 - 504);
  }

  @Test
  void extendsAndReversesBytes() {
    CoreHarness h =
        new CoreHarness()
            .program(
                sxth(1, 0), sxtb(2, 0), uxth(3, 0), uxtb(4, 0), rev(5, 0), rev16(6, 0), revsh(7, 0))
            .set(0, 0x12348681)
            .step(7);
    assertThat(h.reg(1)).isEqualTo(0xFFFF8681);
    assertThat(h.reg(2)).isEqualTo(0xFFFFFF81);
    assertThat(h.reg(3)).isEqualTo(0x8681);
    assertThat(h.reg(4)).isEqualTo(0x81);
    assertThat(h.reg(5)).isEqualTo(0x81863412);
    assertThat(h.reg(6)).isEqualTo(0x34128186);
    assertThat(h.reg(7)).isEqualTo(0xFFFF8186);
  }

  @Test
  void specialRegistersMoveThroughMsrAndMrs() {
    int[] msrControl = msr(20, 0);
    int[] mrsControl = mrs(1, 20);
    int[] msrPrimask = msr(16, 2);
    int[] mrsPrimask = mrs(3, 16);
    int[] mrsMsp = mrs(4, 8);
    int[] mrsPsp = mrs(5, 9);
    int[] msrApsr = msr(0, 6);
    CoreHarness h =
        new CoreHarness()
            .program(
                msrControl[0],
                msrControl[1],
                mrsControl[0],
                mrsControl[1],
                msrPrimask[0],
                msrPrimask[1],
                mrsPrimask[0],
                mrsPrimask[1],
                mrsMsp[0],
                mrsMsp[1],
                mrsPsp[0],
                mrsPsp[1],
                msrApsr[0],
                msrApsr[1],
                DSB[0],
                DSB[1],
                DMB[0],
                DMB[1],
                ISB[0],
                ISB[1])
            .set(0, 2) // SPSEL
            .set(2, 1)
            .set(6, 0xA0000000)
            .set(13, D + 0x400);
    h.core.setPsp(D + 0x200);
    h.step(10);
    assertThat(h.traps).isEmpty();
    assertThat(h.reg(1)).isEqualTo(2);
    assertThat(h.reg(13)).as("thread mode now uses PSP").isEqualTo(D + 0x200);
    assertThat(h.reg(3)).isEqualTo(1);
    assertThat(h.core.primask()).isTrue();
    assertThat(h.reg(4)).isEqualTo(D + 0x400);
    assertThat(h.reg(5)).isEqualTo(D + 0x200);
    assertThat(h.flags()).isEqualTo("NzCv");
    assertThat(h.reg(15)).isEqualTo(40);
  }

  @Test
  void unprivilegedThreadCannotMaskInterruptsOrRegainPrivilege() {
    int[] msrControl = msr(20, 0);
    int[] msrControl2 = msr(20, 1);
    CoreHarness h =
        new CoreHarness()
            .program(msrControl[0], msrControl[1], CPSID, msrControl2[0], msrControl2[1])
            .set(0, 1)
            .set(1, 0)
            .step(3);
    assertThat(h.core.control()).isEqualTo(1);
    assertThat(h.core.primask()).isFalse();
    h.step(1);
    assertThat(h.core.control()).isEqualTo(1);
  }

  @Test
  void cpsSetsAndClearsPrimask() {
    CoreHarness h = new CoreHarness().program(CPSID, CPSIE).step(1);
    assertThat(h.core.primask()).isTrue();
    h.step(1);
    assertThat(h.core.primask()).isFalse();
  }

  @ParameterizedTest(name = "0x{0}")
  @ValueSource(strings = {"de00", "deff", "b100", "b900", "bf08", "b650", "b700", "ba80", "e800"})
  void armv7OnlyAndUdfEncodingsAreUndefined(String hex) {
    int hw = Integer.parseInt(hex, 16);
    CoreHarness h = new CoreHarness().program(hw, 0, 0).step(1);
    assertThat(h.traps).singleElement().isInstanceOf(Trap.Undefined.class);
    assertThat(h.traps.get(0).pc()).isZero();
  }

  @ParameterizedTest(name = "0x{0}")
  @ValueSource(strings = {"f7f0a000", "fb00f000", "e92d4000", "f8d00000", "f3af8000"})
  void wideEncodingsOutsideArmv6mAreUndefined(String hex) {
    long word = Long.parseLong(hex, 16);
    CoreHarness h = new CoreHarness().program((int) (word >>> 16), (int) (word & 0xFFFF)).step(1);
    assertThat(h.traps).singleElement().isInstanceOf(Trap.Undefined.class);
    assertThat(((Trap.Undefined) h.traps.get(0)).encoding()).isEqualTo((int) word);
  }

  @Test
  void hintsReachTheExceptionModel() {
    CoreHarness h = new CoreHarness().program(WFI, 0xBF20, 0xBF40, NOP, 0xBF10, svc(7)).step(6);
    assertThat(h.events).containsExactly("wfi", "wfe", "sev", "svc 7");
    assertThat(h.reg(15)).isEqualTo(12);
  }

  @Test
  void bkptReportsItsImmediate() {
    CoreHarness h = new CoreHarness().program(NOP, bkpt(0x42)).step(5);
    assertThat(h.events).containsExactly("bkpt 66");
  }

  @Test
  void rewritingCodeInvalidatesTheDecodeCache() {
    // Runs "MOVS r0, #1" once, overwrites it with "MOVS r0, #2" through a store, runs it again.
    CoreHarness h =
        new CoreHarness()
            .program(movsImm(0, 1), strhImm(2, 1, 0), b(-8))
            .set(1, 0)
            .set(2, movsImm(0, 2));
    h.step(1);
    assertThat(h.reg(0)).isEqualTo(1);
    h.step(3);
    assertThat(h.reg(0)).isEqualTo(2);
  }

  @Test
  void countsExecutedInstructions() {
    int[] loop = IntStream.of(subsImm8(0, 1), bcond(1, -6)).toArray();
    CoreHarness h = new CoreHarness().program(loop[0], loop[1], bkpt(1)).set(0, 100);
    h.step(1000);
    assertThat(h.core.cycles()).isEqualTo(200 + 1);
    assertThat(h.events).containsExactly("bkpt 1");
  }
}
