package io.hilt.sim.thumb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decoding tables themselves: coverage, reachability and the ordering of overlapping rows. */
class ThumbDecoderTest {
  @Test
  void everyRowIsReachableByAtLeastOneEncoding() {
    Map<Integer, Integer> hits = new HashMap<>();
    for (int hw = 0; hw < 0x10000; hw++) {
      if (!ThumbDecoder.isWide(hw)) {
        hits.merge(ThumbDecoder.decode16(hw, ThumbProfile.ARMV7EM), 1, Integer::sum);
        hits.merge(ThumbDecoder.decode16(hw, ThumbProfile.ARMV6M), 1, Integer::sum);
      }
    }
    for (ThumbDecoder.Row row : ThumbDecoder.T16) {
      assertThat(hits).as(row.mnemonic()).containsKey(row.op());
    }
  }

  @Test
  void everyT32RowIsReachableInItsProfile() {
    // Random fillings of each row's free bits must reach the row at least once (rows shadowed by
    // earlier ones entirely would never be).
    java.util.Random random = new java.util.Random(3);
    for (ThumbDecoder.Row row : ThumbDecoder.T32) {
      boolean reached = false;
      for (int i = 0; i < 4000 && !reached; i++) {
        int candidate = row.pattern() | (random.nextInt() & ~row.mask());
        reached = ThumbDecoder.decode32(candidate, row.since()) == row.op();
      }
      assertThat(reached).as(row.mnemonic()).isTrue();
    }
  }

  @Test
  void armv7mKeepsTheDspEncodingsUndefinedAndArmv6mEveryThumb2One() {
    int sadd16 = 0xFA91F002; // SADD16 r0, r1, r2
    int smlabb = 0xFB110203;
    int mul = 0xFB01F002; // MUL.W r0, r1, r2
    int sdiv = 0xFB91F0F2;
    assertThat(ThumbDecoder.decode32(sadd16, ThumbProfile.ARMV7EM)).isEqualTo(ThumbOps.PARALLEL);
    assertThat(ThumbDecoder.decode32(sadd16, ThumbProfile.ARMV7M)).isEqualTo(ThumbOps.UNDEFINED_W);
    assertThat(ThumbDecoder.decode32(smlabb, ThumbProfile.ARMV7M)).isEqualTo(ThumbOps.UNDEFINED_W);
    assertThat(ThumbDecoder.decode32(mul, ThumbProfile.ARMV7M)).isEqualTo(ThumbOps.MUL);
    assertThat(ThumbDecoder.decode32(sdiv, ThumbProfile.ARMV7M)).isEqualTo(ThumbOps.SDIV);
    assertThat(ThumbDecoder.decode32(sdiv, ThumbProfile.ARMV6M)).isEqualTo(ThumbOps.UNDEFINED_W);
    assertThat(ThumbDecoder.decode16(0xBF18, ThumbProfile.ARMV7M)).isEqualTo(ThumbOps.IT);
    assertThat(ThumbDecoder.decode16(0xB108, ThumbProfile.ARMV7M)).isEqualTo(ThumbOps.CBZ);
    assertThat(ThumbDecoder.decode16(0xB108, ThumbProfile.ARMV6M)).isEqualTo(ThumbOps.UNDEFINED);
  }

  @Test
  void armv6mAcceptsExactlyItsSixWideInstructions() {
    // BL, MSR, MRS, DSB, DMB, ISB (and UDF.W); everything else 32-bit is UNDEFINED.
    java.util.Set<Integer> seen = new java.util.TreeSet<>();
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 200_000; i++) {
      int word = 0xE8000000 | (random.nextInt() & 0x1FFFFFFF);
      if (ThumbDecoder.isWide(word >>> 16)) {
        seen.add(ThumbDecoder.decode32(word, ThumbProfile.ARMV6M));
      }
    }
    for (int word :
        new int[] {
          0xF7F0A000, 0xF000F800, 0xF3808808, 0xF3EF8308, 0xF3BF8F4F, 0xF3BF8F5F, 0xF3BF8F6F
        }) {
      seen.add(ThumbDecoder.decode32(word, ThumbProfile.ARMV6M));
    }
    assertThat(seen)
        .containsExactlyInAnyOrder(
            ThumbOps.BL,
            ThumbOps.MSR,
            ThumbOps.MRS,
            ThumbOps.DSB,
            ThumbOps.DMB,
            ThumbOps.ISB,
            ThumbOps.UDF_W,
            ThumbOps.UNDEFINED_W);
  }

  @Test
  void armv6mHasExactlyTheExpectedNumberOfUndefinedHalfwords() {
    int undefined = 0;
    for (int hw = 0; hw < 0xE800; hw++) {
      int op = ThumbDecoder.decode16(hw);
      if (op == ThumbOps.UNDEFINED || op == ThumbOps.UDF) {
        undefined++;
      }
    }
    // UDF (256), CBZ/CBNZ (4 x 256), 1011 0110 other than CPS (254), 1011 0111 (256), SETEND-space
    // 1011 0101 is PUSH; REV space 1011 1010 10xx xxxx (64); 1011 1000 (256); IT/hints with opB !=
    // 0
    // (16 x 15 = 240).
    assertThat(undefined).isEqualTo(256 + 1024 + 254 + 256 + 64 + 256 + 240);
  }

  @Test
  void overlapsResolveInTableOrder() {
    assertThat(ThumbDecoder.decode16(0x0008)).isEqualTo(ThumbOps.MOVS_REG);
    assertThat(ThumbDecoder.decode16(0x0048)).isEqualTo(ThumbOps.LSLS_IMM);
    assertThat(ThumbDecoder.decode16(0xDE12)).isEqualTo(ThumbOps.UDF);
    assertThat(ThumbDecoder.decode16(0xDF12)).isEqualTo(ThumbOps.SVC);
    assertThat(ThumbDecoder.decode16(0xD012)).isEqualTo(ThumbOps.B_COND);
    assertThat(ThumbDecoder.decode16(0xBF30)).isEqualTo(ThumbOps.WFI);
    assertThat(ThumbDecoder.decode16(0xBF10)).isEqualTo(ThumbOps.NOP);
    assertThat(ThumbDecoder.decode16(0xBF18)).as("IT").isEqualTo(ThumbOps.UNDEFINED);
  }

  @Test
  void wideEncodingsOfArmv6mDecodeWithTheirFields() {
    int bl = ThumbDecoder.decode(0xF7FF, 0xFFFE); // BL .-0
    assertThat(ThumbOps.id(bl)).as("backwards twin").isEqualTo(ThumbOps.BL_BACK);
    assertThat(ThumbFields.offsetFromPayload(ThumbOps.payload(bl), true)).isEqualTo(-4);
    int mrs = ThumbDecoder.decode(0xF3EF, 0x8314); // MRS r3, CONTROL
    assertThat(ThumbOps.id(mrs)).isEqualTo(ThumbOps.MRS);
    assertThat(ThumbFields.sysReg(ThumbOps.payload(mrs))).isEqualTo(3);
    assertThat(ThumbFields.sysm(ThumbOps.payload(mrs))).isEqualTo(20);
    assertThat(ThumbOps.id(ThumbDecoder.decode(0xF3BF, 0x8F5F))).isEqualTo(ThumbOps.DMB);
    assertThat(ThumbOps.id(ThumbDecoder.decode(0xF000, 0xB800)))
        .as("B.W is v7-M")
        .isEqualTo(ThumbOps.UNDEFINED_W);
  }

  @Test
  void everyOpHasAMnemonic() {
    for (int id = 1; id < ThumbOps.COUNT; id++) {
      if (id > ThumbOps.EXECUTE_VIOLATION && id < ThumbOps.WIDE) {
        continue;
      }
      assertThat(ThumbDecoder.mnemonic(id)).as("id " + id).doesNotStartWith("op ");
    }
  }

  @Test
  void everyDecodableOpHasAHandlerInTheCore() {
    // Each row's encodings run on a fresh core with every register pointing into data RAM: traps
    // are fine, a missing dispatch case (an exception) is not.
    java.util.Random random = new java.util.Random(11);
    java.util.List<ThumbDecoder.Row> rows = new java.util.ArrayList<>(ThumbDecoder.T16);
    rows.addAll(ThumbDecoder.T32);
    for (ThumbDecoder.Row row : rows) {
      boolean wide = ThumbDecoder.T32.contains(row);
      for (int i = 0; i < 20; i++) {
        int bits = row.pattern() | (random.nextInt() & ~row.mask());
        if (!wide) {
          bits &= 0xFFFF;
          if (ThumbDecoder.isWide(bits)) {
            continue;
          }
        }
        CoreHarness h = new CoreHarness(ThumbProfile.ARMV7EM);
        h.program(wide ? new int[] {bits >>> 16, bits & 0xFFFF} : new int[] {bits});
        for (int r = 0; r < 13; r++) {
          h.set(r, CoreHarness.DATA + 0x100 + 8 * r);
        }
        h.step(1);
        assertThat(h.core.cycles()).as("%s 0x%08x", row.mnemonic(), bits).isLessThanOrEqualTo(1);
      }
    }
  }
}
