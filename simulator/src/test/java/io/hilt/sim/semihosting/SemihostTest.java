package io.hilt.sim.semihosting;

import static io.hilt.sim.semihosting.Semihost.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.target.ImageSegment;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.OutputChunk;
import io.hilt.sim.board.CortexMBoard;
import io.hilt.sim.cortexm.CoreModel;
import io.hilt.sim.cortexm.ExceptionUnit;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every semihosting call against the board's real memory, as QEMU's arm-compat-semi.c does it. */
class SemihostTest {
  static final int ARGS = 0x2000_1000;
  static final int BUF = 0x2000_2000;
  static final int NAME = 0x2000_3000;
  final CortexMBoard board =
      new CortexMBoard(
          CoreModel.CORTEX_M0PLUS,
          Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC),
          ExceptionUnit.VC_HARDERR);
  final Semihost semihost = board.semihost();

  void words(int address, int... values) {
    for (int i = 0; i < values.length; i++) {
      board.bus().write32(address + 4 * i, values[i]);
    }
  }

  void string(int address, String s) {
    byte[] b = (s + "\0").getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < b.length; i++) {
      board.bus().write8(address + i, b[i]);
    }
  }

  String memory(int address, int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.append((char) board.bus().read8(address + i));
    }
    return sb.toString();
  }

  long call(int op, long param) {
    SemihostingResult r = semihost.call(op, param);
    assertThat(r).isInstanceOf(SemihostingResult.Value.class);
    return ((SemihostingResult.Value) r).value();
  }

  int open(String name, int mode) {
    string(NAME, name);
    words(ARGS, NAME, mode, name.length());
    return (int) call(SYS_OPEN, ARGS);
  }

  String output(OutputChannel channel) {
    return board.takeOutput().stream()
        .filter(c -> c.channel() == channel)
        .map(OutputChunk::data)
        .map(b -> new String(b, StandardCharsets.UTF_8))
        .collect(Collectors.joining());
  }

  @Test
  void openMapsTtModesToStdinStdoutStderrWithHandlesFromOne() {
    assertThat(open(":tt", 0)).isEqualTo(1);
    assertThat(open(":tt", 4)).isEqualTo(2);
    assertThat(open(":tt", 8)).isEqualTo(3);
    words(ARGS, 2, BUF, 3);
    string(BUF, "out");
    assertThat(call(SYS_WRITE, ARGS)).isZero();
    words(ARGS, 3, BUF, 3);
    string(BUF, "err");
    assertThat(call(SYS_WRITE, ARGS)).isZero();
    assertThat(board.takeOutput())
        .extracting(OutputChunk::channel)
        .containsExactlyInAnyOrder(
            OutputChannel.SEMIHOSTING_STDOUT, OutputChannel.SEMIHOSTING_STDERR);
  }

  @Test
  void openRefusesHostFilesAndBadModes() {
    assertThat(open("/etc/passwd", 0)).isEqualTo(-1);
    assertThat(call(SYS_ERRNO, 0)).isEqualTo(EACCES);
    assertThat(open(":tt", 12)).isEqualTo(-1);
    assertThat(call(SYS_ERRNO, 0)).isEqualTo(EINVAL);
    assertThat(open(":semihosting-features", 4)).isEqualTo(-1);
    assertThat(call(SYS_ERRNO, 0)).isEqualTo(EACCES);
    words(ARGS, 0x6000_0000, 0, 3);
    assertThat(call(SYS_OPEN, ARGS)).isEqualTo(-1);
    assertThat(call(SYS_ERRNO, 0)).isEqualTo(EFAULT);
    assertThat(call(SYS_OPEN, 0x6000_0000L)).as("unreadable argument block").isEqualTo(-1);
  }

  @Test
  void featuresFileAdvertisesExitExtendedAndStdoutStderr() {
    int fd = open(":semihosting-features", 0);
    words(ARGS, fd);
    assertThat(call(SYS_FLEN, ARGS)).isEqualTo(5);
    assertThat(call(SYS_ISTTY, ARGS)).isZero();
    words(ARGS, fd, BUF, 10);
    assertThat(call(SYS_READ, ARGS)).as("bytes not read").isEqualTo(5);
    assertThat(memory(BUF, 4)).isEqualTo("SHFB");
    assertThat(board.bus().read8(BUF + 4)).isEqualTo(3);
    words(ARGS, fd, 4);
    assertThat(call(SYS_SEEK, ARGS)).isZero();
    words(ARGS, fd, BUF, 1);
    board.bus().write8(BUF, 0);
    assertThat(call(SYS_READ, ARGS)).isZero();
    assertThat(board.bus().read8(BUF)).isEqualTo(3);
    words(ARGS, fd, 6);
    assertThat(call(SYS_SEEK, ARGS)).isEqualTo(-1);
    assertThat(call(SYS_ERRNO, 0)).isEqualTo(EINVAL);
  }

  @Test
  void closeFreesTheHandleOnce() {
    int fd = open(":tt", 4);
    words(ARGS, fd);
    assertThat(call(SYS_CLOSE, ARGS)).isZero();
    assertThat(call(SYS_CLOSE, ARGS)).isEqualTo(-1);
    assertThat(call(SYS_ERRNO, 0)).isEqualTo(EBADF);
    assertThat(open(":tt", 4)).as("handle reused").isEqualTo(fd);
  }

  @Test
  void writecAndWrite0GoToStdoutAndCorruptR0LikeQemu() {
    board.bus().write8(BUF, 'x');
    assertThat(call(SYS_WRITEC, BUF)).isEqualTo(NO_RESULT);
    string(NAME, "hello\n");
    assertThat(call(SYS_WRITE0, NAME)).isEqualTo(NO_RESULT);
    assertThat(output(OutputChannel.SEMIHOSTING_STDOUT)).isEqualTo("xhello\n");
  }

  @Test
  void writeToABadHandleReportsNothingWritten() {
    words(ARGS, 9, BUF, 7);
    assertThat(call(SYS_WRITE, ARGS)).isEqualTo(7);
    int stdin = open(":tt", 0);
    words(ARGS, stdin, BUF, 7);
    assertThat(call(SYS_WRITE, ARGS)).isEqualTo(7);
    assertThat(board.takeOutput()).isEmpty();
  }

  @Test
  void hugeWriteIsBoundedAndReportsTheRest() {
    int fd = open(":tt", 4);
    words(ARGS, fd, 0x2100_0000, 0x7FFF_FFFF);
    assertThat(call(SYS_WRITE, ARGS)).isEqualTo(0x7FFF_FFFFL - MAX_TRANSFER);
    assertThat(board.takeOutput().get(0).data()).hasSize(MAX_TRANSFER);
  }

  @Test
  void readTakesConsoleInputAndReportsBytesNotRead() {
    semihost.setConsoleInput("abc".getBytes(StandardCharsets.UTF_8));
    int fd = open(":tt", 0);
    words(ARGS, fd, BUF, 5);
    assertThat(call(SYS_READ, ARGS)).isEqualTo(2);
    assertThat(memory(BUF, 3)).isEqualTo("abc");
    assertThat(call(SYS_READ, ARGS)).as("end of input").isEqualTo(5);
    semihost.setConsoleInput(new byte[] {'z'});
    assertThat(call(SYS_READC, 0)).isEqualTo('z');
    words(ARGS, 40, BUF, 5);
    assertThat(call(SYS_READ, ARGS)).as("bad handle").isEqualTo(5);
  }

  @Test
  void isttyAndSeekAndFlenOnTheConsole() {
    int fd = open(":tt", 4);
    words(ARGS, fd, 0);
    assertThat(call(SYS_ISTTY, ARGS)).isEqualTo(1);
    assertThat(call(SYS_FLEN, ARGS)).isZero();
    assertThat(call(SYS_SEEK, ARGS)).isEqualTo(-1);
    assertThat(call(SYS_ERRNO, 0)).isEqualTo(ESPIPE);
    words(ARGS, 33);
    assertThat(call(SYS_ISTTY, ARGS)).isEqualTo(-1);
    assertThat(call(SYS_FLEN, ARGS)).isEqualTo(-1);
    assertThat(call(SYS_ERRNO, 0)).isEqualTo(EBADF);
  }

  @Test
  void iserrorTellsNegativeValues() {
    words(ARGS, -1);
    assertThat(call(SYS_ISERROR, ARGS)).isEqualTo(1);
    words(ARGS, 5);
    assertThat(call(SYS_ISERROR, ARGS)).isZero();
  }

  @Test
  void clockCountsSimulatedCentisecondsAndTimeReadsTheClock() {
    assertThat(call(SYS_CLOCK, 0)).isZero();
    board.core().addIdleCycles(25_000_000L); // one simulated second at 25 MHz
    assertThat(call(SYS_CLOCK, 0)).isEqualTo(100);
    assertThat(call(SYS_TIME, 0)).isEqualTo(Instant.parse("2026-01-02T03:04:05Z").getEpochSecond());
    assertThat(call(SYS_TICKFREQ, 0)).isEqualTo(1_000_000_000L);
    assertThat(call(SYS_ELAPSED, ARGS)).isZero();
    assertThat(board.bus().read32(ARGS)).isEqualTo(1_000_000_000L);
  }

  @Test
  void getCmdlineCopiesTheLineAndItsLength() {
    semihost.setCommandLine("fw --depth 3");
    words(ARGS, BUF, 64);
    assertThat(call(SYS_GET_CMDLINE, ARGS)).isZero();
    assertThat(memory(BUF, 13)).isEqualTo("fw --depth 3\0");
    assertThat(board.bus().read32(ARGS + 4)).isEqualTo(12);
    words(ARGS, BUF, 12);
    assertThat(call(SYS_GET_CMDLINE, ARGS)).isEqualTo(-1);
    assertThat(call(SYS_ERRNO, 0)).isEqualTo(E2BIG);
  }

  @Test
  void heapinfoGivesTheFreePartOfTheLargestRamLikeQemu() {
    words(ARGS, BUF);
    assertThat(call(SYS_HEAPINFO, ARGS)).isZero();
    assertThat(
            new long[] {
              board.bus().read32(BUF), board.bus().read32(BUF + 4),
              board.bus().read32(BUF + 8), board.bus().read32(BUF + 12)
            })
        .containsExactly(0x2100_0000L, 0x2200_0000L, 0x2200_0000L, 0x2100_0000L);
    board.load(new ImageSegment(0x2100_0000L, new byte[0x100]));
    call(SYS_HEAPINFO, ARGS);
    assertThat(board.bus().read32(BUF)).isEqualTo(0x2100_0100L);
  }

  @Test
  void exitMapsApplicationExitToZeroAndAnythingElseToOne() {
    assertThat(semihost.call(SYS_EXIT, ADP_STOPPED_APPLICATION_EXIT))
        .isEqualTo(new SemihostingResult.Exit(0));
    assertThat(semihost.call(SYS_EXIT, 0x20023)).isEqualTo(new SemihostingResult.Exit(1));
    words(ARGS, ADP_STOPPED_APPLICATION_EXIT, 42);
    assertThat(semihost.call(SYS_EXIT_EXTENDED, ARGS)).isEqualTo(new SemihostingResult.Exit(42));
    words(ARGS, 0x20023, 42);
    assertThat(semihost.call(SYS_EXIT_EXTENDED, ARGS)).isEqualTo(new SemihostingResult.Exit(1));
  }

  @Test
  void unknownOperationsFailWithoutStoppingTheFirmware() {
    assertThat(call(0x0E, ARGS)).isEqualTo(-1);
    assertThat(call(SYS_ERRNO, 0)).isEqualTo(ENOSYS);
  }
}
