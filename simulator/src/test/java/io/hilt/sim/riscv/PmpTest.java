package io.hilt.sim.riscv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PmpTest {
  private final Pmp pmp = new Pmp();

  private static int cfg(int a, int perms, boolean locked) {
    return a << 3 | perms | (locked ? 0x80 : 0);
  }

  private static int napot(long base, long size) {
    return (int) ((base | (size / 2 - 1)) >>> 2);
  }

  @Test
  void withNoActiveEntryMachineModeMayAccessAndUserModeMayNot() {
    assertThat(pmp.allows(0x8000_0000, 4, Pmp.R, true)).isTrue();
    assertThat(pmp.allows(0x8000_0000, 4, Pmp.R, false)).isFalse();
    assertThat(pmp.anyActive()).isFalse();
  }

  @Test
  void torEntryCoversFromThePreviousAddressUpToItsOwn() {
    pmp.writeAddr(0, 0x8000_1000 >>> 2);
    pmp.writeAddr(1, 0x8000_2000 >>> 2);
    pmp.writeCfg(0, cfg(Pmp.A_TOR, Pmp.R, false) << 8);
    assertThat(pmp.allows(0x8000_1000, 4, Pmp.R, false)).isTrue();
    assertThat(pmp.allows(0x8000_1FFC, 4, Pmp.R, false)).isTrue();
    assertThat(pmp.allows(0x8000_1FFC, 4, Pmp.W, false)).isFalse();
    assertThat(pmp.allows(0x8000_2000, 4, Pmp.R, false)).isFalse();
    assertThat(pmp.allows(0x8000_0FFC, 4, Pmp.R, false)).isFalse();
  }

  @Test
  void torEntryZeroStartsAtAddressZero() {
    pmp.writeAddr(0, 0x100 >>> 2);
    pmp.writeCfg(0, cfg(Pmp.A_TOR, Pmp.X, false));
    assertThat(pmp.allows(0, 2, Pmp.X, false)).isTrue();
    assertThat(pmp.allows(0xFC, 4, Pmp.X, false)).isTrue();
    assertThat(pmp.allows(0x100, 4, Pmp.X, false)).isFalse();
  }

  @Test
  void torWithItsBoundBelowThePreviousMatchesNothing() {
    pmp.writeAddr(0, 0x8000_2000 >>> 2);
    pmp.writeAddr(1, 0x8000_1000 >>> 2);
    pmp.writeCfg(0, cfg(Pmp.A_TOR, 7, false) << 8);
    assertThat(pmp.matchingEntry(0x8000_1800, 4)).isEmpty();
    assertThat(pmp.matchingEntry(0x7000_0000, 0x2000_0000 - 8)).isEmpty();
  }

  @Test
  void na4EntryCoversFourBytes() {
    pmp.writeAddr(2, 0x8000_0010 >>> 2);
    pmp.writeCfg(0, cfg(Pmp.A_NA4, Pmp.R | Pmp.W, false) << 16);
    assertThat(pmp.allows(0x8000_0010, 4, Pmp.W, false)).isTrue();
    assertThat(pmp.allows(0x8000_0013, 1, Pmp.R, false)).isTrue();
    assertThat(pmp.allows(0x8000_0014, 1, Pmp.R, false)).isFalse();
    assertThat(pmp.matchingEntry(0x8000_0010, 4)).contains(2);
  }

  @Test
  void napotEntryCoversItsPowerOfTwoRange() {
    pmp.writeAddr(0, napot(0x8000_0000L, 0x1000));
    pmp.writeCfg(0, cfg(Pmp.A_NAPOT, Pmp.R, false));
    assertThat(pmp.rangeStart(0)).isEqualTo(0x8000_0000L);
    assertThat(pmp.rangeEnd(0)).isEqualTo(0x8000_1000L);
    assertThat(pmp.allows(0x8000_0FFC, 4, Pmp.R, false)).isTrue();
    assertThat(pmp.allows(0x8000_1000, 4, Pmp.R, false)).isFalse();
  }

  @Test
  void napotWithAllOnesCoversTheWholeSpace() {
    pmp.writeAddr(0, -1);
    pmp.writeCfg(0, cfg(Pmp.A_NAPOT, 7, false));
    assertThat(pmp.allows(0, 4, Pmp.X, false)).isTrue();
    assertThat(pmp.allows(0xFFFF_FFFC, 4, Pmp.W, false)).isTrue();
  }

  @Test
  void lowestNumberedMatchingEntryDecides() {
    pmp.writeAddr(0, napot(0x8000_0000L, 0x100));
    pmp.writeAddr(1, napot(0x8000_0000L, 0x1_0000));
    pmp.writeCfg(0, cfg(Pmp.A_NAPOT, 0, false) | cfg(Pmp.A_NAPOT, 7, false) << 8);
    assertThat(pmp.allows(0x8000_0040, 4, Pmp.R, false)).isFalse();
    assertThat(pmp.allows(0x8000_0100, 4, Pmp.R, false)).isTrue();
  }

  @Test
  void accessOnlyPartlyInsideTheMatchingEntryFailsEvenInMachineMode() {
    pmp.writeAddr(0, napot(0x8000_0000L, 0x100));
    pmp.writeAddr(1, napot(0x8000_0000L, 0x1_0000));
    pmp.writeCfg(0, cfg(Pmp.A_NAPOT, 7, false) | cfg(Pmp.A_NAPOT, 7, false) << 8);
    assertThat(pmp.allows(0x8000_00FE, 4, Pmp.R, false)).isFalse();
    assertThat(pmp.allows(0x8000_00FE, 4, Pmp.R, true)).isFalse();
    assertThat(pmp.allows(0x8000_00FC, 4, Pmp.R, true)).isTrue();
  }

  @Test
  void unlockedEntriesDoNotBindMachineModeButLockedOnesDo() {
    pmp.writeAddr(0, napot(0x8000_0000L, 0x1000));
    pmp.writeCfg(0, cfg(Pmp.A_NAPOT, Pmp.R, false));
    assertThat(pmp.allows(0x8000_0000, 4, Pmp.W, true)).isTrue();
    assertThat(pmp.anyLocked()).isFalse();
    pmp.writeCfg(0, cfg(Pmp.A_NAPOT, Pmp.R, true));
    assertThat(pmp.anyLocked()).isTrue();
    assertThat(pmp.allows(0x8000_0000, 4, Pmp.W, true)).isFalse();
    assertThat(pmp.allows(0x8000_0000, 4, Pmp.R, true)).isTrue();
    assertThat(pmp.allows(0x9000_0000, 4, Pmp.W, true)).isTrue();
  }

  @Test
  void lockedEntryIgnoresWritesUntilReset() {
    pmp.writeAddr(0, napot(0x8000_0000L, 0x1000));
    pmp.writeCfg(0, cfg(Pmp.A_NAPOT, Pmp.R, true));
    pmp.writeCfg(0, 0);
    pmp.writeAddr(0, 0);
    assertThat(pmp.cfgByte(0)).isEqualTo(cfg(Pmp.A_NAPOT, Pmp.R, true));
    assertThat(pmp.readAddr(0)).isEqualTo(napot(0x8000_0000L, 0x1000));
    pmp.reset();
    assertThat(pmp.cfgByte(0)).isZero();
  }

  @Test
  void lockedTorEntryAlsoLocksTheAddressBelowIt() {
    pmp.writeAddr(0, 0x8000_0000 >>> 2);
    pmp.writeAddr(1, 0x8000_1000 >>> 2);
    pmp.writeCfg(0, cfg(Pmp.A_TOR, Pmp.R, true) << 8);
    pmp.writeAddr(0, 0);
    assertThat(pmp.readAddr(0)).isEqualTo(0x8000_0000 >>> 2);
  }

  @Test
  void configurationRegistersPackFourEntriesEach() {
    pmp.writeCfg(1, 0x1F0F_0D09);
    assertThat(pmp.cfgByte(4)).isEqualTo(0x09);
    assertThat(pmp.cfgByte(7)).isEqualTo(0x1F);
    assertThat(pmp.readCfg(1)).isEqualTo(0x1F0F_0D09);
  }
}
