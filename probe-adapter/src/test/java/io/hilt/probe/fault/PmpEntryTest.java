package io.hilt.probe.fault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PmpEntryTest {
  static final int NAPOT = 0x18;
  static final int TOR = 0x08;
  static final int NA4 = 0x10;

  @Test
  void napotSizeComesFromTheTrailingOnes() {
    // 0x80003100, 256 bytes: (base | 127) >> 2
    PmpEntry e = PmpEntry.decode(1, NAPOT | 1, (0x8000_3100L | 127) >>> 2, 0);
    assertThat(e.start()).isEqualTo(0x8000_3100L);
    assertThat(e.end()).isEqualTo(0x8000_3200L);
    assertThat(e.contains(0x8000_31ffL)).isTrue();
    assertThat(e.contains(0x8000_3200L)).isFalse();
    assertThat(e.describe()).isEqualTo("entry 1: NAPOT [0x80003100, 0x80003200) R--");
  }

  @Test
  void napotWithoutTrailingOnesIsEightBytes() {
    PmpEntry e = PmpEntry.decode(0, NAPOT, 0x2000_0000L, 0);
    assertThat(e.start()).isEqualTo(0x8000_0000L);
    assertThat(e.end()).isEqualTo(0x8000_0008L);
  }

  @Test
  void napotOfAllOnesCoversTheWhole34BitSpace() {
    PmpEntry e = PmpEntry.decode(15, NAPOT | 7, 0xffff_ffffL, 0);
    assertThat(e.start()).isZero();
    assertThat(e.end()).isEqualTo(1L << 34);
    assertThat(e.describe()).isEqualTo("entry 15: NAPOT [0x00000000, 0x400000000) RWX");
  }

  @Test
  void torRunsFromThePreviousAddressAndFromZeroForEntryZero() {
    PmpEntry e = PmpEntry.decode(4, TOR | 5, 0x8000_2f88L >>> 2, 0x8000_0000L >>> 2);
    assertThat(e.start()).isEqualTo(0x8000_0000L);
    assertThat(e.end()).isEqualTo(0x8000_2f88L);
    assertThat(e.permissions()).isEqualTo("R-X");
    PmpEntry first = PmpEntry.decode(0, TOR | 3, 0x1000L >>> 2, 0xdead_beefL);
    assertThat(first.start()).isZero();
    assertThat(first.end()).isEqualTo(0x1000L);
  }

  @Test
  void torWhoseBottomIsNotBelowItsTopMatchesNothing() {
    PmpEntry e = PmpEntry.decode(3, TOR | 7, 0x100, 0x200);
    assertThat(e.contains(0x400)).isFalse();
    assertThat(e.contains(0x800)).isFalse();
    assertThat(e.start()).isEqualTo(e.end());
  }

  @Test
  void na4IsFourBytesAndOffMatchesNothing() {
    PmpEntry e = PmpEntry.decode(2, NA4 | 2, 0x8000_0010L >>> 2, 0);
    assertThat(e.start()).isEqualTo(0x8000_0010L);
    assertThat(e.end()).isEqualTo(0x8000_0014L);
    assertThat(e.permissions()).isEqualTo("-W-");
    PmpEntry off = PmpEntry.decode(2, 0x07, 0xffff_ffffL, 0);
    assertThat(off.mode()).isEqualTo(PmpMode.OFF);
    assertThat(off.contains(0)).isFalse();
  }

  @Test
  void lockedEntriesSayLocked() {
    PmpEntry e = PmpEntry.decode(2, 0x80 | NAPOT | 1, (0x8000_5600L | 127) >>> 2, 0);
    assertThat(e.locked()).isTrue();
    assertThat(e.describe()).endsWith("R-- locked");
  }
}
