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

  /** The raw bits {@code [hi:lo]} of {@code word}. */
  private static int bits(int word, int hi, int lo) {
    return (word >>> lo) & ((1 << (hi - lo + 1)) - 1);
  }

  @ParameterizedTest
  @ValueSource(ints = {0x12345678, 0xEB1C0A4F, 0xFFFFFFFF, 0xF0000000, 0x0F0F0F0F, 0xA5A5C3C3})
  void everyT32PayloadGivesBackTheFieldsOfItsEncoding(int w) {
    int regs = ThumbFields.regsPayload(w);
    assertThat(ThumbFields.d(regs)).isEqualTo(bits(w, 11, 8));
    assertThat(ThumbFields.n(regs)).isEqualTo(bits(w, 19, 16));
    assertThat(ThumbFields.m(regs)).isEqualTo(bits(w, 3, 0));
    assertThat(ThumbFields.a(regs)).isEqualTo(bits(w, 15, 12));
    assertThat(ThumbFields.op2(regs)).isEqualTo(bits(w, 7, 4));
    assertThat(ThumbFields.rotation(regs)).isEqualTo(8 * bits(w, 5, 4));
    assertThat(ThumbFields.hw1Bits(regs)).isEqualTo(bits(w, 22, 20));

    int shifted = ThumbFields.shiftedPayload(w);
    assertThat(ThumbFields.d(shifted)).isEqualTo(bits(w, 11, 8));
    assertThat(ThumbFields.n(shifted)).isEqualTo(bits(w, 19, 16));
    assertThat(ThumbFields.m(shifted)).isEqualTo(bits(w, 3, 0));
    assertThat(ThumbFields.shiftImm(shifted)).isEqualTo(bits(w, 14, 12) << 2 | bits(w, 7, 6));
    assertThat(ThumbFields.shiftType(shifted)).isEqualTo(bits(w, 5, 4));
    assertThat(ThumbFields.shiftedS(shifted)).isEqualTo(bits(w, 20, 20) == 1);

    int imm = ThumbFields.imm12Payload(w);
    assertThat(ThumbFields.d(imm)).isEqualTo(bits(w, 11, 8));
    assertThat(ThumbFields.n(imm)).isEqualTo(bits(w, 19, 16));
    assertThat(ThumbFields.imm12(imm))
        .isEqualTo(bits(w, 26, 26) << 11 | bits(w, 14, 12) << 8 | bits(w, 7, 0));
    assertThat(ThumbFields.immS(imm)).isEqualTo(bits(w, 20, 20) == 1);

    int imm16 = ThumbFields.imm16Payload(w);
    assertThat(ThumbFields.imm16(imm16))
        .isEqualTo(
            bits(w, 19, 16) << 12 | bits(w, 26, 26) << 11 | bits(w, 14, 12) << 8 | bits(w, 7, 0));

    int bitfield = ThumbFields.bitfieldPayload(w);
    assertThat(ThumbFields.lsb(bitfield)).isEqualTo(bits(w, 14, 12) << 2 | bits(w, 7, 6));
    assertThat(ThumbFields.bits5(bitfield)).isEqualTo(bits(w, 4, 0));
    assertThat(ThumbFields.sh(bitfield)).isEqualTo(bits(w, 21, 21) == 1);

    int ls = ThumbFields.loadStorePayload(w);
    assertThat(ThumbFields.t(ls)).isEqualTo(bits(w, 15, 12));
    assertThat(ThumbFields.n(ls)).isEqualTo(bits(w, 19, 16));
    assertThat(ThumbFields.imm12(ls)).isEqualTo(bits(w, 11, 0));
    assertThat(ThumbFields.imm8w(ls)).isEqualTo(bits(w, 7, 0));
    assertThat(ThumbFields.puwIndex(ls)).isEqualTo(bits(w, 10, 10) == 1);
    assertThat(ThumbFields.puwAdd(ls)).isEqualTo(bits(w, 9, 9) == 1);
    assertThat(ThumbFields.puwWriteback(ls)).isEqualTo(bits(w, 8, 8) == 1);
    assertThat(ThumbFields.lsRm(ls)).isEqualTo(bits(w, 3, 0));
    assertThat(ThumbFields.lsShift(ls)).isEqualTo(bits(w, 5, 4));
    assertThat(ThumbFields.literalOffset(ls))
        .isEqualTo(bits(w, 23, 23) == 1 ? bits(w, 11, 0) : -bits(w, 11, 0));

    int dual = ThumbFields.dualPayload(w);
    assertThat(ThumbFields.t(dual)).isEqualTo(bits(w, 15, 12));
    assertThat(ThumbFields.n(dual)).isEqualTo(bits(w, 19, 16));
    assertThat(ThumbFields.t2(dual)).isEqualTo(bits(w, 11, 8));
    assertThat(ThumbFields.dualImm8(dual)).isEqualTo(bits(w, 7, 0));
    assertThat(ThumbFields.low4(dual)).isEqualTo(bits(w, 3, 0));
    assertThat(ThumbFields.dualIndex(dual)).isEqualTo(bits(w, 24, 24) == 1);
    assertThat(ThumbFields.dualAdd(dual)).isEqualTo(bits(w, 23, 23) == 1);
    assertThat(ThumbFields.dualWriteback(dual)).isEqualTo(bits(w, 21, 21) == 1);

    int multiple = ThumbFields.multiplePayload(w);
    assertThat(ThumbFields.multipleRn(multiple)).isEqualTo(bits(w, 19, 16));
    assertThat(ThumbFields.list16(multiple)).isEqualTo(bits(w, 15, 0));
    assertThat(ThumbFields.multipleWriteback(multiple)).isEqualTo(bits(w, 21, 21) == 1);

    for (int payload : new int[] {regs, shifted, imm, imm16, bitfield, ls, dual, multiple}) {
      assertThat(payload >>> 23).as("payloads fit 23 bits").isZero();
    }
  }
}
