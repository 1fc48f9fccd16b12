package io.hilt.probe.target;

/** Host side of semihosting: what the firmware reads through it. */
public interface Semihosting {
  /** Bytes SYS_READ (on the console) and SYS_READC return, appended to what is left. */
  void setConsoleInput(byte[] input);

  /** The string SYS_GET_CMDLINE returns. */
  void setCommandLine(String commandLine);
}
