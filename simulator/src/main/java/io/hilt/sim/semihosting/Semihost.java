package io.hilt.sim.semihosting;

import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.Semihosting;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The host side of Arm-compatible semihosting, following QEMU's arm-compat-semi.c: the same
 * operation numbers, file handles from 1, {@code :tt} and {@code :semihosting-features}, return
 * values and errno values (Linux numbering). Unlike QEMU it never opens host files: the firmware
 * gets -1 and EACCES. Independent of the CPU: the caller passes the operation and parameter
 * registers and a view of guest memory; every guest-given length is bounded.
 */
public final class Semihost implements Semihosting {
  public static final int SYS_OPEN = 0x01;
  public static final int SYS_CLOSE = 0x02;
  public static final int SYS_WRITEC = 0x03;
  public static final int SYS_WRITE0 = 0x04;
  public static final int SYS_WRITE = 0x05;
  public static final int SYS_READ = 0x06;
  public static final int SYS_READC = 0x07;
  public static final int SYS_ISERROR = 0x08;
  public static final int SYS_ISTTY = 0x09;
  public static final int SYS_SEEK = 0x0A;
  public static final int SYS_FLEN = 0x0C;
  public static final int SYS_CLOCK = 0x10;
  public static final int SYS_TIME = 0x11;
  public static final int SYS_ERRNO = 0x13;
  public static final int SYS_GET_CMDLINE = 0x15;
  public static final int SYS_HEAPINFO = 0x16;
  public static final int SYS_EXIT = 0x18;
  public static final int SYS_EXIT_EXTENDED = 0x20;
  public static final int SYS_ELAPSED = 0x30;
  public static final int SYS_TICKFREQ = 0x31;

  /** The reason code of a normal exit. */
  public static final int ADP_STOPPED_APPLICATION_EXIT = 0x20026;

  public static final int EPERM = 1;
  public static final int E2BIG = 7;
  public static final int EBADF = 9;
  public static final int EACCES = 13;
  public static final int EFAULT = 14;
  public static final int EINVAL = 22;
  public static final int EMFILE = 24;
  public static final int ENOTTY = 25;
  public static final int ESPIPE = 29;
  public static final int ENOSYS = 38;

  /** Feature bits of {@code :semihosting-features}: EXIT_EXTENDED and STDOUT_STDERR. */
  static final byte[] FEATURES = {0x53, 0x48, 0x46, 0x42, 0x03};

  /** The value QEMU leaves in r0 after calls without a result. */
  public static final long NO_RESULT = 0xDEADBEEFL;

  /** Longest string read from the guest (file names, WRITE0). */
  public static final int MAX_STRING = 64 * 1024;

  /** Most bytes moved by one READ or WRITE. */
  public static final int MAX_TRANSFER = 1024 * 1024;

  /** Most console input kept waiting. */
  public static final int MAX_INPUT = 16 * 1024 * 1024;

  private static final int MAX_FILES = 64;

  private enum Kind {
    STDIN,
    STDOUT,
    STDERR,
    FEATURES
  }

  private static final class Handle {
    final Kind kind;
    int position;

    Handle(Kind kind) {
      this.kind = kind;
    }
  }

  private final GuestMemory memory;
  private final OutputSink output;
  private final Clock clock;
  private final LongSupplier elapsedNanos;
  private final Supplier<HeapInfo> heapInfo;
  private final Handle[] files = new Handle[MAX_FILES];
  private final ArrayDeque<Byte> input = new ArrayDeque<>();
  private volatile String commandLine = "";
  private int errno;

  /**
   * @param elapsedNanos simulated time since reset (CLOCK, ELAPSED)
   * @param clock wall clock for TIME
   */
  public Semihost(
      GuestMemory memory,
      OutputSink output,
      Clock clock,
      LongSupplier elapsedNanos,
      Supplier<HeapInfo> heapInfo) {
    this.memory = memory;
    this.output = output;
    this.clock = clock;
    this.elapsedNanos = elapsedNanos;
    this.heapInfo = heapInfo;
  }

  @Override
  public void setConsoleInput(byte[] data) {
    synchronized (input) {
      if (input.size() + data.length > MAX_INPUT) {
        throw new IllegalArgumentException(
            "semihosting console input over " + MAX_INPUT + " bytes");
      }
      for (byte b : data) {
        input.add(b);
      }
    }
  }

  @Override
  public void setCommandLine(String line) {
    this.commandLine = line;
  }

  /** Closes every handle and clears errno (target reset). Console input is kept. */
  public void reset() {
    Arrays.fill(files, null);
    errno = 0;
  }

  public int errno() {
    return errno;
  }

  private SemihostingResult value(long v) {
    return new SemihostingResult.Value(v);
  }

  private SemihostingResult fail(int error) {
    errno = error;
    return value(-1);
  }

  /**
   * Performs one call.
   *
   * @param operation the operation number (r0 on Arm, a0 on RISC-V)
   * @param parameter the parameter register (r1 / a1): a value or the address of an argument block
   */
  public SemihostingResult call(int operation, long parameter) {
    long[] args = new long[4];
    int needed = argumentCount(operation);
    for (int i = 0; i < needed; i++) {
      args[i] = memory.readWord(parameter + 4L * i);
      if (args[i] < 0) {
        return fail(EFAULT);
      }
    }
    return switch (operation) {
      case SYS_OPEN -> open(args[0], args[1]);
      case SYS_CLOSE -> close(args[0]);
      case SYS_WRITEC -> writeC(parameter);
      case SYS_WRITE0 -> write0(parameter);
      case SYS_WRITE -> write(args[0], args[1], args[2]);
      case SYS_READ -> read(args[0], args[1], args[2]);
      case SYS_READC -> readC();
      case SYS_ISERROR -> value((int) args[0] < 0 ? 1 : 0);
      case SYS_ISTTY -> isTty(args[0]);
      case SYS_SEEK -> seek(args[0], args[1]);
      case SYS_FLEN -> flen(args[0]);
      case SYS_CLOCK -> value(elapsedNanos.getAsLong() / 10_000_000L);
      case SYS_TIME -> value(clock.instant().getEpochSecond());
      case SYS_ERRNO -> value(errno);
      case SYS_GET_CMDLINE -> commandLine(parameter, args[0], args[1]);
      case SYS_HEAPINFO -> heapInfo(args[0]);
      case SYS_EXIT ->
          new SemihostingResult.Exit(parameter == ADP_STOPPED_APPLICATION_EXIT ? 0 : 1);
      case SYS_EXIT_EXTENDED ->
          new SemihostingResult.Exit(args[0] == ADP_STOPPED_APPLICATION_EXIT ? (int) args[1] : 1);
      case SYS_ELAPSED -> elapsed(parameter);
      case SYS_TICKFREQ -> value(1_000_000_000L);
      default -> fail(ENOSYS);
    };
  }

  private static int argumentCount(int operation) {
    return switch (operation) {
      case SYS_OPEN, SYS_WRITE, SYS_READ -> 3;
      case SYS_SEEK, SYS_GET_CMDLINE, SYS_EXIT_EXTENDED -> 2;
      case SYS_CLOSE, SYS_ISERROR, SYS_ISTTY, SYS_FLEN, SYS_HEAPINFO -> 1;
      default -> 0;
    };
  }

  private Optional<Handle> handle(long fd) {
    if (fd < 1 || fd >= MAX_FILES) {
      return Optional.empty();
    }
    return Optional.ofNullable(files[(int) fd]);
  }

  private SemihostingResult open(long nameAddress, long mode) {
    Optional<String> name = readString(nameAddress);
    if (name.isEmpty()) {
      return fail(EFAULT);
    }
    if (mode < 0 || mode >= 12) {
      return fail(EINVAL);
    }
    Kind kind;
    switch (name.get()) {
      case ":tt" -> kind = mode < 4 ? Kind.STDIN : mode < 8 ? Kind.STDOUT : Kind.STDERR;
      case ":semihosting-features" -> {
        if (mode != 0 && mode != 1) {
          return fail(EACCES);
        }
        kind = Kind.FEATURES;
      }
      default -> {
        // The simulator never gives firmware access to host files.
        return fail(EACCES);
      }
    }
    for (int fd = 1; fd < MAX_FILES; fd++) {
      if (files[fd] == null) {
        files[fd] = new Handle(kind);
        return value(fd);
      }
    }
    return fail(EMFILE);
  }

  private SemihostingResult close(long fd) {
    if (handle(fd).isEmpty()) {
      return fail(EBADF);
    }
    files[(int) fd] = null;
    return value(0);
  }

  private SemihostingResult writeC(long address) {
    Optional<byte[]> b = memory.readBytes(address, 1);
    b.ifPresent(bytes -> output.write(OutputChannel.SEMIHOSTING_STDOUT, bytes, 0, 1));
    return value(NO_RESULT);
  }

  private SemihostingResult write0(long address) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    for (int i = 0; i < MAX_STRING; i++) {
      Optional<byte[]> b = memory.readBytes(address + i, 1);
      if (b.isEmpty() || b.get()[0] == 0) {
        break;
      }
      text.write(b.get()[0]);
    }
    byte[] data = text.toByteArray();
    output.write(OutputChannel.SEMIHOSTING_STDOUT, data, 0, data.length);
    return value(NO_RESULT);
  }

  /** WRITE returns the number of bytes not written; a bad handle writes nothing. */
  private SemihostingResult write(long fd, long address, long length) {
    Optional<Handle> h = handle(fd);
    if (h.isEmpty() || (h.get().kind != Kind.STDOUT && h.get().kind != Kind.STDERR)) {
      return value(length);
    }
    int count = (int) Math.min(length, MAX_TRANSFER);
    Optional<byte[]> data = memory.readBytes(address, count);
    if (data.isEmpty()) {
      return value(length);
    }
    OutputChannel channel =
        h.get().kind == Kind.STDOUT
            ? OutputChannel.SEMIHOSTING_STDOUT
            : OutputChannel.SEMIHOSTING_STDERR;
    output.write(channel, data.get(), 0, count);
    return value(length - count);
  }

  /** READ returns the number of bytes not read (all of them at end of input). */
  private SemihostingResult read(long fd, long address, long length) {
    Optional<Handle> h = handle(fd);
    if (h.isEmpty()) {
      return value(length);
    }
    int wanted = (int) Math.min(length, MAX_TRANSFER);
    byte[] data;
    if (h.get().kind == Kind.FEATURES) {
      int from = Math.min(h.get().position, FEATURES.length);
      int n = Math.min(wanted, FEATURES.length - from);
      data = Arrays.copyOfRange(FEATURES, from, from + n);
      h.get().position += n;
    } else if (h.get().kind == Kind.STDIN) {
      data = takeInput(wanted);
    } else {
      return value(length);
    }
    if (!memory.writeBytes(address, data, 0, data.length)) {
      return value(length);
    }
    return value(length - data.length);
  }

  private byte[] takeInput(int wanted) {
    synchronized (input) {
      int n = Math.min(wanted, input.size());
      byte[] data = new byte[n];
      for (int i = 0; i < n; i++) {
        data[i] = input.poll();
      }
      return data;
    }
  }

  private SemihostingResult readC() {
    byte[] b = takeInput(1);
    return b.length == 0 ? fail(EINVAL) : value(b[0] & 0xFF);
  }

  private SemihostingResult isTty(long fd) {
    Optional<Handle> h = handle(fd);
    if (h.isEmpty()) {
      return fail(EBADF);
    }
    if (h.get().kind == Kind.FEATURES) {
      errno = ENOTTY;
      return value(0);
    }
    return value(1);
  }

  private SemihostingResult seek(long fd, long position) {
    Optional<Handle> h = handle(fd);
    if (h.isEmpty()) {
      return fail(EBADF);
    }
    if (h.get().kind != Kind.FEATURES) {
      return fail(ESPIPE);
    }
    if (position > FEATURES.length) {
      return fail(EINVAL);
    }
    h.get().position = (int) position;
    return value(0);
  }

  private SemihostingResult flen(long fd) {
    Optional<Handle> h = handle(fd);
    if (h.isEmpty()) {
      return fail(EBADF);
    }
    return value(h.get().kind == Kind.FEATURES ? FEATURES.length : 0);
  }

  private SemihostingResult commandLine(long block, long buffer, long size) {
    byte[] line = commandLine.getBytes(StandardCharsets.UTF_8);
    if (line.length + 1 > size) {
      return fail(E2BIG);
    }
    byte[] terminated = Arrays.copyOf(line, line.length + 1);
    if (!memory.writeWord(block + 4, line.length)
        || !memory.writeBytes(buffer, terminated, 0, terminated.length)) {
      return fail(EFAULT);
    }
    return value(0);
  }

  private SemihostingResult heapInfo(long block) {
    HeapInfo info = heapInfo.get();
    long[] words = {info.heapBase(), info.heapLimit(), info.stackBase(), info.stackLimit()};
    for (int i = 0; i < 4; i++) {
      if (!memory.writeWord(block + 4L * i, (int) words[i])) {
        return fail(EFAULT);
      }
    }
    return value(0);
  }

  private SemihostingResult elapsed(long block) {
    long ticks = elapsedNanos.getAsLong();
    if (!memory.writeWord(block, (int) ticks)
        || !memory.writeWord(block + 4, (int) (ticks >>> 32))) {
      return fail(EFAULT);
    }
    return value(0);
  }

  private Optional<String> readString(long address) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    for (int i = 0; i < MAX_STRING; i++) {
      Optional<byte[]> b = memory.readBytes(address + i, 1);
      if (b.isEmpty()) {
        return Optional.empty();
      }
      if (b.get()[0] == 0) {
        return Optional.of(text.toString(StandardCharsets.UTF_8));
      }
      text.write(b.get()[0]);
    }
    return Optional.empty();
  }
}
