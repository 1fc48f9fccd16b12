package io.hilt.probe.drivers.gdb;

/** The server's target description (its XML) cannot be used; the message names the file. */
public class GdbDescriptionException extends RspProtocolException {
  public GdbDescriptionException(String message) {
    super(message);
  }

  public GdbDescriptionException(String message, Throwable cause) {
    super(message, cause);
  }
}
