package io.hilt.probe.serial;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Delivers a link's events to its listeners, in order, on one thread of its own, so neither the
 * port's reader nor the caller ever runs listener code. Received bytes waiting for delivery are
 * bounded: past {@code maxBufferedBytes} readers are told to stop reading ({@link #full()}) until
 * the listeners catch up. A listener that throws is reported on the {@code io.hilt.probe.serial}
 * {@link System.Logger} and keeps getting events.
 */
final class EventPump implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("io.hilt.probe.serial");

  private final String name;
  private final long maxBufferedBytes;
  private final List<SerialListener> listeners = new CopyOnWriteArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Thread thread;

  // Guarded by lock.
  private final ArrayDeque<SerialEvent> queue = new ArrayDeque<>();
  private final List<Runnable> roomWaiters = new ArrayList<>();
  private long bufferedBytes;
  private long peakBufferedBytes;
  private boolean closing;
  private long listenerFailures;

  EventPump(String name, long maxBufferedBytes) {
    if (maxBufferedBytes < 1) {
      throw new IllegalArgumentException("maxBufferedBytes must be positive");
    }
    this.name = name;
    this.maxBufferedBytes = maxBufferedBytes;
    this.thread = new Thread(this::run, "hilt-serial-events " + name);
    thread.setDaemon(true);
    thread.start();
  }

  void addListener(SerialListener listener) {
    listeners.add(listener);
  }

  void removeListener(SerialListener listener) {
    listeners.remove(listener);
  }

  /** Queues an event; never blocks. Events posted after {@link #close()} are dropped. */
  void post(SerialEvent event) {
    lock.lock();
    try {
      if (closing) {
        return;
      }
      queue.addLast(event);
      if (event instanceof SerialEvent.Received r) {
        bufferedBytes += r.data().length;
        peakBufferedBytes = Math.max(peakBufferedBytes, bufferedBytes);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  boolean full() {
    lock.lock();
    try {
      return bufferedBytes >= maxBufferedBytes;
    } finally {
      lock.unlock();
    }
  }

  void whenRoom(Runnable action) {
    lock.lock();
    try {
      if (bufferedBytes < maxBufferedBytes || closing) {
        action.run();
      } else {
        roomWaiters.add(action);
      }
    } finally {
      lock.unlock();
    }
  }

  void awaitRoom(Duration max) throws InterruptedException {
    long nanos = max.toNanos();
    lock.lock();
    try {
      while (bufferedBytes >= maxBufferedBytes && !closing && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The most received bytes ever waiting for delivery at once. */
  long peakBufferedBytes() {
    lock.lock();
    try {
      return peakBufferedBytes;
    } finally {
      lock.unlock();
    }
  }

  /** How many times a listener threw. */
  long listenerFailures() {
    lock.lock();
    try {
      return listenerFailures;
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (true) {
      SerialEvent event;
      lock.lock();
      try {
        while (queue.isEmpty() && !closing) {
          changed.awaitUninterruptibly();
        }
        if (queue.isEmpty()) {
          return;
        }
        event = queue.removeFirst();
      } finally {
        lock.unlock();
      }
      deliver(event);
      List<Runnable> ready = List.of();
      lock.lock();
      try {
        if (event instanceof SerialEvent.Received r) {
          bufferedBytes -= r.data().length;
        }
        if (bufferedBytes < maxBufferedBytes && !roomWaiters.isEmpty()) {
          ready = List.copyOf(roomWaiters);
          roomWaiters.clear();
        }
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      ready.forEach(Runnable::run);
    }
  }

  private void deliver(SerialEvent event) {
    for (SerialListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError) {
          throw e;
        }
        lock.lock();
        try {
          listenerFailures++;
        } finally {
          lock.unlock();
        }
        LOG.log(
            Level.WARNING,
            "serial link "
                + name
                + ": listener "
                + listener
                + " threw on "
                + event.getClass().getSimpleName()
                + "; it keeps getting events",
            e);
      }
    }
  }

  /**
   * Delivers what is queued (waiting at most {@code drain} for the listeners), then stops the
   * thread. Idempotent.
   */
  void close(Duration drain) {
    List<Runnable> waiting;
    lock.lock();
    try {
      closing = true;
      waiting = List.copyOf(roomWaiters);
      roomWaiters.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    waiting.forEach(Runnable::run);
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      thread.join(Math.max(1, drain.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      thread.interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(1));
  }
}
