package io.hilt.probe.serial;

/**
 * Telnet and COM-PORT-OPTION codes: RFC 854 (commands), RFC 856 (BINARY), RFC 858
 * (SUPPRESS-GO-AHEAD), RFC 2217 (COM-PORT-OPTION and its subnegotiations; a server's reply is the
 * client's code plus {@value #SERVER_OFFSET}).
 */
final class Telnet {
  private Telnet() {}

  static final int SE = 240;
  static final int NOP = 241;
  static final int GA = 249;
  static final int SB = 250;
  static final int WILL = 251;
  static final int WONT = 252;
  static final int DO = 253;
  static final int DONT = 254;
  static final int IAC = 255;

  static final int OPT_BINARY = 0;
  static final int OPT_ECHO = 1;
  static final int OPT_SGA = 3;
  static final int OPT_COM_PORT = 44;

  static final int SIGNATURE = 0;
  static final int SET_BAUDRATE = 1;
  static final int SET_DATASIZE = 2;
  static final int SET_PARITY = 3;
  static final int SET_STOPSIZE = 4;
  static final int SET_CONTROL = 5;
  static final int NOTIFY_LINESTATE = 6;
  static final int NOTIFY_MODEMSTATE = 7;
  static final int SERVER_OFFSET = 100;

  static final int PARITY_NONE = 1;
  static final int PARITY_ODD = 2;
  static final int PARITY_EVEN = 3;
  static final int PARITY_MARK = 4;
  static final int PARITY_SPACE = 5;

  static final int STOP_ONE = 1;
  static final int STOP_TWO = 2;
  static final int STOP_ONE_POINT_FIVE = 3;

  static final int CONTROL_FLOW_NONE = 1;
  static final int CONTROL_FLOW_XON_XOFF = 2;
  static final int CONTROL_FLOW_HARDWARE = 3;
  static final int CONTROL_DTR_ON = 8;
  static final int CONTROL_DTR_OFF = 9;
  static final int CONTROL_RTS_ON = 11;
  static final int CONTROL_RTS_OFF = 12;

  static String verb(int code) {
    return switch (code) {
      case WILL -> "WILL";
      case WONT -> "WONT";
      case DO -> "DO";
      case DONT -> "DONT";
      default -> Integer.toString(code);
    };
  }

  static String option(int code) {
    return switch (code) {
      case OPT_BINARY -> "BINARY";
      case OPT_ECHO -> "ECHO";
      case OPT_SGA -> "SUPPRESS-GO-AHEAD";
      case OPT_COM_PORT -> "COM-PORT-OPTION";
      default -> "option " + code;
    };
  }

  /**
   * Which SET-CONTROL values answer each other: a reply carries the state now in force, which may
   * be another value of the same group (a DTR request is answered by DTR ON or OFF).
   */
  static int controlGroup(int value) {
    if (value <= 3 || (value >= 17 && value <= 19)) {
      return 0; // outbound flow control
    }
    if (value <= 6) {
      return 1; // BREAK
    }
    if (value <= 9) {
      return 2; // DTR
    }
    if (value <= 12) {
      return 3; // RTS
    }
    return 4; // inbound flow control
  }
}
