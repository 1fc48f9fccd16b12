package io.hilt.probe.target;

/** Where target output came from. */
public enum OutputChannel {
  SEMIHOSTING_STDOUT,
  SEMIHOSTING_STDERR,
  UART0,
  RTT
}
