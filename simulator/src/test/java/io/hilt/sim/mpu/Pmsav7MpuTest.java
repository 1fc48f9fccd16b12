package io.hilt.sim.mpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PMSAv7 region matching and permissions, from the ARMv7-M Architecture Reference Manual B3.5. */
class Pmsav7MpuTest {
  static final BooleanSupplier NORMAL = () -> false;
  static final BooleanSupplier NEGATIVE = () -> true;
  static final int RBAR_A1 = 0x14;
  static final int RASR_A1 = 0x18;
  static final int RBAR_A3 = 0x24;
  static final int RASR_A3 = 0x28;

  final Pmsav7Mpu mpu = new Pmsav7Mpu();

  @BeforeEach
  void reset() {
    mpu.reset();
  }

  /** RASR value: ENABLE, SIZE for 2^log2 bytes, AP, XN, SRD. */
  static int rasr(int log2Size, int ap, boolean xn, int srd) {
    return 1 | (log2Size - 1) << 1 | srd << 8 | ap << 24 | (xn ? 1 << 28 : 0);
  }

  void region(int n, int base, int log2Size, int ap, boolean xn, int srd) {
    mpu.write(Pmsav7Mpu.RBAR, base | 0x10 | n);
    mpu.write(Pmsav7Mpu.RASR, rasr(log2Size, ap, xn, srd));
  }

  void enable(int ctrlBits) {
    mpu.write(Pmsav7Mpu.CTRL, Pmsav7Mpu.CTRL_ENABLE | ctrlBits);
  }

  boolean can(int address, Access access, boolean privileged) {
    return mpu.permits(address, access, privileged, NORMAL);
  }

  @Test
  void typeReportsEightUnifiedRegions() {
    assertThat(mpu.read(Pmsav7Mpu.TYPE)).isEqualTo(0x0000_0800);
    mpu.write(Pmsav7Mpu.TYPE, -1);
    assertThat(mpu.read(Pmsav7Mpu.TYPE)).isEqualTo(0x0000_0800);
  }

  @Test
  void disabledMpuPermitsDataEverywhereAndFetchOutsideDefaultExecuteNever() {
    region(0, 0x2000_0000, 10, 0, true, 0);
    assertThat(can(0x2000_0000, Access.WRITE, false)).isTrue();
    assertThat(can(0x2000_0000, Access.FETCH, false)).isTrue();
    assertThat(can(0x4000_0000, Access.FETCH, true)).isFalse();
    assertThat(can(0xA000_0000, Access.FETCH, true)).isFalse();
    assertThat(can(0xC000_0000, Access.FETCH, true)).isFalse();
    assertThat(can(0xE000_0000, Access.FETCH, true)).isFalse();
    assertThat(can(0x6000_0000, Access.FETCH, true)).isTrue();
    assertThat(can(0x4000_0000, Access.WRITE, false)).isTrue();
  }

  @Test
  void ctrlKeepsOnlyItsThreeBits() {
    mpu.write(Pmsav7Mpu.CTRL, 0xFFFF_FFFF);
    assertThat(mpu.read(Pmsav7Mpu.CTRL)).isEqualTo(7);
  }

  @Test
  void rbarWithValidSelectsTheRegionAndUpdatesRnr() {
    mpu.write(Pmsav7Mpu.RBAR, 0x2000_4000 | 0x10 | 5);
    assertThat(mpu.read(Pmsav7Mpu.RNR)).isEqualTo(5);
    assertThat(mpu.read(Pmsav7Mpu.RBAR))
        .as("VALID reads as zero, REGION as RNR")
        .isEqualTo(0x2000_4005);
    mpu.write(Pmsav7Mpu.RNR, 2);
    mpu.write(Pmsav7Mpu.RBAR, 0x1000_0000 | 3);
    assertThat(mpu.read(Pmsav7Mpu.RNR))
        .as("without VALID the REGION field is ignored")
        .isEqualTo(2);
    assertThat(mpu.read(Pmsav7Mpu.RBAR)).isEqualTo(0x1000_0002);
    mpu.write(Pmsav7Mpu.RNR, 5);
    assertThat(mpu.read(Pmsav7Mpu.RBAR)).isEqualTo(0x2000_4005);
  }

  @Test
  void regionNumbersBeyondEightAreIgnored() {
    mpu.write(Pmsav7Mpu.RNR, 3);
    mpu.write(Pmsav7Mpu.RNR, 8);
    assertThat(mpu.read(Pmsav7Mpu.RNR)).isEqualTo(3);
    mpu.write(Pmsav7Mpu.RBAR, 0x2000_0000 | 0x10 | 9);
    assertThat(mpu.read(Pmsav7Mpu.RNR)).isEqualTo(3);
    assertThat(mpu.read(Pmsav7Mpu.RBAR)).isEqualTo(3);
  }

  @Test
  void rasrKeepsItsDefinedFieldsOnly() {
    mpu.write(Pmsav7Mpu.RASR, 0xFFFF_FFFF);
    assertThat(mpu.read(Pmsav7Mpu.RASR)).isEqualTo(0x173F_FF3F);
  }

  @Test
  void aliasesReachTheSameRegisters() {
    mpu.write(RBAR_A1, 0x2000_0000 | 0x10 | 1);
    mpu.write(RASR_A1, rasr(12, 3, false, 0));
    mpu.write(RBAR_A3, 0x2000_8000 | 0x10 | 7);
    mpu.write(RASR_A3, rasr(5, 6, true, 0));
    mpu.write(Pmsav7Mpu.RNR, 1);
    assertThat(mpu.read(Pmsav7Mpu.RBAR)).isEqualTo(0x2000_0001);
    assertThat(mpu.read(Pmsav7Mpu.RASR)).isEqualTo(rasr(12, 3, false, 0));
    assertThat(mpu.read(RBAR_A1)).isEqualTo(0x2000_0001);
    mpu.write(Pmsav7Mpu.RNR, 7);
    assertThat(mpu.read(RASR_A3)).isEqualTo(rasr(5, 6, true, 0));
  }

  @Test
  void enabledMpuWithoutRegionsRefusesUnprivilegedAndPrivilegedWithoutBackground() {
    enable(0);
    assertThat(can(0x2000_0000, Access.READ, true)).isFalse();
    assertThat(can(0x2000_0000, Access.READ, false)).isFalse();
    enable(Pmsav7Mpu.CTRL_PRIVDEFENA);
    assertThat(can(0x2000_0000, Access.WRITE, true)).isTrue();
    assertThat(can(0x0000_0100, Access.FETCH, true)).isTrue();
    assertThat(can(0x2000_0000, Access.READ, false)).as("background is privileged only").isFalse();
    assertThat(can(0x4000_0000, Access.FETCH, true)).as("background keeps default XN").isFalse();
  }

  @Test
  void regionCoversExactlyItsSize() {
    region(0, 0x2000_4000, 10, 3, false, 0);
    enable(0);
    assertThat(can(0x2000_3FFF, Access.READ, false)).isFalse();
    assertThat(can(0x2000_4000, Access.READ, false)).isTrue();
    assertThat(can(0x2000_43FF, Access.READ, false)).isTrue();
    assertThat(can(0x2000_4400, Access.READ, false)).isFalse();
  }

  @Test
  void baseBitsBelowTheSizeAreIgnored() {
    region(0, 0x2000_4300, 10, 3, false, 0);
    enable(0);
    assertThat(can(0x2000_4000, Access.READ, false)).isTrue();
    assertThat(can(0x2000_4400, Access.READ, false)).isFalse();
  }

  @Test
  void smallestRegionIsThirtyTwoBytesAndSmallerSizesNeverMatch() {
    region(0, 0x2000_0020, 5, 3, false, 0);
    enable(0);
    assertThat(can(0x2000_0020, Access.READ, false)).isTrue();
    assertThat(can(0x2000_003F, Access.READ, false)).isTrue();
    assertThat(can(0x2000_0040, Access.READ, false)).isFalse();
    mpu.write(Pmsav7Mpu.RASR, 1 | 3 << 1 | 3 << 24); // SIZE 3: 16 bytes, reserved
    assertThat(can(0x2000_0020, Access.READ, false)).isFalse();
  }

  @Test
  void fourGigabyteRegionCoversEverything() {
    region(0, 0x1234_0000, 32, 3, false, 0);
    enable(0);
    assertThat(can(0x0000_0000, Access.WRITE, false)).isTrue();
    assertThat(can(0xFFFF_FFF0, Access.WRITE, false)).isTrue();
    assertThat(can(0xFFFF_FFF0, Access.FETCH, false)).as("System region is always XN").isFalse();
    assertThat(can(0x4000_0000, Access.FETCH, false))
        .as("a region's XN replaces the default map's")
        .isTrue();
  }

  @Test
  void highestNumberedRegionWins() {
    region(1, 0x2000_0000, 16, 3, false, 0); // 64 KiB read-write
    region(4, 0x2000_4000, 10, 6, false, 0); // 1 KiB read-only inside it
    region(2, 0x2000_4000, 10, 0, false, 0); // lower number: loses to region 4
    enable(0);
    assertThat(can(0x2000_4010, Access.WRITE, true)).isFalse();
    assertThat(can(0x2000_4010, Access.READ, false)).isTrue();
    assertThat(can(0x2000_4400, Access.WRITE, false)).isTrue();
    assertThat(mpu.matchingRegion(0x2000_4010)).isEqualTo(4);
    assertThat(mpu.matchingRegion(0x2000_8000)).isEqualTo(1);
  }

  @Test
  void disabledSubregionFallsThroughToLowerRegionsAndBackground() {
    region(0, 0x2000_0000, 16, 3, false, 0); // 64 KiB read-write
    region(3, 0x2000_0000, 11, 0, false, 0b0000_0100); // 2 KiB no access, eighth 2 disabled
    enable(0);
    assertThat(can(0x2000_0000, Access.READ, true)).isFalse();
    assertThat(can(0x2000_01FF, Access.READ, true)).isFalse();
    assertThat(can(0x2000_0200, Access.READ, true)).as("subregion 2 starts at 0x200").isTrue();
    assertThat(can(0x2000_02FF, Access.READ, true)).isTrue();
    assertThat(can(0x2000_0300, Access.READ, true)).isFalse();
    assertThat(mpu.matchingRegion(0x2000_0200)).isEqualTo(0);
    region(0, 0x0, 5, 3, false, 0); // region 0 moved away: background only
    assertThat(can(0x2000_0200, Access.READ, true)).isFalse();
    enable(Pmsav7Mpu.CTRL_PRIVDEFENA);
    assertThat(can(0x2000_0200, Access.READ, true)).isTrue();
    assertThat(can(0x2000_0200, Access.READ, false)).isFalse();
  }

  @Test
  void subregionsAreIgnoredBelowTwoHundredFiftySixBytes() {
    region(0, 0x2000_0000, 7, 3, false, 0xFF);
    enable(0);
    assertThat(can(0x2000_0000, Access.READ, false)).isTrue();
    assertThat(can(0x2000_007F, Access.READ, false)).isTrue();
    region(0, 0x2000_0000, 8, 3, false, 0x01);
    assertThat(can(0x2000_0000, Access.READ, false)).as("256 bytes: eighths of 32").isFalse();
    assertThat(can(0x2000_0020, Access.READ, false)).isTrue();
  }

  @ParameterizedTest(name = "AP {0}: privileged {1}/{2}, unprivileged {3}/{4}")
  @CsvSource({
    "0, false, false, false, false",
    "1, true, true, false, false",
    "2, true, true, true, false",
    "3, true, true, true, true",
    "4, false, false, false, false",
    "5, true, false, false, false",
    "6, true, false, true, false",
    "7, true, false, true, false"
  })
  void accessPermissionTable(
      int ap, boolean privRead, boolean privWrite, boolean userRead, boolean userWrite) {
    region(0, 0x2000_0000, 12, ap, false, 0);
    enable(0);
    assertThat(can(0x2000_0010, Access.READ, true)).isEqualTo(privRead);
    assertThat(can(0x2000_0010, Access.WRITE, true)).isEqualTo(privWrite);
    assertThat(can(0x2000_0010, Access.READ, false)).isEqualTo(userRead);
    assertThat(can(0x2000_0010, Access.WRITE, false)).isEqualTo(userWrite);
    assertThat(can(0x2000_0010, Access.FETCH, true)).isEqualTo(privRead);
    assertThat(can(0x2000_0010, Access.FETCH, false)).isEqualTo(userRead);
  }

  @Test
  void executeNeverStopsFetchesButNotData() {
    region(0, 0x2000_0000, 12, 3, true, 0);
    enable(0);
    assertThat(can(0x2000_0010, Access.FETCH, true)).isFalse();
    assertThat(can(0x2000_0010, Access.READ, false)).isTrue();
    assertThat(can(0x2000_0010, Access.WRITE, false)).isTrue();
  }

  @Test
  void privatePeripheralBusIgnoresTheMpu() {
    region(7, 0xE000_0000, 29, 0, true, 0); // 512 MiB, no access
    enable(0);
    assertThat(can(0xE000_ED00, Access.WRITE, true)).isTrue();
    assertThat(can(0xE000_E010, Access.READ, false)).isTrue();
    assertThat(can(0xE010_0000, Access.READ, true)).as("above the PPB").isFalse();
    assertThat(can(0xE000_ED00, Access.FETCH, true)).isFalse();
  }

  @Test
  void negativePriorityBypassesTheMpuUnlessHfnmiena() {
    region(0, 0x2000_0000, 12, 0, true, 0);
    enable(0);
    assertThat(mpu.permits(0x2000_0000, Access.WRITE, true, NEGATIVE)).isTrue();
    assertThat(mpu.permits(0x2000_0000, Access.FETCH, true, NEGATIVE)).isTrue();
    assertThat(mpu.permits(0x2000_0000, Access.WRITE, true, NORMAL)).isFalse();
    enable(Pmsav7Mpu.CTRL_HFNMIENA);
    assertThat(mpu.permits(0x2000_0000, Access.WRITE, true, NEGATIVE)).isFalse();
  }

  @Test
  void negativePriorityIsOnlyAskedWhenItMatters() {
    region(0, 0x2000_0000, 12, 3, false, 0);
    enable(0);
    BooleanSupplier fails =
        () -> {
          throw new AssertionError("priority asked for a permitted access");
        };
    assertThat(mpu.permits(0x2000_0000, Access.WRITE, false, fails)).isTrue();
  }

  @Test
  void changesAreAnnounced() {
    int[] changes = {0};
    mpu.onChange(() -> changes[0]++);
    enable(0);
    region(0, 0x2000_0000, 12, 3, false, 0);
    mpu.write(Pmsav7Mpu.TYPE, 0);
    assertThat(changes[0]).isEqualTo(3);
  }

  @Test
  void explanationsNameRegionAndPermission() {
    region(2, 0x2000_4000, 10, 6, false, 0);
    region(3, 0x2000_8000, 10, 3, true, 0);
    enable(0);
    assertThat(mpu.explain(0x2000_4000, Access.WRITE, true))
        .isEqualTo(
            "privileged write at 0x20004000: MPU region 2 (0x20004000..0x200043ff) allows"
                + " read-only access to privileged code");
    assertThat(mpu.explain(0x2000_8000, Access.FETCH, true))
        .isEqualTo(
            "instruction fetch at 0x20008000: MPU region 3 (0x20008000..0x200083ff) is"
                + " execute-never");
    assertThat(mpu.explain(0x1000, Access.READ, false))
        .contains("no MPU region covers it (the background map is privileged only)");
  }
}
