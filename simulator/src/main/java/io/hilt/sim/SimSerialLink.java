package io.hilt.sim;

import io.hilt.probe.serial.LineSettings;
import io.hilt.probe.serial.SerialEvent;
import io.hilt.probe.serial.SerialException;
import io.hilt.probe.serial.SerialLink;
import io.hilt.probe.serial.SerialListener;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.OutputChunk;
import io.hilt.probe.target.OutputListener;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The simulated board's UART0 as a {@link SerialLink}: bytes the firmware transmits arrive on the
 * simulator's thread as they leave the UART; written bytes go to the UART's receive queue, which
 * the firmware reads when it enables RX. Line settings, DTR and RTS mean nothing to a simulated
 * UART and are accepted and ignored. It never disconnects.
 */
final class SimSerialLink implements SerialLink {
  private final SimTarget target;
  private final CopyOnWriteArrayList<SerialListener> listeners = new CopyOnWriteArrayList<>();
  private final OutputListener tap = this::onOutput;
  private volatile boolean closed;

  SimSerialLink(SimTarget target) {
    this.target = Objects.requireNonNull(target, "target");
    target.addOutputListener(tap);
  }

  private void onOutput(OutputChunk chunk) {
    if (chunk.channel() != OutputChannel.UART0 || closed) {
      return;
    }
    SerialEvent event = new SerialEvent.Received(Instant.now(), chunk.data());
    for (SerialListener listener : listeners) {
      listener.onEvent(event);
    }
  }

  @Override
  public String describe() {
    return "sim:uart0 (" + target.spec().name() + ")";
  }

  @Override
  public void addListener(SerialListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeListener(SerialListener listener) {
    listeners.remove(listener);
  }

  @Override
  public void write(byte[] data, Duration timeout) {
    if (closed) {
      throw new SerialException(describe() + ": link is closed");
    }
    try {
      target.sendToUart0(data.clone());
    } catch (IllegalArgumentException e) {
      throw new SerialException(describe() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void configure(LineSettings settings) {
    Objects.requireNonNull(settings, "settings");
  }

  @Override
  public boolean supportsLineSettings() {
    return false;
  }

  @Override
  public void setDtr(boolean asserted) {
    // a simulated UART has no modem lines
  }

  @Override
  public void setRts(boolean asserted) {
    // a simulated UART has no modem lines
  }

  @Override
  public void close() {
    closed = true;
    target.removeOutputListener(tap);
    listeners.clear();
  }
}
