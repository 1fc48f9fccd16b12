package io.hilt.probe.serial;

import java.util.Objects;

/** What flows through the Telnet codec: data bytes, commands, negotiation and subnegotiation. */
sealed interface TelnetMessage {
  /** Plain data, unescaped. */
  record Data(byte[] bytes) implements TelnetMessage {
    public Data {
      Objects.requireNonNull(bytes, "bytes");
    }
  }

  /** A bare command such as NOP or GA (any IAC code that is not negotiation). */
  record Command(int code) implements TelnetMessage {}

  /** IAC WILL/WONT/DO/DONT option. */
  record Negotiation(int verb, int option) implements TelnetMessage {
    @Override
    public String toString() {
      return Telnet.verb(verb) + " " + Telnet.option(option);
    }
  }

  /** IAC SB option payload IAC SE, the payload unescaped. */
  record Subnegotiation(int option, byte[] payload) implements TelnetMessage {
    public Subnegotiation {
      Objects.requireNonNull(payload, "payload");
    }
  }
}
