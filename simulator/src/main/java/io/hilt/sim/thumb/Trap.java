package io.hilt.sim.thumb;

/**
 * A synchronous fault raised by an instruction, as a value. The exception model decides what it
 * becomes: HardFault on ARMv6-M (lockup when already in HardFault); on ARMv7-M the configurable
 * fault and status bits below, escalated to HardFault (FORCED) when that fault is disabled or
 * cannot preempt.
 *
 * <table>
 *   <caption>ARMv7-M mapping</caption>
 *   <tr><th>Trap</th><th>Fault</th><th>Status</th></tr>
 *   <tr><td>{@link Undefined}</td><td>UsageFault</td><td>UNDEFINSTR</td></tr>
 *   <tr><td>{@link InvalidState}</td><td>UsageFault</td><td>INVSTATE</td></tr>
 *   <tr><td>{@link InvalidExceptionReturn}</td><td>UsageFault</td><td>INVPC</td></tr>
 *   <tr><td>{@link Unaligned}</td><td>UsageFault</td><td>UNALIGNED</td></tr>
 *   <tr><td>{@link DivideByZero}</td><td>UsageFault</td><td>DIVBYZERO</td></tr>
 *   <tr><td>{@link NoCoprocessor}</td><td>UsageFault</td><td>NOCP</td></tr>
 *   <tr><td>{@link DataAccessViolation}</td><td>MemManage</td><td>DACCVIOL, MMARVALID,
 *       MMFAR = address</td></tr>
 *   <tr><td>{@link InstructionAccessViolation}</td><td>MemManage</td><td>IACCVIOL (MMFAR not
 *       valid)</td></tr>
 *   <tr><td>{@link BusError}</td><td>BusFault</td><td>PRECISERR, BFARVALID, BFAR = address</td></tr>
 *   <tr><td>{@link FetchError}</td><td>BusFault</td><td>IBUSERR (or MemManage IACCVIOL when
 *       the PC is in an execute-never region of the default memory map)</td></tr>
 * </table>
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

  /** SDIV/UDIV by zero while CCR.DIV_0_TRP is set. */
  record DivideByZero(int pc) implements Trap {
    public String describe() {
      return String.format("integer divide by zero at 0x%08x", pc);
    }
  }

  /** An instruction in coprocessor space (no coprocessor, no FPU, is modelled). */
  record NoCoprocessor(int pc, int coprocessor) implements Trap {
    public String describe() {
      return String.format("coprocessor %d instruction at 0x%08x: no coprocessor", coprocessor, pc);
    }
  }

  /** A load or store the {@link MemoryProtection} denied; the address is always valid. */
  record DataAccessViolation(int pc, int address, int size, boolean write, boolean privileged)
      implements Trap {
    public String describe() {
      return String.format(
          "MPU: %s%s of %d byte(s) at 0x%08x denied at 0x%08x",
          privileged ? "" : "unprivileged ", write ? "write" : "read", size, address, pc);
    }
  }

  /** An instruction fetch the {@link MemoryProtection} denied (XN or no access). */
  record InstructionAccessViolation(int pc, boolean privileged) implements Trap {
    public String describe() {
      return String.format(
          "MPU: %sinstruction fetch from 0x%08x denied (execute-never or no access)",
          privileged ? "" : "unprivileged ", pc);
    }
  }
}
