package io.hilt.probe.rtt;

import io.hilt.probe.target.TargetException;

/**
 * The RTT control block is missing, not initialised in time, or corrupt; the message names the
 * field and its address.
 */
public class RttException extends TargetException {
  public RttException(String message) {
    super(message);
  }

  public RttException(String message, Throwable cause) {
    super(message, cause);
  }
}
