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
    assertThat(ThumbFields.offsetFromPayload(ThumbFields.offsetPayload(decoded), decoded < 0))
        .isEqualTo(offset);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2, -2, 0x000F_FFFE, -0x0010_0000, 0x1234, -0x5432})
  void conditionalBranchOffsetsRoundTripThroughTheirPayload(int offset) {
    int payload = ThumbFields.condBranchPayload(11, offset);
    assertThat(ThumbFields.condOf(payload)).isEqualTo(11);
    assertThat(ThumbFields.condBranchOffsetFromPayload(payload, offset < 0)).isEqualTo(offset);
  }

  @ParameterizedTest
  @CsvSource({
    // imm12, value, carry out with carry in clear
    "0x0AB, 0x000000AB, false",
    "0x1AB, 0x00AB00AB, false",
    "0x2AB, 0xAB00AB00, false",
    "0x3AB, 0xABABABAB, false",
    "0x400, 0x80000000, true", // 1:0000000 rotated right by 8
    "0x47F, 0xFF000000, true",
    "0xFFF, 0x000001FE, false", // rotated right by 31: 0xFF << 1
    "0x87F, 0x00FF0000, false"
  })
  void thumbExpandImmGivesTheValueAndTheCarryOut(String imm12, String value, boolean carry) {
    int imm = Integer.decode(imm12);
    assertThat(ThumbFields.expandImm(imm))
        .isEqualTo(Integer.parseUnsignedInt(value.substring(2), 16));
    assertThat(ThumbFields.expandImmCarry(imm, false)).isEqualTo(carry);
    if (imm >>> 10 == 0) {
      assertThat(ThumbFields.expandImmCarry(imm, true)).as("unrotated keeps C").isTrue();
    }
  }
}
