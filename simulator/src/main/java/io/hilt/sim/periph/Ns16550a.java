package io.hilt.sim.periph;

import io.hilt.probe.target.OutputChannel;
import io.hilt.sim.bus.Region;
import io.hilt.sim.semihosting.OutputSink;
import java.util.ArrayDeque;

/**
 * The NS16550A UART of QEMU's {@code virt} (registers one byte apart): RBR/THR, IER, IIR/FCR, LCR
 * with DLAB (DLL/DLM), MCR, LSR (DR, THRE, TEMT), MSR and SCR, with QEMU's reset values.
 * Transmission is instantaneous; received bytes come from {@link #input} in order. The board has no
 * interrupt controller, so IIR reports what would interrupt but nothing reaches the hart.
 */
public final class Ns16550a implements Region {
  public static final int SIZE = 0x100;
  private static final int LSR_DR = 0x01;
  private static final int LSR_THRE = 0x20;
  private static final int LSR_TEMT = 0x40;
  private static final int IER_RDI = 0x01;
  private static final int IER_THRI = 0x02;
  private static final int LCR_DLAB = 0x80;
  private static final int MCR_OUT2 = 0x08;
  private static final int MSR_RESET = 0xB0;

  /** Most received bytes kept waiting. */
  public static final int MAX_INPUT = 16 * 1024 * 1024;

  private final String name;
  private final OutputChannel channel;
  private final OutputSink output;
  private final ArrayDeque<Byte> pendingInput = new ArrayDeque<>();
  private final byte[] one = new byte[1];
  private int ier;
  private int lcr;
  private int mcr;
  private int scr;
  private int divisor;
  private boolean fifo;
  private boolean thrInterrupt;

  public Ns16550a(String name, OutputChannel channel, OutputSink output) {
    this.name = name;
    this.channel = channel;
    this.output = output;
    reset();
  }

  @Override
  public String name() {
    return name;
  }

  public void reset() {
    ier = lcr = scr = divisor = 0;
    mcr = MCR_OUT2;
    fifo = false;
    thrInterrupt = false;
  }

  /** Queues bytes for the receiver (any thread). */
  public void input(byte[] data) {
    synchronized (pendingInput) {
      if (pendingInput.size() + data.length > MAX_INPUT) {
        throw new IllegalArgumentException(name + ": receive queue over " + MAX_INPUT + " bytes");
      }
      for (byte b : data) {
        pendingInput.add(b);
      }
    }
  }

  /** True when received bytes wait for the firmware. */
  public boolean hasPendingInput() {
    synchronized (pendingInput) {
      return !pendingInput.isEmpty();
    }
  }

  private int lsr() {
    return LSR_THRE | LSR_TEMT | (hasPendingInput() ? LSR_DR : 0);
  }

  private int iir() {
    int id;
    if ((ier & IER_RDI) != 0 && hasPendingInput()) {
      id = 0x04;
    } else if ((ier & IER_THRI) != 0 && thrInterrupt) {
      id = 0x02;
    } else {
      id = 0x01;
    }
    return id | (fifo ? 0xC0 : 0);
  }

  @Override
  public long peek(int offset, int size) {
    return switch (offset) {
      case 0 -> {
        if ((lcr & LCR_DLAB) != 0) {
          yield divisor & 0xFF;
        }
        synchronized (pendingInput) {
          Byte b = pendingInput.peek();
          yield b == null ? 0 : b & 0xFF;
        }
      }
      case 2 -> iir();
      default -> read(offset, size);
    };
  }

  @Override
  public long read(int offset, int size) {
    return switch (offset) {
      case 0 -> {
        if ((lcr & LCR_DLAB) != 0) {
          yield divisor & 0xFF;
        }
        synchronized (pendingInput) {
          Byte b = pendingInput.poll();
          yield b == null ? 0 : b & 0xFF;
        }
      }
      case 1 -> (lcr & LCR_DLAB) != 0 ? divisor >>> 8 & 0xFF : ier;
      case 2 -> {
        int v = iir();
        if ((v & 0x0F) == 0x02) {
          thrInterrupt = false;
        }
        yield v;
      }
      case 3 -> lcr;
      case 4 -> mcr;
      case 5 -> lsr();
      case 6 -> MSR_RESET;
      case 7 -> scr;
      default -> 0;
    };
  }

  @Override
  public boolean write(int offset, int size, int value) {
    value &= 0xFF;
    switch (offset) {
      case 0 -> {
        if ((lcr & LCR_DLAB) != 0) {
          divisor = (divisor & 0xFF00) | value;
        } else {
          one[0] = (byte) value;
          output.write(channel, one, 0, 1);
          thrInterrupt = true;
        }
      }
      case 1 -> {
        if ((lcr & LCR_DLAB) != 0) {
          divisor = (divisor & 0xFF) | value << 8;
        } else {
          if ((value & IER_THRI) != 0 && (ier & IER_THRI) == 0) {
            thrInterrupt = true;
          }
          ier = value & 0x0F;
        }
      }
      case 2 -> fifo = (value & 1) != 0;
      case 3 -> lcr = value;
      case 4 -> mcr = value & 0x1F;
      case 7 -> scr = value;
      default -> {}
    }
    return true;
  }
}
