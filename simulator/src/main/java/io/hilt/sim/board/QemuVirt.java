package io.hilt.sim.board;

/**
 * The memory map of QEMU 7.2's RISC-V {@code virt} machine (hw/riscv/virt.c) as {@code sim-riscv32}
 * models it: MROM at 0x1000 (the reset vector), the SiFive test finisher at 0x100000, the CLINT at
 * 0x2000000, the NS16550A UART at 0x10000000 and 128 MiB of RAM at 0x80000000. The RTC, PLIC and
 * flash read as zero and ignore writes; the PCIe windows read as all ones; anything else is an
 * access fault, as on QEMU.
 */
public final class QemuVirt {
  public static final int MROM = 0x0000_1000;
  public static final int MROM_SIZE = 0xF000;
  public static final int TEST = 0x0010_0000;
  public static final int RTC = 0x0010_1000;
  public static final int CLINT = 0x0200_0000;
  public static final int PLIC = 0x0C00_0000;
  public static final int PLIC_SIZE = 0x21_0000;
  public static final int UART0 = 0x1000_0000;
  public static final int FLASH = 0x2000_0000;
  public static final int FLASH_SIZE = 0x400_0000;
  public static final int PCIE_ECAM = 0x3000_0000;
  public static final long PCIE_END = 0x8000_0000L;
  public static final int DRAM = 0x8000_0000;
  public static final int DRAM_SIZE = 128 << 20;

  /** Where QEMU places the device tree: 2 MiB aligned below the end of RAM. */
  public static final int FDT = 0x87E0_0000;

  /** QEMU's fw_dynamic_info in MROM, which its reset vector leaves in a2. */
  public static final int FW_DYNAMIC_INFO = MROM + 0x28;

  /** The hart's clock: mtime (10 MHz) ticks every 10 cycles. */
  public static final long CPU_HZ = 100_000_000L;

  private QemuVirt() {}

  /**
   * The MROM contents QEMU writes for a 32-bit hart: the reset vector (auipc t0; addi a2; csrr a0,
   * mhartid; lw a1; lw t0; jr t0), the start and FDT addresses, then fw_dynamic_info.
   */
  static int[] mromWords() {
    return new int[] {
      0x0000_0297, // auipc t0, 0
      0x0282_8613, // addi a2, t0, 40
      0xF140_2573, // csrr a0, mhartid
      0x0202_A583, // lw a1, 32(t0)
      0x0182_A283, // lw t0, 24(t0)
      0x0002_8067, // jr t0
      DRAM,
      0,
      FDT,
      0,
      0x4942_534F, // fw_dynamic_info: magic "OSBI"
      2, // version
      DRAM, // next_addr
      1, // next_mode
      0, // options
      0, // boot_hart
    };
  }
}
