package io.hilt.probe.elf;

/**
 * The fields of the ELF header that hilt uses.
 *
 * @param type {@code e_type} (2 = executable)
 * @param machine {@code e_machine} ({@link ElfFile#EM_ARM}, {@link ElfFile#EM_RISCV})
 * @param entry {@code e_entry} as stored (on ARM with the Thumb bit set for Thumb code)
 * @param flags {@code e_flags} (ARM EABI version, RISC-V float ABI and RVC)
 */
public record ElfHeader(int type, int machine, long entry, long flags) {
  public static final int ET_REL = 1;
  public static final int ET_EXEC = 2;
}
