package io.hilt.sim.board;

import io.hilt.probe.target.ImageSegment;
import io.hilt.probe.target.OutputChunk;
import io.hilt.probe.target.StopReason;
import io.hilt.sim.semihosting.Semihost;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A simulated board as {@code SimTarget} drives it: one core with its memory map, devices and
 * semihosting. Not thread-safe: the target calls it under its board lock, between run slices.
 */
public interface SimBoard {
  /** The memory map's name for messages ({@code mps2-an385}, {@code virt}). */
  String mapName();

  /** Power-on or system reset: memory is kept, everything else starts over. */
  void reset();

  /**
   * A stop the reset itself caused (a Cortex-M core that cannot fetch its vector table locks up),
   * once.
   */
  Optional<StopReason> takeStopAfterReset();

  /**
   * Writes an image segment.
   *
   * @throws IllegalArgumentException naming the address when it does not fit one RAM
   */
  void load(ImageSegment segment);

  /** True when {@code [start, end)} lies in one RAM of the map. */
  boolean isRam(long start, long end);

  /** A debugger's byte read: no side effects in devices; negative when nothing answers. */
  long peek8(int address);

  /**
   * Writes memory as a debugger does.
   *
   * @return the first address that could not be written, or empty
   */
  OptionalLong debugWrite(long address, byte[] data);

  /** Output written since the last call, one chunk per channel. */
  List<OutputChunk> takeOutput();

  /**
   * Runs up to {@code maxCycles} cycles. Returns why the core stopped, or empty when the slice ran
   * out (or the core sleeps: see {@link #sleeping()}).
   */
  Optional<StopReason> run(long maxCycles);

  /** True while the core waits for an interrupt that nothing scheduled will raise. */
  boolean sleeping();

  /** Instructions executed since power-on. */
  long instructions();

  /** The program counter. */
  long pc();

  /** The debugger halted the core (Cortex-M records it in DFSR). */
  void debugHalted();

  /** Register names, GDB spelling, in the order of their indices. */
  List<String> registerNames();

  /** The index of a register name or alias (lower case), if the core has it. */
  OptionalInt registerIndex(String name);

  long readRegister(int index);

  /**
   * Writes a register.
   *
   * @throws IllegalArgumentException when the register cannot take the value (read-only)
   */
  void writeRegister(int index, int value);

  /** The debugger's breakpoint addresses (replacing the previous set). */
  void setBreakpoints(int[] addresses);

  /**
   * Before resuming from {@code lastStop}: execute the instruction under a debugger breakpoint
   * ({@code breakpointAtPc}), or skip a breakpoint instruction the core stopped on.
   */
  void stepOffBreakpoint(StopReason lastStop, boolean breakpointAtPc);

  Semihost semihost();

  /** Bytes for the console UART's receiver (any thread). */
  void uartInput(byte[] data);
}
