package io.hilt.orchestrator.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StackScannerTest {
  private static final byte[] PATTERN = StackPainter.littleEndian(0xCCCCCCCC);
  private static final StackRegion REGION = new StackRegion(0x2000_0000L, 0x2000_0100L, "test");

  private static byte[] painted() {
    byte[] contents = new byte[REGION.sizeBytes()];
    for (int i = 0; i < contents.length; i++) {
      contents[i] = PATTERN[i & 3];
    }
    return contents;
  }

  @Test
  void untouchedStackUsesNothing() {
    StackMeasurement m = StackScanner.measure(REGION, REGION.top(), painted(), PATTERN);

    assertThat(m.usedBytes()).isZero();
    assertThat(m.overflowed()).isFalse();
    assertThat(m.percentText()).isEqualTo("0.0");
  }

  @Test
  void highWaterMarkIsTheLowestChangedWord() {
    byte[] contents = painted();
    // the stack reached 0x200000c0: 64 bytes below the top
    contents[0xc0 + 2] = 0x12;
    contents[0xf0] = 0x00;

    StackMeasurement m = StackScanner.measure(REGION, REGION.top(), contents, PATTERN);

    assertThat(m.usedBytes()).isEqualTo(64);
    assertThat(m.percent()).isEqualTo(25.0);
    assertThat(m.describe()).startsWith("stack used 64 of 256 bytes (25.0%)");
  }

  @Test
  void wordsThatStillHoldThePatternAboveTheMarkDoNotHideIt() {
    byte[] contents = painted();
    contents[0x80] = 0x01; // deepest use; the words above happen to hold the pattern again

    StackMeasurement m = StackScanner.measure(REGION, REGION.top(), contents, PATTERN);

    assertThat(m.usedBytes()).isEqualTo(128);
  }

  @Test
  void changedBottomWordMeansOverflow() {
    byte[] contents = painted();
    contents[1] = 0x00;

    StackMeasurement m = StackScanner.measure(REGION, REGION.top(), contents, PATTERN);

    assertThat(m.overflowed()).isTrue();
    assertThat(m.usedBytes()).isEqualTo(256);
    assertThat(m.describe()).startsWith("stack overflowed its region (at least 256 bytes");
  }

  @Test
  void liveWordsAboveThePaintedTopCountAsUsed() {
    byte[] contents = painted();
    Arrays.fill(contents, 0xf8, 0x100, (byte) 0x55);

    StackMeasurement m = StackScanner.measure(REGION, REGION.top() - 8, contents, PATTERN);

    assertThat(m.usedBytes()).isEqualTo(8);
  }

  @Test
  void rejectsContentsOfTheWrongSize() {
    assertThatThrownBy(() -> StackScanner.measure(REGION, REGION.top(), new byte[16], PATTERN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("read 16 bytes of a 256-byte stack region");
  }

  @Test
  void regionMustBeWordAlignedAndNotEmpty() {
    assertThatThrownBy(() -> new StackRegion(0x2000_0002L, 0x2000_0100L, "x"))
        .hasMessageContaining("not word-aligned");
    assertThatThrownBy(() -> new StackRegion(0x2000_0100L, 0x2000_0100L, "x"))
        .hasMessageContaining("is empty");
  }
}
