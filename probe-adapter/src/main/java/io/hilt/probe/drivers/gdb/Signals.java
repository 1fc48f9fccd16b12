package io.hilt.probe.drivers.gdb;

/** GDB's own signal numbers (gdb/signals.def), not the host's: the protocol uses these. */
public final class Signals {
  public static final int SIGINT = 2;
  public static final int SIGILL = 4;
  public static final int SIGTRAP = 5;
  public static final int SIGABRT = 6;
  public static final int SIGEMT = 7;
  public static final int SIGFPE = 8;
  public static final int SIGKILL = 9;
  public static final int SIGBUS = 10;
  public static final int SIGSEGV = 11;
  public static final int SIGSYS = 12;
  public static final int SIGTERM = 15;

  private Signals() {}

  public static String name(int signal) {
    return switch (signal) {
      case 0 -> "no signal";
      case 1 -> "SIGHUP";
      case SIGINT -> "SIGINT";
      case 3 -> "SIGQUIT";
      case SIGILL -> "SIGILL";
      case SIGTRAP -> "SIGTRAP";
      case SIGABRT -> "SIGABRT";
      case SIGEMT -> "SIGEMT";
      case SIGFPE -> "SIGFPE";
      case SIGKILL -> "SIGKILL";
      case SIGBUS -> "SIGBUS";
      case SIGSEGV -> "SIGSEGV";
      case SIGSYS -> "SIGSYS";
      case 13 -> "SIGPIPE";
      case 14 -> "SIGALRM";
      case SIGTERM -> "SIGTERM";
      default -> "signal " + signal;
    };
  }

  /** Signals a debug server uses for a fault of the core (bad access, bad instruction...). */
  public static boolean isFault(int signal) {
    return signal == SIGILL
        || signal == SIGABRT
        || signal == SIGEMT
        || signal == SIGFPE
        || signal == SIGBUS
        || signal == SIGSEGV
        || signal == SIGSYS;
  }
}
