package io.hilt.sim.thumb;

/**
 * A synchronous fault raised by an instruction, as a value. The exception model decides what it
 * becomes (HardFault on ARMv6-M, lockup when already in HardFault).
 */
public sealed interface Trap {
  /** Address of the instruction that trapped. */
  int pc();

  /** A one-line description for fault reports. */
  String describe();

  record Undefined(int pc, int encoding, boolean wide) implements Trap {
    public String describe() {
      return wide
          ? String.format("UNDEFINED instruction 0x%08x at 0x%08x", encoding, pc)
          : String.format("UNDEFINED instruction 0x%04x at 0x%08x", encoding, pc);
    }
  }

  record Unaligned(int pc, int address, int size, boolean write) implements Trap {
    public String describe() {
      return String.format(
          "unaligned %d-byte %s of 0x%08x at 0x%08x", size, write ? "write" : "read", address, pc);
    }
  }

  record BusError(int pc, int address, boolean write) implements Trap {
    public String describe() {
      return String.format(
          "bus error: %s of unmapped address 0x%08x at 0x%08x",
          write ? "write" : "read", address, pc);
    }
  }

  record FetchError(int pc) implements Trap {
    public String describe() {
      return String.format("instruction fetch from non-executable address 0x%08x", pc);
    }
  }

  record InvalidState(int pc) implements Trap {
    public String describe() {
      return String.format("execution in ARM state (EPSR.T = 0) at 0x%08x", pc);
    }
  }

  record InvalidExceptionReturn(int pc, int value) implements Trap {
    public String describe() {
      return String.format("invalid EXC_RETURN 0x%08x at 0x%08x", value, pc);
    }
  }
}
