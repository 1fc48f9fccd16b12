package io.hilt.probe.testsupport;

import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.OutputListener;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.Semihosting;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link DebugTarget} test double that is sparse byte-addressed memory: only what a test mapped
 * can be read or written, anything else fails like a bus fault on a probe would, naming the first
 * unmapped address. Run control, registers and the target description are unsupported unless a
 * subclass provides them; output listeners and semihosting are absent.
 */
public abstract class MemoryBackedTarget implements DebugTarget {
  private static final int PAGE_BITS = 12;
  private static final int PAGE_SIZE = 1 << PAGE_BITS;

  private record Page(byte[] bytes, BitSet mapped) {
    Page() {
      this(new byte[PAGE_SIZE], new BitSet(PAGE_SIZE));
    }
  }

  private final Map<Long, Page> pages = new HashMap<>();

  /** Maps {@code bytes} at {@code address} (mapping what was not yet) and stores them there. */
  protected final void map(long address, byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      long at = address + i;
      Page page = pages.computeIfAbsent(at >>> PAGE_BITS, k -> new Page());
      int offset = (int) (at & (PAGE_SIZE - 1));
      page.mapped.set(offset);
      page.bytes[offset] = bytes[i];
    }
  }

  /** Maps {@code length} bytes at {@code address}, zero where nothing was mapped before. */
  protected final void mapZeros(long address, int length) {
    for (int i = 0; i < length; i++) {
      long at = address + i;
      Page page = pages.computeIfAbsent(at >>> PAGE_BITS, k -> new Page());
      page.mapped.set((int) (at & (PAGE_SIZE - 1)));
    }
  }

  /** Reads mapped memory without going through {@link #readMemory} (no hooks, not counted). */
  public final byte[] peek(long address, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      long at = address + i;
      Page page = mappedPage(at, "read", address, length);
      out[i] = page.bytes[(int) (at & (PAGE_SIZE - 1))];
    }
    return out;
  }

  /** Writes mapped memory; fails before writing anything when part of it is unmapped. */
  public final void poke(long address, byte[] data) {
    for (int i = 0; i < data.length; i++) {
      mappedPage(address + i, "write", address, data.length);
    }
    map(address, data);
  }

  /** A little-endian word, read like {@link #peek}. */
  public final long peekU32(long address) {
    byte[] b = peek(address, 4);
    return (b[0] & 0xffL) | (b[1] & 0xffL) << 8 | (b[2] & 0xffL) << 16 | (b[3] & 0xffL) << 24;
  }

  /** Writes a little-endian word like {@link #poke}. */
  public final void pokeU32(long address, long value) {
    poke(address, littleEndian(value));
  }

  /** The four bytes of a little-endian 32-bit word. */
  protected static byte[] littleEndian(long value) {
    return new byte[] {
      (byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)
    };
  }

  private Page mappedPage(long at, String op, long address, int length) {
    Page page = pages.get(at >>> PAGE_BITS);
    if (page == null || !page.mapped.get((int) (at & (PAGE_SIZE - 1)))) {
      throw new TargetException(
          String.format("%s of %d bytes at 0x%08x: no memory at 0x%08x", op, length, address, at));
    }
    return page;
  }

  @Override
  public byte[] readMemory(long address, int length) {
    return peek(address, length);
  }

  @Override
  public void writeMemory(long address, byte[] data) {
    poke(address, data);
  }

  @Override
  public TargetSpec spec() {
    throw unsupported("spec");
  }

  @Override
  public List<String> registerNames() {
    return List.of();
  }

  @Override
  public long readRegister(String name) {
    throw unsupported("readRegister");
  }

  @Override
  public void writeRegister(String name, long value) {
    throw unsupported("writeRegister");
  }

  @Override
  public void load(FirmwareImage image) {
    throw unsupported("load");
  }

  @Override
  public void reset(ResetMode mode) {
    throw unsupported("reset");
  }

  @Override
  public void resume() {
    throw unsupported("resume");
  }

  @Override
  public void halt() {
    throw unsupported("halt");
  }

  @Override
  public StopReason waitForStop(Duration timeout) {
    throw unsupported("waitForStop");
  }

  @Override
  public Optional<StopReason> stopReason() {
    return Optional.empty();
  }

  @Override
  public void addBreakpoint(long address) {
    throw unsupported("addBreakpoint");
  }

  @Override
  public void removeBreakpoint(long address) {
    throw unsupported("removeBreakpoint");
  }

  @Override
  public void addOutputListener(OutputListener listener) {}

  @Override
  public void removeOutputListener(OutputListener listener) {}

  @Override
  public Optional<Semihosting> semihosting() {
    return Optional.empty();
  }

  @Override
  public void close() {}

  private UnsupportedOperationException unsupported(String operation) {
    return new UnsupportedOperationException(
        operation + " on " + getClass().getSimpleName() + ", a memory-only test target");
  }
}
