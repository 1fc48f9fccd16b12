package io.hilt.probe.drivers.qemu;

import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.OutputChunk;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Copies one of QEMU's output streams to the listeners as {@link OutputChunk}s. It reads only what
 * is already there ({@code available()}) and does so under a lock, so {@link #drain()} can promise
 * that every byte QEMU wrote before a stop has been delivered: QEMU writes semihosting output and
 * UART bytes before the guest goes on, so once the core stops, its output is in the pipe or socket.
 */
final class OutputPump implements Runnable {
  private static final long IDLE_SLEEP_MILLIS = 2;

  private final InputStream in;
  private final OutputChannel channel;
  private final Consumer<OutputChunk> output;
  private final BooleanSupplier sourceEnded;
  private final Object lock = new Object();
  private final byte[] buffer = new byte[4096];
  private volatile boolean stopped;

  OutputPump(
      InputStream in,
      OutputChannel channel,
      Consumer<OutputChunk> output,
      BooleanSupplier sourceEnded) {
    this.in = in;
    this.channel = channel;
    this.output = output;
    this.sourceEnded = sourceEnded;
  }

  @Override
  public void run() {
    try (in) {
      while (!stopped) {
        boolean ended = sourceEnded.getAsBoolean();
        if (!pumpAvailable()) {
          if (ended) {
            // the writer is gone: what is left ends with end of file
            finish();
            return;
          }
          Thread.sleep(IDLE_SLEEP_MILLIS);
        }
      }
    } catch (IOException e) {
      // the stream was closed under us (QEMU killed): nothing more to read
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Delivers whatever has arrived; returns whether there was anything. */
  private boolean pumpAvailable() throws IOException {
    synchronized (lock) {
      int available = in.available();
      if (available <= 0) {
        return false;
      }
      int n = in.read(buffer, 0, Math.min(available, buffer.length));
      if (n > 0) {
        output.accept(new OutputChunk(channel, Arrays.copyOf(buffer, n)));
      }
      return n > 0;
    }
  }

  private void finish() throws IOException {
    synchronized (lock) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        output.accept(new OutputChunk(channel, Arrays.copyOf(buffer, n)));
      }
    }
  }

  /** Delivers every byte that has arrived by now, on the caller's thread. */
  void drain() {
    try {
      while (pumpAvailable()) {
        // keep going until the stream has nothing more right now
      }
    } catch (IOException e) {
      // closed: nothing left to deliver
    }
  }

  void stop() {
    stopped = true;
  }
}
