package io.hilt.sim.board;

import io.hilt.sim.bus.RamRegion;
import io.hilt.sim.bus.RazWiRegion;
import io.hilt.sim.bus.Region;
import io.hilt.sim.bus.SystemBus;

/**
 * The memory map of QEMU's {@code mps2-an385} (hw/arm/mps2.c), so one ELF runs on both: ZBT SSRAM1
 * at 0 (4 MiB, mirrored at 0x00400000), block RAM at 0x01000000 (16 KiB, mirrored 4 times), ZBT
 * SSRAM2/3 at 0x20000000 (4 MiB, mirrored at 0x20400000), PSRAM at 0x21000000 (16 MiB), CMSDK UART0
 * at 0x40004000 (RX interrupt 0, TX interrupt 1), and the System Control Space at 0xE000E000. The
 * rest of the CMSDK APB area reads as zero like QEMU's unimplemented devices; anything else is a
 * bus error. QEMU's {@code mps2-an386} (Cortex-M4) has the same map. With a Cortex-M3/M4 the
 * bit-band aliases are there too, as QEMU enables them: 0x22000000 for the first MiB of SSRAM2/3,
 * 0x42000000 for the first MiB of the peripherals.
 */
public final class Mps2An385 {
  public static final int SSRAM1 = 0x0000_0000;
  public static final int BLOCK_RAM = 0x0100_0000;
  public static final int SSRAM23 = 0x2000_0000;
  public static final int PSRAM = 0x2100_0000;
  public static final int UART0 = 0x4000_4000;
  public static final int UART0_RX_IRQ = 0;
  public static final int UART0_TX_IRQ = 1;
  public static final int APB_START = 0x4000_0000;
  public static final int APB_END = 0x4003_0000;
  public static final int SCS = 0xE000_E000;
  public static final int INTERRUPTS = 32;

  /** SYSCLK of the board: 25 MHz. */
  public static final long CLOCK_HZ = 25_000_000L;

  private Mps2An385() {}

  /** Maps the RAMs; returns PSRAM (the largest, where QEMU's HEAPINFO points). */
  static RamRegion mapMemory(SystemBus bus) {
    bus.map(new RamRegion("ZBT SSRAM1", SSRAM1, 0x40_0000, 0x80_0000));
    bus.map(new RamRegion("block RAM", BLOCK_RAM, 0x4000, 0x1_0000));
    bus.map(new RamRegion("ZBT SSRAM2/3", SSRAM23, 0x40_0000, 0x80_0000));
    RamRegion psram = new RamRegion("PSRAM", PSRAM, 0x100_0000, 0x100_0000);
    bus.map(psram);
    return psram;
  }

  public static final int SRAM_BIT_BAND = 0x2200_0000;
  public static final int PERIPHERAL_BIT_BAND = 0x4200_0000;

  /** The rest of the Private Peripheral Bus around the SCS (Cortex-M3/M4 only). */
  static void mapPrivatePeripheralBus(SystemBus bus, Region unimplemented) {
    long scs = Integer.toUnsignedLong(SCS);
    bus.map(0xE000_0000, scs - 0xE000_0000L, unimplemented);
    bus.map(SCS + 0x1000, 0xE010_0000L - scs - 0x1000, unimplemented);
  }

  /** Maps the two bit-band aliases (Cortex-M3/M4 only). */
  static void mapBitBand(SystemBus bus) {
    bus.map(
        SRAM_BIT_BAND,
        BitBandRegion.WINDOW,
        new BitBandRegion("SRAM bit-band alias", bus, SSRAM23));
    bus.map(
        PERIPHERAL_BIT_BAND,
        BitBandRegion.WINDOW,
        new BitBandRegion("peripheral bit-band alias", bus, APB_START));
  }

  static void mapDevices(SystemBus bus, Region uart0, Region scs) {
    bus.map(APB_START, UART0 - APB_START, new RazWiRegion("CMSDK APB (unimplemented)"));
    bus.map(UART0, 0x1000, uart0);
    bus.map(UART0 + 0x1000, APB_END - UART0 - 0x1000, new RazWiRegion("CMSDK APB (unimplemented)"));
    bus.map(SCS, 0x1000, scs);
  }
}
