package io.hilt.probe.serial;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Local serial ports through jSerialComm, found by path (symlinks such as {@code /dev/serial/by-id}
 * names are resolved at every open) or by USB ids (searched in jSerialComm's port list at every
 * open).
 */
final class LocalPortConnector implements Connector {
  /** Read timeout of one blocking read: how soon the reader notices a close or a vanished node. */
  private static final int READ_TIMEOUT_MS = 100;

  /** Bytes the reader asks for per read. */
  private static final int READ_CHUNK = 4096;

  /** A write waits while the driver holds more than this, so one write call never blocks long. */
  private static final int MAX_QUEUED_WRITE = 4096;

  private static final int WRITE_CHUNK = 1024;

  private final SerialSpec spec;

  LocalPortConnector(SerialSpec spec) {
    if (!(spec instanceof SerialSpec.Device) && !(spec instanceof SerialSpec.Usb)) {
      throw new IllegalArgumentException("not a local port: " + spec.text());
    }
    this.spec = spec;
  }

  @Override
  public String describe() {
    return spec.text();
  }

  @Override
  public boolean supportsLineSettings() {
    return true;
  }

  @Override
  public Connection connect(Inbound inbound) {
    Path device = resolve();
    SerialPort port;
    try {
      port = SerialPort.getCommPort(device.toString());
    } catch (RuntimeException e) {
      throw new SerialException("cannot use " + name(device) + " as a serial port: " + e, e);
    }
    port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, READ_TIMEOUT_MS, 0);
    if (!port.openPort()) {
      throw new SerialException(
          "cannot open "
              + name(device)
              + ": "
              + Errno.describe(port.getLastErrorCode())
              + " (jSerialComm line "
              + port.getLastErrorLocation()
              + ")");
    }
    return new LocalConnection(port, device, inbound);
  }

  /** The device node behind the spec, now. */
  private Path resolve() {
    if (spec instanceof SerialSpec.Usb u) {
      return Path.of(UsbPort.select(u, listPorts()).path());
    }
    String path = ((SerialSpec.Device) spec).path();
    Path link = Path.of(path);
    if (!Files.exists(link)) {
      throw new SerialException(
          "no such serial device: "
              + path
              + (Files.isSymbolicLink(link) ? " (a dangling symlink)" : ""));
    }
    try {
      return link.toRealPath();
    } catch (IOException e) {
      throw new SerialException("cannot resolve " + path + ": " + e.getMessage(), e);
    }
  }

  /** Every port jSerialComm sees, with USB ids where it has them. */
  static List<UsbPort> listPorts() {
    return Arrays.stream(SerialPort.getCommPorts())
        .map(
            p ->
                new UsbPort(
                    p.getSystemPortPath(),
                    p.getVendorID() >= 0 ? Optional.of(p.getVendorID()) : Optional.empty(),
                    p.getProductID() >= 0 ? Optional.of(p.getProductID()) : Optional.empty(),
                    Optional.ofNullable(p.getSerialNumber())
                        .filter(s -> !s.isBlank() && !s.equals("Unknown")),
                    Optional.ofNullable(p.getPortDescription()).orElse("")))
        .toList();
  }

  private String name(Path device) {
    String identity = spec.text();
    return identity.equals(device.toString()) ? identity : identity + " (" + device + ")";
  }

  /** One open jSerialComm port with its reader thread and its writer thread. */
  private final class LocalConnection implements Connection {
    private final SerialPort port;
    private final Path device;
    private final String name;
    private final Inbound inbound;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final Thread reader;
    private final ExecutorService writer;
    private Optional<LineSettings> applied = Optional.empty();

    LocalConnection(SerialPort port, Path device, Inbound inbound) {
      this.port = port;
      this.device = device;
      this.name = name(device);
      this.inbound = inbound;
      this.reader = new Thread(this::readLoop, "hilt-serial-read " + name);
      reader.setDaemon(true);
      this.writer =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "hilt-serial-write " + name);
                t.setDaemon(true);
                return t;
              });
      reader.start();
    }

    @Override
    public String describe() {
      return name;
    }

    private void readLoop() {
      byte[] buffer = new byte[READ_CHUNK];
      long lastCheck = System.nanoTime();
      try {
        while (open.get()) {
          if (inbound.full()) {
            inbound.awaitRoom(Duration.ofMillis(READ_TIMEOUT_MS));
            continue;
          }
          int n = port.readBytes(buffer, buffer.length);
          if (!open.get()) {
            return;
          }
          if (n < 0) {
            inbound.lost(
                "read from " + name + " failed: " + Errno.describe(port.getLastErrorCode()),
                Optional.empty());
            return;
          }
          inbound.received(buffer, n);
          long now = System.nanoTime();
          if (now - lastCheck > TimeUnit.MILLISECONDS.toNanos(250)) {
            lastCheck = now;
            Optional<String> gone = vanished();
            if (gone.isPresent()) {
              inbound.lost(gone.get(), Optional.empty());
              return;
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        if (open.get()) {
          inbound.lost("reading " + name + " failed", Optional.of(e));
        }
      }
    }

    /** Why the port is gone though reads still succeed (a USB device node removed), if it is. */
    private Optional<String> vanished() {
      if (!Files.exists(device)) {
        return Optional.of(device + " disappeared");
      }
      if (spec instanceof SerialSpec.Device d) {
        try {
          Path now = Path.of(d.path()).toRealPath();
          if (!now.equals(device)) {
            return Optional.of(d.path() + " now points to " + now + ", no longer to " + device);
          }
        } catch (IOException e) {
          return Optional.of(d.path() + " disappeared");
        }
      }
      return Optional.empty();
    }

    @Override
    public void write(byte[] data, Duration timeout) {
      AtomicBoolean cancelled = new AtomicBoolean();
      AtomicLong written = new AtomicLong();
      Future<?> done;
      try {
        done = writer.submit(() -> writeAll(data, cancelled, written));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        throw new SerialException("cannot write to " + name + ": the port is closed", e);
      }
      try {
        done.get(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        cancelled.set(true);
        throw new SerialException(
            "write to "
                + name
                + " timed out after "
                + timeout
                + ": "
                + written.get()
                + " of "
                + data.length
                + " bytes taken (is the other end reading? flow control?)",
            e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof SerialException s) {
          throw new SerialException(s.getMessage(), s);
        }
        throw new SerialException("write to " + name + " failed: " + cause, cause);
      } catch (InterruptedException e) {
        cancelled.set(true);
        Thread.currentThread().interrupt();
        throw new SerialException("write to " + name + " interrupted", e);
      }
    }

    private Void writeAll(byte[] data, AtomicBoolean cancelled, AtomicLong written)
        throws InterruptedException {
      int offset = 0;
      while (offset < data.length && !cancelled.get()) {
        if (!open.get()) {
          throw new SerialException("write to " + name + " failed: the port was closed");
        }
        int queued = port.bytesAwaitingWrite();
        if (queued > MAX_QUEUED_WRITE) {
          Thread.sleep(1);
          continue;
        }
        int n = port.writeBytes(data, Math.min(WRITE_CHUNK, data.length - offset), offset);
        if (n < 0) {
          String why = Errno.describe(port.getLastErrorCode());
          inbound.lost("write to " + name + " failed: " + why, Optional.empty());
          throw new SerialException(
              "write to "
                  + name
                  + " failed after "
                  + offset
                  + " of "
                  + data.length
                  + " bytes: "
                  + why);
        }
        offset += n;
        written.set(offset);
        if (n == 0) {
          Thread.sleep(1);
        }
      }
      return null;
    }

    @Override
    public void configure(LineSettings s) {
      Optional<String> error = apply(s);
      if (error.isEmpty()) {
        applied = Optional.of(s);
        return;
      }
      // Put back what worked, so the port stays usable; jSerialComm re-applies every setting on
      // each change and would otherwise keep failing.
      applied.ifPresent(this::apply);
      boolean pty = device.toString().startsWith("/dev/pts/");
      throw new SerialException(
          "cannot apply "
              + s
              + " to "
              + name
              + ": "
              + error.get()
              + (pty ? " (a pseudo-terminal takes only 8 data bits without parity)" : "")
              + applied.map(a -> "; still " + a).orElse(""));
    }

    /** Applies settings; an error text when the port refused them. */
    private Optional<String> apply(LineSettings s) {
      int stop =
          switch (s.stopBits()) {
            case ONE -> SerialPort.ONE_STOP_BIT;
            case ONE_POINT_FIVE -> SerialPort.ONE_POINT_FIVE_STOP_BITS;
            case TWO -> SerialPort.TWO_STOP_BITS;
          };
      int parity =
          switch (s.parity()) {
            case NONE -> SerialPort.NO_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
            case MARK -> SerialPort.MARK_PARITY;
            case SPACE -> SerialPort.SPACE_PARITY;
          };
      int flow =
          switch (s.flowControl()) {
            case NONE -> SerialPort.FLOW_CONTROL_DISABLED;
            case RTS_CTS ->
                SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED;
            case XON_XOFF ->
                SerialPort.FLOW_CONTROL_XONXOFF_IN_ENABLED
                    | SerialPort.FLOW_CONTROL_XONXOFF_OUT_ENABLED;
          };
      // Each call re-applies all settings and checks them against what the driver kept, so the
      // second one also catches settings the first was silently refused.
      if (!port.setComPortParameters(s.baud(), s.dataBits(), stop, parity)
          || !port.setFlowControl(flow)) {
        return Optional.of(Errno.describe(port.getLastErrorCode()));
      }
      return Optional.empty();
    }

    @Override
    public void setDtr(boolean asserted) {
      boolean ok = asserted ? port.setDTR() : port.clearDTR();
      if (!ok) {
        throw new SerialException(
            "cannot "
                + (asserted ? "assert" : "clear")
                + " DTR on "
                + name
                + ": "
                + Errno.describe(port.getLastErrorCode()));
      }
    }

    @Override
    public void setRts(boolean asserted) {
      boolean ok = asserted ? port.setRTS() : port.clearRTS();
      if (!ok) {
        throw new SerialException(
            "cannot "
                + (asserted ? "assert" : "clear")
                + " RTS on "
                + name
                + ": "
                + Errno.describe(port.getLastErrorCode()));
      }
    }

    @Override
    public void close() {
      if (!open.compareAndSet(true, false)) {
        return;
      }
      writer.shutdownNow();
      if (Thread.currentThread() != reader) {
        try {
          reader.join(READ_TIMEOUT_MS * 5L);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      port.closePort();
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LocalPortConnector c && c.spec.equals(spec);
  }

  @Override
  public int hashCode() {
    return Objects.hash(spec);
  }
}
