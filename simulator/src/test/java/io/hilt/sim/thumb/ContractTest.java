package io.hilt.sim.thumb;

import static io.hilt.sim.thumb.Asm.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the system side relies on: profiles, protection hook, CCR traps, BASEPRI and FAULTMASK. */
class ContractTest {
  static final int D = CoreHarness.DATA;

  /** Denies writes to one 32-byte block and execution of another; records the questions. */
  static final class Mpu implements MemoryProtection {
    final List<String> asked = new ArrayList<>();
    int readOnly = D + 0x100;
    int noExecute = 0x40;

    @Override
    public boolean allows(int address, int size, Access access, boolean privileged) {
      asked.add(access + (privileged ? "" : " unprivileged"));
      return switch (access) {
        case WRITE -> (address & ~31) != readOnly;
        case EXECUTE -> (address & ~31) != noExecute;
        case READ -> true;
      };
    }
  }

  @Test
  void aDeniedStoreTrapsWithTheAddressAndLeavesMemoryAlone() {
    CoreHarness h = new CoreHarness(ThumbProfile.ARMV7M);
    Mpu mpu = new Mpu();
    h.core.setMemoryProtection(mpu);
    h.core.setProtectionEnabled(true);
    h.program(strImm(1, 0, 1), strImm(1, 2, 0)).set(0, D + 0xFC).set(2, D + 0x80).set(1, 7);
    h.step(2);
    assertThat(h.traps).containsExactly(new Trap.DataAccessViolation(0, D + 0x100, 4, true, true));
    assertThat(h.data.load32(D + 0x100)).isZero();
  }

  @Test
  void noProtectionQuestionsWhileItIsDisabled() {
    CoreHarness h = new CoreHarness(ThumbProfile.ARMV7M);
    Mpu mpu = new Mpu();
    h.core.setMemoryProtection(mpu);
    h.program(strImm(1, 0, 0), ldrImm(2, 0, 0)).set(0, D + 0x100).set(1, 9).step(2);
    assertThat(h.traps).isEmpty();
    assertThat(h.reg(2)).isEqualTo(9);
    assertThat(mpu.asked).isEmpty();
  }

  @Test
  void executionIntoAnExecuteNeverBlockTrapsAtItsFirstInstruction() {
    CoreHarness h = new CoreHarness(ThumbProfile.ARMV7M);
    Mpu mpu = new Mpu();
    h.core.setMemoryProtection(mpu);
    h.core.setProtectionEnabled(true);
    int[] program = new int[0x30];
    java.util.Arrays.fill(program, NOP);
    h.program(program).step(100);
    assertThat(h.traps).containsExactly(new Trap.InstructionAccessViolation(0x40, true));
    // Fetches are checked per block, not per instruction.
    assertThat(mpu.asked.size()).isLessThan(8);
  }

  @Test
  void reconfiguringTheProtectionTakesEffectAtTheNextFetch() {
    CoreHarness h = new CoreHarness(ThumbProfile.ARMV7M);
    Mpu mpu = new Mpu();
    mpu.noExecute = -32;
    h.core.setMemoryProtection(mpu);
    h.core.setProtectionEnabled(true);
    h.program(NOP, NOP, NOP, NOP).step(1);
    mpu.noExecute = 0;
    h.core.setProtectionEnabled(true);
    h.step(1);
    assertThat(h.traps).containsExactly(new Trap.InstructionAccessViolation(2, true));
  }

  @Test
  void unalignedWordLoadsWorkOnArmv7mUnlessUnalignTrpIsSet() {
    CoreHarness h = new CoreHarness(ThumbProfile.ARMV7M);
    h.data.store32(D, 0x44332211);
    h.data.store32(D + 4, 0x88776655);
    h.program(ldrImm(2, 0, 0), ldrImm(3, 0, 0)).set(0, D + 1).step(1);
    assertThat(h.reg(2)).isEqualTo(0x55443322);
    h.core.setTrapUnaligned(true);
    h.step(1);
    assertThat(h.traps).containsExactly(new Trap.Unaligned(2, D + 1, 4, false));
  }

  @Test
  void unalignedStoreMultipleFaultsEvenWithoutUnalignTrp() {
    CoreHarness h = new CoreHarness(ThumbProfile.ARMV7M);
    h.program(stm(0, 0b110)).set(0, D + 0x102).step(1);
    assertThat(h.traps).containsExactly(new Trap.Unaligned(0, D + 0x102, 4, true));
  }

  @Test
  void armv6mStillFaultsOnUnalignedWordLoads() {
    CoreHarness h = new CoreHarness();
    h.program(ldrImm(2, 0, 0)).set(0, D + 2).step(1);
    assertThat(h.traps).containsExactly(new Trap.Unaligned(0, D + 2, 4, false));
  }

  @Test
  void basepriMaxOnlyRaisesTheMaskAndFaultmaskNeedsPriorityAboveMinusOne() {
    CoreHarness h = new CoreHarness(ThumbProfile.ARMV7M);
    h.core.setPriorityBitsMask(0xE0);
    int[] code =
        concat(
            msr(17, 0), // BASEPRI = 0x45 -> 0x40
            msr(18, 1), // BASEPRI_MAX 0x80: lower priority than 0x40, ignored
            mrs(5, 17),
            msr(18, 2), // BASEPRI_MAX 0x20: raises
            mrs(6, 18),
            msr(19, 3), // FAULTMASK = 1
            mrs(7, 19));
    h.program(code).set(0, 0x45).set(1, 0x80).set(2, 0x20).set(3, 1).step(7);
    assertThat(h.reg(5)).isEqualTo(0x40);
    assertThat(h.reg(6)).isEqualTo(0x20);
    assertThat(h.reg(7)).isEqualTo(1);
    assertThat(h.core.faultmask()).isTrue();
  }

  @Test
  void armv6mIgnoresBasepriAndFaultmask() {
    CoreHarness h = new CoreHarness();
    h.program(concat(msr(17, 0), msr(19, 0), mrs(5, 17), mrs(6, 19))).set(0, 0xFF).step(4);
    assertThat(h.traps).isEmpty();
    assertThat(h.reg(5)).isZero();
    assertThat(h.reg(6)).isZero();
  }

  @Test
  void xpsrCarriesQGeAndItStateThroughARoundTrip() {
    CoreHarness h = new CoreHarness(ThumbProfile.ARMV7EM);
    int xpsr = 1 << 27 | 0b1010 << 16 | 0b01 << 25 | 0b101100 << 10 | 1 << 24 | 3;
    h.core.setXpsr(xpsr);
    assertThat(h.core.xpsr()).isEqualTo(xpsr);
    assertThat(h.core.itState()).isEqualTo(0b10110001);
    h.core.exceptionEntry(11);
    assertThat(h.core.itState()).isZero();
    assertThat(h.core.ipsr()).isEqualTo(11);
  }

  static int[] concat(int[]... parts) {
    return java.util.Arrays.stream(parts).flatMapToInt(java.util.Arrays::stream).toArray();
  }
}
