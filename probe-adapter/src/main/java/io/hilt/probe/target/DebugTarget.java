package io.hilt.probe.target;

import io.hilt.probe.serial.SerialLink;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Run control, memory and registers of one core. Methods may be called from any thread; output
 * listeners are called on the target's thread.
 */
public interface DebugTarget extends AutoCloseable {
  TargetSpec spec();

  /** Writes every segment; the core is halted first. */
  void load(FirmwareImage image);

  void reset(ResetMode mode);

  /** Continues from the current state; returns at once. */
  void resume();

  /** Stops the core; returns once it stopped. */
  void halt();

  /** Waits up to {@code timeout}; {@link StopReason.TimedOut} when the core still runs. */
  StopReason waitForStop(Duration timeout);

  /** Why the core stopped last, or empty while it runs. */
  Optional<StopReason> stopReason();

  byte[] readMemory(long address, int length);

  void writeMemory(long address, byte[] data);

  /** Register names this target knows, GDB spelling ({@code r0}, {@code sp}, {@code pc}...). */
  List<String> registerNames();

  long readRegister(String name);

  void writeRegister(String name, long value);

  void addBreakpoint(long address);

  void removeBreakpoint(long address);

  void addOutputListener(OutputListener listener);

  void removeOutputListener(OutputListener listener);

  /** The host side of semihosting, when this target serves it. */
  Optional<Semihosting> semihosting();

  /**
   * A new link to the target's own console UART, when the target models one (the simulator's UART0:
   * what the firmware transmits arrives as {@link io.hilt.probe.serial.SerialEvent.Received}, what
   * is written reaches its receiver). Empty for probes and boards, whose UART is reached through a
   * profile's serial link. The caller closes the link; closing it does not close the target.
   */
  default Optional<SerialLink> console() {
    return Optional.empty();
  }

  @Override
  void close();
}
