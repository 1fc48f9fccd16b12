package io.hilt.probe.serial;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@link SerialLink} behind every driver: it owns one {@link Connection} at a time, opened by a
 * {@link Connector}, and replaces it when the port goes away, within the reconnect deadline. Line
 * settings and DTR/RTS asked for while the port is away are applied when it comes back.
 */
final class ReconnectingLink implements SerialLink {
  /** Undelivered received bytes a link holds before its reader stops reading. */
  static final long MAX_BUFFERED_BYTES = 1 << 20;

  private static final Duration FIRST_RETRY = Duration.ofMillis(50);
  private static final Duration MAX_RETRY = Duration.ofMillis(500);

  private enum State {
    CONNECTED,
    RECONNECTING,
    FAILED,
    CLOSED
  }

  private final Connector connector;
  private final SerialLinkOptions options;
  private final HostClock clock;
  private final EventPump pump;
  private final Object lock = new Object();

  // Guarded by lock.
  private State state = State.RECONNECTING;
  private Optional<Connection> current = Optional.empty();
  private Optional<LinkInbound> currentInbound = Optional.empty();
  private LineSettings settings;
  private Optional<Boolean> dtr;
  private Optional<Boolean> rts;
  private Optional<SerialException> failure = Optional.empty();
  private Optional<Thread> supervisor = Optional.empty();

  private ReconnectingLink(Connector connector, SerialLinkOptions options, HostClock clock) {
    this.connector = connector;
    this.options = options;
    this.clock = clock;
    this.settings = options.line();
    this.dtr = options.dtr();
    this.rts = options.rts();
    this.pump = new EventPump(connector.describe(), MAX_BUFFERED_BYTES);
  }

  /**
   * Opens the port, retrying until the reconnect deadline (a board that is re-enumerating when the
   * run starts is waited for). Listeners added later see everything received after they were added;
   * {@code initial} is added before the port opens and misses nothing.
   *
   * @throws SerialException with the last error when the port could not be opened in time
   */
  static ReconnectingLink open(
      Connector connector,
      SerialLinkOptions options,
      HostClock clock,
      Optional<SerialListener> initial) {
    ReconnectingLink link = new ReconnectingLink(connector, options, clock);
    initial.ifPresent(link.pump::addListener);
    Instant deadline = clock.now().plus(options.reconnect());
    try {
      link.connectUntil(deadline, false);
    } catch (RuntimeException e) {
      link.close();
      throw e;
    }
    return link;
  }

  @Override
  public String describe() {
    synchronized (lock) {
      return current.map(Connection::describe).orElse(connector.describe());
    }
  }

  @Override
  public void addListener(SerialListener listener) {
    pump.addListener(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeListener(SerialListener listener) {
    pump.removeListener(listener);
  }

  @Override
  public void write(byte[] data, Duration timeout) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(timeout, "timeout");
    Instant deadline = clock.now().plus(timeout);
    boolean connected;
    synchronized (lock) {
      connected = state == State.CONNECTED;
    }
    Connection connection = awaitConnection(deadline, "write of " + data.length + " bytes");
    // The whole timeout when the port was there (so messages show what the caller asked for),
    // else what is left of it after waiting for the reconnect.
    Duration left = connected ? timeout : Duration.between(clock.now(), deadline);
    connection.write(data.clone(), left.isNegative() ? Duration.ZERO : left);
  }

  @Override
  public void configure(LineSettings newSettings) {
    Objects.requireNonNull(newSettings, "settings");
    change("configure", c -> c.configure(newSettings), () -> settings = newSettings);
  }

  @Override
  public boolean supportsLineSettings() {
    return connector.supportsLineSettings();
  }

  @Override
  public void setDtr(boolean asserted) {
    change("set DTR", c -> c.setDtr(asserted), () -> dtr = Optional.of(asserted));
  }

  @Override
  public void setRts(boolean asserted) {
    change("set RTS", c -> c.setRts(asserted), () -> rts = Optional.of(asserted));
  }

  /**
   * Applies a change to the open port and then remembers it for reconnects; while the port is away
   * it is only remembered. A change the port refuses is not remembered, so it cannot make every
   * later reconnect fail.
   */
  private void change(String what, Consumer<Connection> apply, Runnable remember) {
    Optional<Connection> now;
    synchronized (lock) {
      checkUsable(what);
      if (state == State.RECONNECTING) {
        remember.run();
        return;
      }
      now = current;
    }
    now.ifPresent(apply);
    synchronized (lock) {
      remember.run();
    }
  }

  @Override
  public void close() {
    Optional<Connection> toClose;
    Optional<Thread> reconnecting;
    synchronized (lock) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      toClose = current;
      current = Optional.empty();
      currentInbound = Optional.empty();
      reconnecting = supervisor;
      lock.notifyAll();
    }
    try {
      reconnecting.ifPresent(
          t -> {
            t.interrupt();
            if (t != Thread.currentThread()) {
              try {
                t.join(2_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          });
      toClose.ifPresent(Connection::close);
    } finally {
      connector.close();
      pump.close();
    }
  }

  /** The most received bytes that ever waited for the listeners at once. */
  long peakBufferedBytes() {
    return pump.peakBufferedBytes();
  }

  /** How many times a listener of this link threw (each is logged). */
  long listenerFailures() {
    return pump.listenerFailures();
  }

  private void checkUsable(String what) {
    switch (state) {
      case CLOSED ->
          throw new SerialException("cannot " + what + ": " + describeLocked() + " is closed");
      case FAILED -> {
        SerialException f = failure.orElseThrow();
        throw new SerialException("cannot " + what + ": " + f.getMessage(), f);
      }
      case CONNECTED, RECONNECTING -> {}
    }
  }

  private String describeLocked() {
    return current.map(Connection::describe).orElse(connector.describe());
  }

  private Connection awaitConnection(Instant deadline, String what) {
    synchronized (lock) {
      while (state == State.RECONNECTING) {
        long waitMs = Duration.between(clock.now(), deadline).toMillis();
        if (waitMs <= 0) {
          throw new SerialException(
              what
                  + " to "
                  + connector.describe()
                  + " timed out: the port is away and the link is still reconnecting");
        }
        try {
          lock.wait(waitMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SerialException(what + " to " + connector.describe() + " interrupted", e);
        }
      }
      checkUsable(what);
      return current.orElseThrow();
    }
  }

  /**
   * Tries to open the port until {@code deadline}, backing off between attempts; then either marks
   * the link connected (announcing {@code Reconnected} when {@code announce}) or throws.
   */
  private void connectUntil(Instant deadline, boolean announce) {
    int attempts = 0;
    Duration retry = FIRST_RETRY;
    List<String> errors = new ArrayList<>();
    SerialException last = null;
    while (true) {
      attempts++;
      LineSettings wantSettings;
      Optional<Boolean> wantDtr;
      Optional<Boolean> wantRts;
      synchronized (lock) {
        if (state == State.CLOSED) {
          throw new SerialException(connector.describe() + " was closed while reconnecting");
        }
        wantSettings = settings;
        wantDtr = dtr;
        wantRts = rts;
      }
      LinkInbound inbound = new LinkInbound();
      try {
        Connection connection = connector.connect(inbound);
        try {
          if (connector.supportsLineSettings()) {
            connection.configure(wantSettings);
          }
          wantDtr.ifPresent(connection::setDtr);
          wantRts.ifPresent(connection::setRts);
        } catch (RuntimeException e) {
          connection.close();
          throw e;
        }
        synchronized (lock) {
          if (state == State.CLOSED) {
            connection.close();
            throw new SerialException(connector.describe() + " was closed while reconnecting");
          }
          current = Optional.of(connection);
          currentInbound = Optional.of(inbound);
          state = State.CONNECTED;
          supervisor = Optional.empty();
          lock.notifyAll();
        }
        inbound.activate(announce ? Optional.of(attempts) : Optional.empty());
        return;
      } catch (SerialException e) {
        last = e;
        if (errors.isEmpty() || !errors.get(errors.size() - 1).equals(e.getMessage())) {
          errors.add(e.getMessage());
        }
      }
      Duration left = Duration.between(clock.now(), deadline);
      if (left.isNegative() || left.isZero()) {
        throw new SerialException(
            connector.describe()
                + " could not be opened within "
                + options.reconnect()
                + " ("
                + attempts
                + (attempts == 1 ? " attempt" : " attempts")
                + "): "
                + String.join(
                    "; then: ", errors.subList(Math.max(0, errors.size() - 3), errors.size())),
            last);
      }
      try {
        Thread.sleep(Math.max(1, Math.min(retry.toMillis(), left.toMillis())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SerialException(connector.describe() + " reconnect interrupted", e);
      }
      retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
    }
  }

  private void onLost(LinkInbound from, String reason, Optional<Throwable> cause) {
    Optional<Connection> old;
    Instant deadline;
    synchronized (lock) {
      if (state != State.CONNECTED || currentInbound.orElse(null) != from) {
        return;
      }
      state = State.RECONNECTING;
      old = current;
      current = Optional.empty();
      currentInbound = Optional.empty();
      deadline = clock.now().plus(options.reconnect());
      Thread t =
          new Thread(() -> reconnect(deadline), "hilt-serial-reconnect " + connector.describe());
      t.setDaemon(true);
      supervisor = Optional.of(t);
      pump.post(
          new SerialEvent.Disconnected(
              clock.now(), reason + cause.map(c -> " (" + c + ")").orElse(""), deadline));
      t.start();
    }
    old.ifPresent(Connection::close);
  }

  private void reconnect(Instant deadline) {
    try {
      connectUntil(deadline, true);
    } catch (SerialException e) {
      synchronized (lock) {
        if (state == State.CLOSED) {
          return;
        }
        state = State.FAILED;
        failure = Optional.of(e);
        supervisor = Optional.empty();
        lock.notifyAll();
        pump.post(new SerialEvent.Failed(clock.now(), e));
      }
    }
  }

  /**
   * The inbound of one connection. What it reads before the link takes it into use is held back and
   * delivered after the {@code Reconnected} event, so listeners see events in order.
   */
  private final class LinkInbound implements Inbound {
    private final List<SerialEvent.Received> held = new ArrayList<>();
    private boolean live;
    private Optional<String> lostEarly = Optional.empty();
    private Optional<Throwable> lostEarlyCause = Optional.empty();

    @Override
    public void received(byte[] data, int length) {
      if (length <= 0) {
        return;
      }
      SerialEvent.Received event =
          new SerialEvent.Received(clock.now(), Arrays.copyOf(data, length));
      synchronized (this) {
        if (live) {
          pump.post(event);
        } else {
          held.add(event);
        }
      }
    }

    /** Takes the connection into use; a loss reported while it was being set up is acted on now. */
    void activate(Optional<Integer> reconnectedAfter) {
      Optional<String> early;
      Optional<Throwable> earlyCause;
      synchronized (this) {
        reconnectedAfter.ifPresent(n -> pump.post(new SerialEvent.Reconnected(clock.now(), n)));
        held.forEach(pump::post);
        held.clear();
        live = true;
        early = lostEarly;
        earlyCause = lostEarlyCause;
      }
      early.ifPresent(reason -> onLost(this, reason, earlyCause));
    }

    @Override
    public void lost(String reason, Optional<Throwable> cause) {
      synchronized (this) {
        if (!live) {
          lostEarly = Optional.of(reason);
          lostEarlyCause = cause;
          return;
        }
      }
      onLost(this, reason, cause);
    }

    @Override
    public boolean full() {
      return pump.full();
    }

    @Override
    public void whenRoom(Runnable action) {
      pump.whenRoom(action);
    }

    @Override
    public void awaitRoom(Duration max) throws InterruptedException {
      pump.awaitRoom(max);
    }
  }
}
