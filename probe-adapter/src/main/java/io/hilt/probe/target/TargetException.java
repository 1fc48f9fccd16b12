package io.hilt.probe.target;

/** A target operation failed; the message names the target, address or register. */
public class TargetException extends RuntimeException {
  public TargetException(String message) {
    super(message);
  }

  public TargetException(String message, Throwable cause) {
    super(message, cause);
  }
}
