package io.hilt.probe.serial;

/** A serial link could not be opened, configured, written or kept alive. */
public class SerialException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SerialException(String message) {
    super(message);
  }

  public SerialException(String message, Throwable cause) {
    super(message, cause);
  }
}
