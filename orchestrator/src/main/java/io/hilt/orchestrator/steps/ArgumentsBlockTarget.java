package io.hilt.orchestrator.steps;

import io.hilt.probe.elf.ElfSymbol;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.OutputListener;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.Semihosting;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Delivers the command line through memory for debuggers that serve no semihosting {@code
 * SYS_GET_CMDLINE} (probe-rs): every reset stops the core before its first instruction, writes the
 * firmware's {@code hilt_args} block (magic, length, text; kept in {@code .noinit} so startup does
 * not clear it) and then lets the core run if the reset asked for that. Everything else goes to the
 * wrapped target unchanged.
 */
final class ArgumentsBlockTarget implements DebugTarget {
  /** The symbol firmware defines to receive the command line (firmware/common/startup.c). */
  static final String SYMBOL = "hilt_args";

  /** "ARGS" as a little-endian word. */
  static final int MAGIC = 0x5347_5241;

  static final int HEADER_BYTES = 8;

  private final DebugTarget target;
  private final long address;
  private final byte[] block;

  private ArgumentsBlockTarget(DebugTarget target, long address, byte[] block) {
    this.target = target;
    this.address = address;
    this.block = block;
  }

  /**
   * Wraps {@code target} so each reset writes {@code commandLine} into the block {@code symbol}
   * names.
   *
   * @throws IllegalArgumentException when the command line does not fit the block
   */
  static ArgumentsBlockTarget wrap(DebugTarget target, ElfSymbol symbol, String commandLine) {
    byte[] text = commandLine.getBytes(StandardCharsets.UTF_8);
    long capacity = symbol.size() - HEADER_BYTES;
    if (text.length >= capacity) {
      throw new IllegalArgumentException(
          String.format(
              "the command line '%s' is %d bytes; the firmware's %s block at 0x%08x holds %d",
              commandLine, text.length, SYMBOL, symbol.value(), Math.max(0, capacity - 1)));
    }
    ByteBuffer block =
        ByteBuffer.allocate(HEADER_BYTES + text.length).order(ByteOrder.LITTLE_ENDIAN);
    block.putInt(MAGIC).putInt(text.length).put(text);
    return new ArgumentsBlockTarget(target, symbol.value(), block.array());
  }

  /** The target this one writes the block for. */
  DebugTarget wrapped() {
    return target;
  }

  @Override
  public void reset(ResetMode mode) {
    target.reset(ResetMode.HALT);
    target.writeMemory(address, block);
    if (mode == ResetMode.RUN) {
      target.resume();
    }
  }

  @Override
  public TargetSpec spec() {
    return target.spec();
  }

  @Override
  public void load(FirmwareImage image) {
    target.load(image);
  }

  @Override
  public void resume() {
    target.resume();
  }

  @Override
  public void halt() {
    target.halt();
  }

  @Override
  public StopReason waitForStop(Duration timeout) {
    return target.waitForStop(timeout);
  }

  @Override
  public Optional<StopReason> stopReason() {
    return target.stopReason();
  }

  @Override
  public byte[] readMemory(long address, int length) {
    return target.readMemory(address, length);
  }

  @Override
  public void writeMemory(long address, byte[] data) {
    target.writeMemory(address, data);
  }

  @Override
  public List<String> registerNames() {
    return target.registerNames();
  }

  @Override
  public long readRegister(String name) {
    return target.readRegister(name);
  }

  @Override
  public void writeRegister(String name, long value) {
    target.writeRegister(name, value);
  }

  @Override
  public void addBreakpoint(long address) {
    target.addBreakpoint(address);
  }

  @Override
  public void removeBreakpoint(long address) {
    target.removeBreakpoint(address);
  }

  @Override
  public void addOutputListener(OutputListener listener) {
    target.addOutputListener(listener);
  }

  @Override
  public void removeOutputListener(OutputListener listener) {
    target.removeOutputListener(listener);
  }

  @Override
  public Optional<Semihosting> semihosting() {
    return target.semihosting();
  }

  @Override
  public void close() {
    target.close();
  }
}
