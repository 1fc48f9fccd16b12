package io.hilt.sim.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SystemBusTest {
  final RamRegion ram = new RamRegion("ram", 0x2000_0000, 0x1000, 0x2000);
  final SystemBus bus = new SystemBus().map(ram).map(0x4000_0000, 0x100, new RazWiRegion("raz"));

  @Test
  void readsAndWritesLittleEndianAtEveryWidth() {
    assertThat(bus.write32(0x2000_0010, 0x11223344)).isTrue();
    assertThat(bus.read8(0x2000_0010)).isEqualTo(0x44);
    assertThat(bus.read16(0x2000_0012)).isEqualTo(0x1122);
    assertThat(bus.read32(0x2000_0010)).isEqualTo(0x11223344L);
    assertThat(bus.read32(0x2000_0011))
        .as("unaligned reads are the core's business")
        .isEqualTo(0x00112233L);
  }

  @Test
  void mirrorsRepeatTheStorage() {
    bus.write32(0x2000_0100, 7);
    assertThat(bus.read32(0x2000_1100)).isEqualTo(7);
    assertThat(bus.read32(0x2000_2000)).as("past the window").isEqualTo(Bus.ERROR);
  }

  @Test
  void unmappedAddressesAreBusErrors() {
    assertThat(bus.read32(0x6000_0000)).isEqualTo(Bus.ERROR);
    assertThat(bus.write8(0xFFFF_FFFF, 1)).isFalse();
    assertThat(bus.read8(0x4000_00FF)).isZero();
    assertThat(bus.read8(0x4000_0100)).isEqualTo(Bus.ERROR);
    assertThat(bus.regionName(0x4000_0004)).contains("raz");
  }

  @Test
  void writesClearTheDecodeCacheAroundThem() {
    int[] cache = ram.decodeCache();
    java.util.Arrays.fill(cache, 5);
    bus.write16(0x2000_0010, 0);
    assertThat(cache[7]).as("a 32-bit instruction starting before").isZero();
    assertThat(cache[8]).isZero();
    assertThat(cache[9]).isEqualTo(5);
    bus.write32(0x2000_0020, 0);
    assertThat(cache[15]).isZero();
    assertThat(cache[16]).isZero();
    assertThat(cache[17]).isZero();
    assertThat(cache[18]).isEqualTo(5);
  }

  @Test
  void overlappingMappingsAreRejected() {
    assertThatThrownBy(() -> bus.map(0x2000_1000, 0x10, new RazWiRegion("clash")))
        .hasMessageContaining("clash")
        .hasMessageContaining("ram");
  }
}
