package io.hilt.probe.drivers.gdb;

import io.hilt.probe.target.TargetException;

/** The peer broke the GDB remote serial protocol (bad framing, checksum, size or reply). */
public class RspProtocolException extends TargetException {
  public RspProtocolException(String message) {
    super(message);
  }

  public RspProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
