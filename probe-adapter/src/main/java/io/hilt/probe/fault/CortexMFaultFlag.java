package io.hilt.probe.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fault status bits of ARMv7-M and ARMv8-M Mainline: CFSR (MMFSR, BFSR and UFSR), HFSR and
 * DFSR. Bits are positions in the 32-bit word read at the register's address ({@link #address()}),
 * so BFSR and UFSR flags sit at bits 8-15 and 16-31 of CFSR.
 */
public enum CortexMFaultFlag implements FaultFlag {
  IACCVIOL(
      Group.MMFSR,
      0,
      "instruction fetch from a location the MPU forbids (no access or execute-never)"),
  DACCVIOL(Group.MMFSR, 1, "data access violation (MPU)"),
  MUNSTKERR(Group.MMFSR, 3, "MemManage fault while unstacking the frame on exception return"),
  MSTKERR(Group.MMFSR, 4, "MemManage fault while stacking the frame on exception entry"),
  MLSPERR(Group.MMFSR, 5, "MemManage fault during lazy floating-point state preservation"),
  MMARVALID(Group.MMFSR, 7, "MMFAR holds the address of the MemManage fault"),
  IBUSERR(Group.BFSR, 8, "bus error on instruction fetch"),
  PRECISERR(Group.BFSR, 9, "precise data bus error"),
  IMPRECISERR(
      Group.BFSR, 10, "imprecise data bus error (the stacked PC is past the faulting access)"),
  UNSTKERR(Group.BFSR, 11, "bus error while unstacking the frame on exception return"),
  STKERR(Group.BFSR, 12, "bus error while stacking the frame on exception entry"),
  LSPERR(Group.BFSR, 13, "bus error during lazy floating-point state preservation"),
  BFARVALID(Group.BFSR, 15, "BFAR holds the address of the bus fault"),
  UNDEFINSTR(Group.UFSR, 16, "undefined instruction"),
  INVSTATE(
      Group.UFSR,
      17,
      "invalid state: an instruction ran with the Thumb bit clear (a branch to an even address)"),
  INVPC(Group.UFSR, 18, "invalid PC on exception return (bad EXC_RETURN or stacked state)"),
  NOCP(Group.UFSR, 19, "coprocessor instruction while the coprocessor (FPU) is off or absent"),
  STKOF(Group.UFSR, 20, "stack overflow: a stack pointer went below its limit register"),
  UNALIGNED(Group.UFSR, 24, "unaligned memory access trapped (CCR.UNALIGN_TRP or LDM/STM/LDRD)"),
  DIVBYZERO(Group.UFSR, 25, "division by zero trapped (CCR.DIV_0_TRP)"),
  VECTTBL(Group.HFSR, 1, "bus fault reading the vector table on exception entry"),
  FORCED(
      Group.HFSR,
      30,
      "a configurable fault escalated to HardFault (its handler disabled or not allowed to run)"),
  DEBUGEVT(Group.HFSR, 31, "debug event with no debugger to take it (BKPT, watchpoint)"),
  HALTED(Group.DFSR, 0, "the debugger halted or stepped the core"),
  BKPT(Group.DFSR, 1, "breakpoint (BKPT instruction or FPB comparator)"),
  DWTTRAP(Group.DFSR, 2, "watchpoint (DWT comparator)"),
  VCATCH(Group.DFSR, 3, "vector catch: the debugger stopped the core on exception entry"),
  EXTERNAL(Group.DFSR, 4, "external debug request (EDBGRQ)");

  /** Where a flag lives. */
  public enum Group {
    MMFSR("CFSR", 0xE000_ED28L),
    BFSR("CFSR", 0xE000_ED28L),
    UFSR("CFSR", 0xE000_ED28L),
    HFSR("HFSR", 0xE000_ED2CL),
    DFSR("DFSR", 0xE000_ED30L);

    private final String word;
    private final long address;

    Group(String word, long address) {
      this.word = word;
      this.address = address;
    }

    /** The 32-bit register read: {@code CFSR}, {@code HFSR} or {@code DFSR}. */
    public String word() {
      return word;
    }

    public long address() {
      return address;
    }
  }

  private final Group group;
  private final int bit;
  private final String meaning;

  CortexMFaultFlag(Group group, int bit, String meaning) {
    this.group = group;
    this.bit = bit;
    this.meaning = meaning;
  }

  public Group group() {
    return group;
  }

  @Override
  public String register() {
    return group.name();
  }

  @Override
  public int bit() {
    return bit;
  }

  @Override
  public String meaning() {
    return meaning;
  }

  /** Address of the 32-bit word holding the flag. */
  public long address() {
    return group.address();
  }

  /** Only ARMv8-M Mainline has it (STKOF); on ARMv7-M the bit is reserved. */
  public boolean armv8Only() {
    return this == STKOF;
  }

  /** True when this flag's bit is set in {@code word} (the value of its group's register). */
  public boolean isSetIn(long word) {
    return (word >>> bit & 1) != 0;
  }

  /** A flag that names a cause (not a valid-address marker, escalation or debug event). */
  @Override
  public boolean isCause() {
    return group != Group.DFSR && this != MMARVALID && this != BFARVALID && this != FORCED;
  }

  @Override
  public String phrase(Optional<FaultAddress> address) {
    if (this == DACCVIOL) {
      return address
          .filter(a -> a.register().equals("MMFAR"))
          .map(a -> "data access violation at " + Hex.word(a.address()) + " (MPU)")
          .orElse(meaning);
    }
    if (this == PRECISERR) {
      return address
          .filter(a -> a.register().equals("BFAR"))
          .map(a -> "precise data bus error at " + Hex.word(a.address()))
          .orElse(meaning);
    }
    return meaning;
  }

  /** The flags set in the given register values, in declaration order (MMFSR first). */
  public static List<CortexMFaultFlag> decode(long cfsr, long hfsr, long dfsr, boolean armv8) {
    List<CortexMFaultFlag> out = new ArrayList<>();
    for (CortexMFaultFlag f : values()) {
      if (f.armv8Only() && !armv8) {
        continue;
      }
      long word =
          switch (f.group) {
            case MMFSR, BFSR, UFSR -> cfsr;
            case HFSR -> hfsr;
            case DFSR -> dfsr;
          };
      if (f.isSetIn(word)) {
        out.add(f);
      }
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return name() + " (" + group.word() + "[" + bit + "])";
  }
}
