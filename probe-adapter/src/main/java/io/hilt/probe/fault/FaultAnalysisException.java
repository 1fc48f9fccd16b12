package io.hilt.probe.fault;

import io.hilt.probe.target.TargetException;

/** The target's state cannot be analysed as a fault; the message says which register or address. */
public class FaultAnalysisException extends TargetException {
  public FaultAnalysisException(String message) {
    super(message);
  }

  public FaultAnalysisException(String message, Throwable cause) {
    super(message, cause);
  }
}
