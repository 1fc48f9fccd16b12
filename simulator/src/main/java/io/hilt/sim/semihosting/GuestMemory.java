package io.hilt.sim.semihosting;

/**
 * Target memory as semihosting reads and writes it. Each method returns false (or a negative value)
 * when the address range is not accessible; semihosting then fails the call with EFAULT.
 */
public interface GuestMemory {
  /** Reads a little-endian word, or -1 when not readable. */
  long readWord(long address);

  boolean writeWord(long address, int value);

  /** Reads {@code length} bytes into a new array, or empty when any byte is unreadable. */
  java.util.Optional<byte[]> readBytes(long address, int length);

  boolean writeBytes(long address, byte[] data, int offset, int length);
}
