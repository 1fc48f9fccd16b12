package io.hilt.sim.board;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.target.ImageSegment;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.StopReason;
import io.hilt.sim.riscv.RvCsr;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The virt board's devices as the hart sees them: CLINT, test finisher, UART, MROM, the map. */
class RiscvBoardTest {
  private final RiscvBoard board = new RiscvBoard(Clock.systemUTC(), false);
  private static final int RAM = QemuVirt.DRAM;

  private void program(int... words) {
    ByteBuffer b = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int w : words) {
      b.putInt(w);
    }
    board.load(new ImageSegment(Integer.toUnsignedLong(RAM), b.array()));
    board.reset();
  }

  private static int lui(int rd, int imm) {
    return imm & 0xFFFF_F000 | rd << 7 | 0x37;
  }

  private static int addi(int rd, int rs1, int imm) {
    return (imm & 0xFFF) << 20 | rs1 << 15 | rd << 7 | 0x13;
  }

  private static int sw(int rs2, int rs1, int imm) {
    return (imm >> 5 & 0x7F) << 25 | rs2 << 20 | rs1 << 15 | 2 << 12 | (imm & 31) << 7 | 0x23;
  }

  private static int sb(int rs2, int rs1, int imm) {
    return (imm >> 5 & 0x7F) << 25 | rs2 << 20 | rs1 << 15 | (imm & 31) << 7 | 0x23;
  }

  private static final int WFI = 0x1050_0073;
  private static final int SELF = 0x0000_006F; // j .

  private long reg(String name) {
    return board.readRegister(board.registerIndex(name).orElseThrow());
  }

  @Test
  void testFinisherFailEndsWithTheCodeInTheUpperHalf() {
    program(lui(5, QemuVirt.TEST), lui(6, 0x002A_3000), addi(6, 6, 0x333), sw(6, 5, 0), SELF);
    assertThat(board.run(1000)).contains(new StopReason.Exited(42));
  }

  @Test
  void testFinisherPassEndsWithZeroAndResetRestarts() {
    program(lui(5, QemuVirt.TEST), lui(6, 0x5000), addi(6, 6, 0x555), sw(6, 5, 0));
    assertThat(board.run(100)).contains(new StopReason.Exited(0));
    program(lui(5, QemuVirt.TEST), lui(6, 0x7000), addi(6, 6, 0x777), addi(7, 7, 1), sw(6, 5, 0));
    assertThat(board.run(5)).isEmpty();
    assertThat(board.pc()).isEqualTo(Integer.toUnsignedLong(RAM));
    assertThat(reg("t2")).isZero();
    assertThat(reg("a1")).isEqualTo(Integer.toUnsignedLong(QemuVirt.FDT));
  }

  @Test
  void wfiSleepsUntilTheTimerAndMtimeFollowsTheCycles() {
    // mtimecmp = 1000 ticks; MTIE on, MIE off: WFI wakes and falls through.
    program(
        lui(5, QemuVirt.CLINT + 0x4000),
        addi(6, 0, 1000),
        sw(0, 5, 4),
        sw(6, 5, 0),
        addi(7, 0, 0x80),
        0x3043_9073, // csrw mie, t2
        WFI,
        addi(8, 0, 1),
        SELF);
    assertThat(board.run(100_000)).isEmpty();
    assertThat(reg("s0")).isEqualTo(1);
    assertThat(board.clint().mtime()).isGreaterThanOrEqualTo(1000);
    assertThat(reg("mip") & RvCsr.MTIP).isEqualTo(RvCsr.MTIP);
    assertThat(board.instructions()).isLessThan(100_000);
  }

  @Test
  void wfiWithNothingScheduledSleeps() {
    program(
        addi(5, 0, -1),
        lui(6, QemuVirt.CLINT + 0x4000),
        sw(5, 6, 0),
        sw(5, 6, 4),
        addi(7, 0, 0x80),
        0x3043_9073,
        WFI,
        SELF);
    assertThat(board.run(1000)).isEmpty();
    assertThat(board.sleeping()).isTrue();
    assertThat(board.pc()).isEqualTo(Integer.toUnsignedLong(RAM + 28));
  }

  @Test
  void uartTransmitsAndReceivesThroughItsRegisters() {
    board.uartInput(new byte[] {'h', 'i'});
    program(
        lui(5, QemuVirt.UART0),
        0x0052_C303, // lbu t1, 5(t0): LSR
        0x0002_C383, // lbu t2, 0(t0): RBR
        0x0002_C403, // lbu s0, 0(t0)
        0x0052_C483, // lbu s1, 5(t0)
        addi(10, 0, 'A'),
        sb(10, 5, 0),
        SELF);
    board.run(7);
    assertThat(reg("t1")).isEqualTo(0x61);
    assertThat(reg("t2")).isEqualTo('h');
    assertThat(reg("s0")).isEqualTo('i');
    assertThat(reg("s1")).isEqualTo(0x60);
    var output = board.takeOutput();
    assertThat(output).hasSize(1);
    assertThat(output.get(0).channel()).isEqualTo(OutputChannel.UART0);
    assertThat(output.get(0).data()).containsExactly('A');
  }

  @Test
  void mromHoldsQemusResetVectorAndUnmappedMemoryFaults() {
    assertThat(board.peek8(QemuVirt.MROM)).isEqualTo(0x97);
    assertThat(board.peek8(QemuVirt.MROM + 0x28)).isEqualTo(0x4F);
    assertThat(board.peek8(0x0020_0000)).isNegative();
    assertThat(board.peek8(QemuVirt.FLASH)).isZero();
    assertThat(board.peek8(0x4000_0000)).isEqualTo(0xFF);
    assertThat(board.debugWrite(0x0020_0000L, new byte[] {1})).hasValue(0x0020_0000L);
    assertThat(board.isRam(0x8000_0000L, 0x8800_0000L)).isTrue();
    assertThat(board.isRam(0x8000_0000L, 0x8800_0001L)).isFalse();
  }

  @Test
  void ramIsAllocatedOnlyWhereWritten() {
    program(SELF);
    assertThat(board.peek8(RAM + (100 << 20))).isZero();
    Optional<StopReason> stop = board.run(10);
    assertThat(stop).isEmpty();
  }
}
