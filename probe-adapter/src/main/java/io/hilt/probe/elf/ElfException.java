package io.hilt.probe.elf;

/** The input is not a usable ELF file; the message names the file, the offset and the problem. */
public class ElfException extends RuntimeException {
  public ElfException(String message) {
    super(message);
  }

  public ElfException(String message, Throwable cause) {
    super(message, cause);
  }
}
