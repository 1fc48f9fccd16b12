package io.hilt.probe.defmt;

/** The firmware's defmt metadata is unusable (bad symbol, version mismatch...). */
public class DefmtException extends RuntimeException {
  public DefmtException(String message) {
    super(message);
  }

  public DefmtException(String message, Throwable cause) {
    super(message, cause);
  }
}
