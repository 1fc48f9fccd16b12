package io.hilt.sim.thumb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ThumbFieldsTest {
  @ParameterizedTest
  @CsvSource({"0x44F8, 8, 15", "0x44E8, 8, 13", "0x4485, 13, 0", "0x46f7, 15, 14"})
  void highRegisterFieldsCombineDnWithRdn(String hex, int dn, int rm) {
    int hw = Integer.decode(hex);
    assertThat(ThumbFields.dn(hw)).isEqualTo(dn);
    assertThat(ThumbFields.rm4(hw)).isEqualTo(rm);
  }

  @ParameterizedTest
  @CsvSource({"0xD07F, 254", "0xD080, -256", "0xE3FF, 2046", "0xE400, -2048"})
  void branchOffsetsAreSignExtendedAndHalfwordScaled(String hex, int offset) {
    int hw = Integer.decode(hex);
    int actual =
        (hw & 0xF000) == 0xD000 ? ThumbFields.branchOffset8(hw) : ThumbFields.branchOffset11(hw);
    assertThat(actual).isEqualTo(offset);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2, -2, 0x00FF_FFFE, -0x0100_0000, 0x12344, -0x54320})
  void blOffsetRoundTripsThroughItsEncodingAndPayload(int offset) {
    int[] hw = Asm.bl(offset);
    int decoded = ThumbFields.blOffset(hw[0], hw[1]);
    assertThat(decoded).isEqualTo(offset);
    assertThat(ThumbFields.blOffsetFromPayload(ThumbFields.blPayload(decoded))).isEqualTo(offset);
  }
}
