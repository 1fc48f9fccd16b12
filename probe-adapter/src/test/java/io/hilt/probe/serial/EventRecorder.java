package io.hilt.probe.serial;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Records a link's events for a test and waits for bytes or events to arrive. */
final class EventRecorder implements SerialListener {
  private final List<SerialEvent> events = new ArrayList<>();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  @Override
  public synchronized void onEvent(SerialEvent event) {
    events.add(event);
    if (event instanceof SerialEvent.Received r) {
      bytes.writeBytes(r.data());
    }
    notifyAll();
  }

  synchronized List<SerialEvent> events() {
    return List.copyOf(events);
  }

  synchronized byte[] bytes() {
    return bytes.toByteArray();
  }

  synchronized void clearBytes() {
    bytes.reset();
  }

  /** Waits until at least {@code count} bytes arrived; returns all received so far. */
  synchronized byte[] awaitBytes(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (bytes.size() < count) {
      waitUntil(deadline, "got " + bytes.size() + " of " + count + " bytes");
    }
    return bytes.toByteArray();
  }

  /** Waits until the bytes received so far end with {@code suffix}; returns them. */
  synchronized byte[] awaitEndsWith(byte[] suffix, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      byte[] all = bytes.toByteArray();
      if (all.length >= suffix.length
          && java.util.Arrays.equals(
              all, all.length - suffix.length, all.length, suffix, 0, suffix.length)) {
        return all;
      }
      waitUntil(deadline, "received " + all.length + " bytes, not ending as expected");
    }
  }

  /** Waits for the {@code n}th (from 1) event of a type. */
  synchronized <T extends SerialEvent> T await(Class<T> type, int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<T> found = events.stream().filter(type::isInstance).map(type::cast).toList();
      if (found.size() >= n) {
        return found.get(n - 1);
      }
      waitUntil(deadline, "no " + type.getSimpleName() + " #" + n + "; events: " + summary());
    }
  }

  <T extends SerialEvent> T await(Class<T> type, Duration timeout) {
    return await(type, 1, timeout);
  }

  private String summary() {
    return events.stream()
        .map(
            e ->
                e instanceof SerialEvent.Received r
                    ? "Received(" + r.data().length + ")"
                    : e.toString())
        .toList()
        .toString();
  }

  private void waitUntil(long deadline, String what) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new AssertionError("timed out: " + what);
    }
    try {
      TimeUnit.NANOSECONDS.timedWait(this, left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Waits until no thread whose name contains {@code part} is alive; returns those left. */
  static List<String> threadsLeft(String part, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<String> left =
          Thread.getAllStackTraces().keySet().stream()
              .filter(Thread::isAlive)
              .map(Thread::getName)
              .filter(n -> n.contains(part))
              .toList();
      if (left.isEmpty() || System.nanoTime() > deadline) {
        return left;
      }
      Thread.sleep(10);
    }
  }

  static byte[] allByteValues(int repeat) {
    byte[] b = new byte[256 * repeat];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) i;
    }
    return b;
  }
}
