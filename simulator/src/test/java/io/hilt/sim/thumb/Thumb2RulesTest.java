package io.hilt.sim.thumb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules around the instructions: IT conditions, profiles, alignment, divide by zero, the
 * exclusive monitor across exceptions and unprivileged loads.
 */
class Thumb2RulesTest {
  static final int D = CoreHarness.DATA;

  /** The condition table of the ARM ARM, written independently of the core. */
  static boolean passes(String cond, boolean n, boolean z, boolean c, boolean v) {
    return switch (cond) {
      case "eq" -> z;
      case "ne" -> !z;
      case "cs" -> c;
      case "cc" -> !c;
      case "mi" -> n;
      case "pl" -> !n;
      case "vs" -> v;
      case "vc" -> !v;
      case "hi" -> c && !z;
      case "ls" -> !c || z;
      case "ge" -> n == v;
      case "lt" -> n != v;
      case "gt" -> !z && n == v;
      case "le" -> z || n != v;
      default -> true;
    };
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "al"
      })
  void itThenAndElseFollowTheConditionForEveryFlagCombination(String cond) {
    String inverse = inverse(cond);
    String asm =
        cond.equals("al")
            ? ".short 0xBFE8, 0x2001" // IT AL; MOV r0, #1 (gas refuses MOVAL in IT)
            : "ite " + cond + "; mov" + cond + " r0, #1; mov" + inverse + " r1, #1";
    int[] code = Gas.assemble("cortex-m3", asm);
    for (int flags = 0; flags < 16; flags++) {
      boolean n = (flags & 8) != 0;
      boolean z = (flags & 4) != 0;
      boolean c = (flags & 2) != 0;
      boolean v = (flags & 1) != 0;
      CoreHarness h = new CoreHarness(ThumbProfile.ARMV7M).program(code).flags(n, z, c, v);
      String before = h.flags();
      h.runToEnd();
      boolean taken = passes(cond, n, z, c, v);
      assertThat(h.reg(0)).as("%s with %s", cond, before).isEqualTo(taken ? 1 : 0);
      if (!cond.equals("al")) {
        assertThat(h.reg(1)).as("else of %s with %s", cond, before).isEqualTo(taken ? 0 : 1);
      }
      assertThat(h.flags()).as("MOVS in IT sets no flags").isEqualTo(before);
      assertThat(h.core.itState()).as("IT block over").isZero();
    }
  }

  private static String inverse(String cond) {
    String[] pairs = {
      "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le"
    };
    for (int i = 0; i < pairs.length; i++) {
      if (pairs[i].equals(cond)) {
        return pairs[i ^ 1];
      }
    }
    return cond;
  }

  @Test
  void itStateIsStackedInXpsrAndAdvancesPerInstruction() {
    int[] code = Gas.assemble("cortex-m3", "itte eq; moveq r0, #1; moveq r1, #1; movne r2, #1");
    CoreHarness h =
        new CoreHarness(ThumbProfile.ARMV7M).program(code).flags(false, true, false, false);
    h.step(1);
    int first = h.core.itState();
    assertThat(first >>> 4).as("firstcond eq").isZero();
    assertThat((h.core.xpsr() >>> 25) & 3 | ((h.core.xpsr() >>> 10) & 0x3F) << 2).isEqualTo(first);
    h.step(1);
    assertThat(h.core.itState()).isNotZero().isNotEqualTo(first);
    h.step(2);
    assertThat(h.core.itState()).isZero();
    assertThat(new int[] {h.reg(0), h.reg(1), h.reg(2)}).containsExactly(1, 1, 0);
  }

  @Test
  void exceptionEntryInsideAnItBlockClearsItAndTheStackedXpsrKeepsIt() {
    int[] code = Gas.assemble("cortex-m3", "itt eq; moveq r0, #1; moveq r1, #1");
    CoreHarness h =
        new CoreHarness(ThumbProfile.ARMV7M).program(code).flags(false, true, false, false);
    h.step(2);
    int stacked = h.core.xpsr();
    h.core.exceptionEntry(15);
    assertThat(h.core.itState()).isZero();
    h.core.setXpsr(stacked);
    assertThat(h.core.itState()).isNotZero();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "sadd16 r0, r1, r2",
        "smlabb r0, r1, r2, r3",
        "qadd r0, r1, r2",
        "pkhbt r0, r1, r2",
        "sxtab r0, r1, r2",
        "umaal r0, r1, r2, r3",
        "ssat16 r0, #4, r1",
        "smmul r0, r1, r2",
        "usad8 r0, r1, r2",
        "sel r0, r1, r2"
      })
  void armv7mRejectsTheDspExtensionButArmv7emRunsIt(String asm) {
    int[] code = Gas.assemble("cortex-m4", asm);
    CoreHarness m3 = new CoreHarness(ThumbProfile.ARMV7M).program(code).runToEnd();
    assertThat(m3.traps).hasSize(1).first().isInstanceOf(Trap.Undefined.class);
    CoreHarness m4 = new CoreHarness(ThumbProfile.ARMV7EM).program(code).runToEnd();
    assertThat(m4.traps).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "add.w r0, r1, r2",
        "ldr.w r0, [r1, #4]",
        "it eq",
        "cbz r0, 1f; nop; 1: nop",
        "sdiv r0, r1, r2",
        "push.w {r4, r8}",
        "movw r0, #1",
        "b.w 1f; 1: nop",
        "clrex",
        "cpsid f"
      })
  void armv6mRejectsThumb2Encodings(String asm) {
    int[] code = Gas.assemble("cortex-m3", asm);
    CoreHarness m0 = new CoreHarness().program(code).runToEnd();
    assertThat(m0.traps).hasSize(1).first().isInstanceOf(Trap.Undefined.class);
  }

  @Test
  void armv6mStillRunsItsSixWideInstructions() {
    int[] code =
        Gas.assemble("cortex-m0", "bl 1f; 1: mrs r0, PRIMASK; msr PRIMASK, r0; dmb; dsb; isb");
    CoreHarness m0 = new CoreHarness().program(code).runToEnd();
    assertThat(m0.traps).isEmpty();
    assertThat(m0.reg(15)).isEqualTo(code.length * 2);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ldr.w r0, [r1] | false",
        "ldrh r0, [r1] | false",
        "str r0, [r1] | false",
        "strh.w r0, [r1] | false",
        "ldrt r0, [r1] | false",
        "ldrd r0, r2, [r1] | true",
        "strd r0, r2, [r1] | true",
        "ldm r1, {r0, r2} | true",
        "stm.w r1, {r0, r2} | true",
        "ldrex r0, [r1] | true",
        "ldrexh r0, [r1] | true"
      })
  void unalignedAccessRulesOfArmv7m(String asm, boolean alwaysFaults) {
    int[] code = Gas.assemble("cortex-m3", asm);
    CoreHarness plain = new CoreHarness(ThumbProfile.ARMV7M).program(code).set(1, D + 1).runToEnd();
    assertThat(plain.traps.isEmpty()).as("without UNALIGN_TRP").isEqualTo(!alwaysFaults);
    CoreHarness trapping = new CoreHarness(ThumbProfile.ARMV7M).program(code).set(1, D + 1);
    trapping.core.setTrapUnaligned(true);
    trapping.runToEnd();
    assertThat(trapping.traps).hasSize(1).first().isInstanceOf(Trap.Unaligned.class);
  }

  @Test
  void unalignedWordStoreWritesEveryByte() {
    int[] code = Gas.assemble("cortex-m3", "str r0, [r1]");
    CoreHarness h =
        new CoreHarness(ThumbProfile.ARMV7M)
            .program(code)
            .set(0, 0xAABBCCDD)
            .set(1, D + 3)
            .runToEnd();
    assertThat(h.data.load32(D)).isEqualTo(0xDD000000);
    assertThat(h.data.load32(D + 4)).isEqualTo(0x00AABBCC);
  }

  @Test
  void divideByZeroTrapsWithDiv0TrpAndLeavesTheDestination() {
    int[] code = Gas.assemble("cortex-m3", "udiv r0, r1, r2");
    CoreHarness h = new CoreHarness(ThumbProfile.ARMV7M).program(code).set(0, 77).set(1, 5);
    h.core.setTrapDivideByZero(true);
    h.runToEnd();
    assertThat(h.traps).containsExactly(new Trap.DivideByZero(0));
    assertThat(h.reg(0)).isEqualTo(77);
  }

  @Test
  void exceptionEntryClearsTheExclusiveMonitor() {
    int[] code = Gas.assemble("cortex-m3", "ldrex r0, [r1]; strex r2, r3, [r1]");
    CoreHarness h = new CoreHarness(ThumbProfile.ARMV7M).program(code).set(1, D).set(3, 5);
    h.step(1);
    h.core.exceptionEntry(11);
    h.core.setIpsr(0);
    h.step(1);
    assertThat(h.reg(2)).isEqualTo(1);
    assertThat(h.data.load32(D)).isZero();
  }

  @Test
  void unprivilegedLoadsAskTheProtectionAsUnprivileged() {
    int[] code = Gas.assemble("cortex-m3", "ldrt r0, [r1]; ldr r2, [r1]");
    CoreHarness h = new CoreHarness(ThumbProfile.ARMV7M).program(code).set(1, D);
    List<Boolean> privileges = new ArrayList<>();
    h.core.setMemoryProtection(
        (address, size, access, privileged) -> {
          if (access != MemoryProtection.Access.EXECUTE) {
            privileges.add(privileged);
          }
          return privileged;
        });
    h.core.setProtectionEnabled(true);
    h.runToEnd();
    assertThat(privileges).containsExactly(false);
    assertThat(h.traps).containsExactly(new Trap.DataAccessViolation(0, D, 4, false, false));
  }

  @Test
  void coprocessorInstructionsAreNoCoprocessorUsageFaults() {
    int[] code = Gas.assemble("cortex-m3", ".short 0xED90, 0x0A00"); // VLDR s0, [r0]
    CoreHarness h = new CoreHarness(ThumbProfile.ARMV7M).program(code).runToEnd();
    assertThat(h.traps).containsExactly(new Trap.NoCoprocessor(0, 10));
  }
}
