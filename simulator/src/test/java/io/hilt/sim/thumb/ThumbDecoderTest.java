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
        hits.merge(ThumbDecoder.decode16(hw), 1, Integer::sum);
      }
    }
    for (ThumbDecoder.Row row : ThumbDecoder.T16) {
      assertThat(hits).as(row.mnemonic()).containsKey(row.op());
    }
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
    assertThat(ThumbOps.id(bl)).isEqualTo(ThumbOps.BL);
    assertThat(ThumbFields.blOffsetFromPayload(ThumbOps.payload(bl))).isEqualTo(-4);
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
      assertThat(ThumbDecoder.mnemonic(id)).doesNotStartWith("op ");
    }
  }
}
