package io.hilt.sim.periph;

import io.hilt.probe.target.OutputChannel;
import io.hilt.sim.bus.Region;
import io.hilt.sim.semihosting.OutputSink;
import java.util.ArrayDeque;
import java.util.function.IntConsumer;

/**
 * The CMSDK APB UART (ARM DDI0479) as QEMU models it: DATA, STATE, CTRL, INTSTATUS/INTCLEAR,
 * BAUDDIV and the ID registers. Transmission is instantaneous when TX is enabled; received bytes
 * come from {@link #input} one at a time while RX is enabled and the buffer is free.
 */
public final class CmsdkUart implements Region {
  private static final int STATE_TX_FULL = 1;
  private static final int STATE_RX_FULL = 2;
  private static final int STATE_TX_OVERRUN = 4;
  private static final int STATE_RX_OVERRUN = 8;
  private static final int CTRL_TX_EN = 1;
  private static final int CTRL_RX_EN = 2;
  private static final int CTRL_TX_INTEN = 4;
  private static final int CTRL_RX_INTEN = 8;
  private static final int INT_TX = 1;
  private static final int INT_RX = 2;
  private static final int[] ID = {
    0x04, 0x00, 0x00, 0x00, 0x21, 0xb8, 0x1b, 0x00, 0x0d, 0xf0, 0x05, 0xb1
  };

  /** Most received bytes kept waiting. */
  public static final int MAX_INPUT = 16 * 1024 * 1024;

  private final String name;
  private final OutputChannel channel;
  private final OutputSink output;
  private final IntConsumer raiseIrq;
  private final int txIrq;
  private final int rxIrq;
  private final ArrayDeque<Byte> pendingInput = new ArrayDeque<>();
  private final byte[] one = new byte[1];
  private int state;
  private int ctrl;
  private int intStatus;
  private int baudDiv;
  private int rxBuffer;

  /**
   * @param raiseIrq raises an NVIC interrupt line
   * @param rxIrq the RX interrupt line (TX is the next one on the MPS2 boards)
   */
  public CmsdkUart(
      String name,
      OutputChannel channel,
      OutputSink output,
      IntConsumer raiseIrq,
      int rxIrq,
      int txIrq) {
    this.name = name;
    this.channel = channel;
    this.output = output;
    this.raiseIrq = raiseIrq;
    this.rxIrq = rxIrq;
    this.txIrq = txIrq;
  }

  @Override
  public String name() {
    return name;
  }

  public void reset() {
    state = ctrl = intStatus = baudDiv = rxBuffer = 0;
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

  /** Moves a waiting byte into the receive buffer if the UART can take it. */
  public void poll() {
    if ((ctrl & CTRL_RX_EN) == 0 || (state & STATE_RX_FULL) != 0) {
      return;
    }
    Byte next;
    synchronized (pendingInput) {
      next = pendingInput.poll();
    }
    if (next == null) {
      return;
    }
    rxBuffer = next & 0xFF;
    state |= STATE_RX_FULL;
    if ((ctrl & CTRL_RX_INTEN) != 0) {
      intStatus |= INT_RX;
      raiseIrq.accept(rxIrq);
    }
  }

  @Override
  public long peek(int offset, int size) {
    return switch (offset) {
      case 0x00 -> rxBuffer;
      case 0x04 -> state;
      default -> read(offset, size);
    };
  }

  @Override
  public long read(int offset, int size) {
    return switch (offset) {
      case 0x00 -> {
        poll();
        int v = rxBuffer;
        state &= ~STATE_RX_FULL;
        poll();
        yield v;
      }
      case 0x04 -> {
        poll();
        yield state;
      }
      case 0x08 -> ctrl;
      case 0x0C -> intStatus | (state & (ctrl >>> 2) & (STATE_TX_OVERRUN | STATE_RX_OVERRUN));
      case 0x10 -> baudDiv;
      default -> offset >= 0xFD0 && offset <= 0xFFC ? ID[(offset - 0xFD0) / 4] : 0;
    };
  }

  @Override
  public boolean write(int offset, int size, int value) {
    switch (offset) {
      case 0x00 -> transmit(value);
      case 0x04 -> state &= ~(value & (STATE_TX_OVERRUN | STATE_RX_OVERRUN));
      case 0x08 -> {
        ctrl = value & 0x7F;
        if ((ctrl & CTRL_TX_EN) != 0 && (state & STATE_TX_FULL) != 0) {
          drainTx();
        }
        poll();
      }
      case 0x0C -> {
        state &= ~(value & (STATE_TX_OVERRUN | STATE_RX_OVERRUN));
        intStatus &= ~value;
      }
      case 0x10 -> baudDiv = value & 0xFFFFF;
      default -> {}
    }
    return true;
  }

  private int txBuffer;

  private void transmit(int value) {
    txBuffer = value & 0xFF;
    if ((state & STATE_TX_FULL) != 0) {
      state |= STATE_TX_OVERRUN;
      return;
    }
    state |= STATE_TX_FULL;
    if ((ctrl & CTRL_TX_EN) != 0) {
      drainTx();
    }
  }

  private void drainTx() {
    one[0] = (byte) txBuffer;
    output.write(channel, one, 0, 1);
    state &= ~STATE_TX_FULL;
    if ((ctrl & CTRL_TX_INTEN) != 0) {
      intStatus |= INT_TX;
      raiseIrq.accept(txIrq);
    }
  }
}
