package io.hilt.sim;

import static io.hilt.sim.thumb.Asm.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.target.Arch;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import io.hilt.sim.board.CortexMBoard;
import io.hilt.sim.board.Program;
import io.hilt.sim.bus.Region;
import io.hilt.sim.cortexm.CoreModel;
import io.hilt.sim.cortexm.ExceptionUnit;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Cortex-M3/M4 boards through the target SPI: registers, SCB reads, vector catch options. */
class SimTargetCortexM3Test {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final int SP = 0x2000_8000;
  static final int RESET = 0x100;
  static final long CFSR = 0xE000_ED28L;

  DebugTarget target;

  @AfterEach
  void close() {
    if (target != null) {
      target.close();
    }
  }

  DebugTarget open(Arch arch, Map<String, String> options) {
    target =
        new SimDriver(Clock.systemUTC())
            .open(
                new TargetSpec(
                    "sim-" + arch.id(),
                    arch,
                    "sim",
                    List.of(new MemoryRegion("ram", 0x2000_0000L, 0x40_0000)),
                    options));
    return target;
  }

  /** Every exception vector points at its own slot 0x400 + 0x40 * n, reset at 0x100. */
  static Program program() {
    int[] handlers = new int[47];
    handlers[0] = RESET;
    for (int e = 2; e <= 47; e++) {
      handlers[e - 1] = 0x400 + 0x40 * e;
    }
    return new Program().vectors(SP, handlers);
  }

  static FirmwareImage image(Program p) {
    return new FirmwareImage("test", p.segments());
  }

  long word(long address) {
    byte[] b = target.readMemory(address, 4);
    return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (long) (b[3] & 0xFF) << 24;
  }

  void writeWord(long address, int value) {
    target.writeMemory(
        address,
        new byte[] {(byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24)});
  }

  @Test
  void exposesTheMaskRegistersFaultAnalysisReads() {
    Program p = program().at(RESET);
    int[] msrBasepri = msr(17, 0);
    p.load(0, 0x60).hw(msrBasepri[0], msrBasepri[1]);
    int stopAt = p.here();
    p.hw(bkpt(1));
    open(Arch.CORTEX_M3, Map.of()).load(image(p));
    target.reset(ResetMode.RUN);
    assertThat(target.waitForStop(WAIT)).isEqualTo(new StopReason.Breakpoint(stopAt));
    assertThat(target.registerNames())
        .contains("xpsr", "pc", "lr", "sp", "msp", "psp", "control", "primask")
        .contains("basepri", "faultmask");
    assertThat(target.readRegister("basepri")).as("three priority bits").isEqualTo(0x60);
    target.writeRegister("faultmask", 1);
    assertThat(target.readRegister("faultmask")).isEqualTo(1);
    target.writeRegister("basepri", 0xFF);
    assertThat(target.readRegister("basepri")).isEqualTo(0xE0);
  }

  @Test
  void readsTheSystemControlBlockWithoutSideEffectsEvenWhenUnprivileged() {
    Program p = program().at(RESET);
    int[] msrControl = msr(20, 0);
    p.hw(udf(0)); // HardFault (UsageFault disabled): CFSR.UNDEFINSTR, HFSR.FORCED
    p.at(0x400 + 0x40 * 3).load(0, 1).hw(msrControl[0], msrControl[1]);
    p.load(0, 0xE000_E010).load(1, 5).hw(strImm(1, 0, 0), bkpt(2));
    open(Arch.CORTEX_M3, Map.of("vector-catch", "none")).load(image(p));
    target.reset(ResetMode.RUN);
    assertThat(target.waitForStop(WAIT)).isInstanceOf(StopReason.Breakpoint.class);

    assertThat(word(0xE000_ED00L)).isEqualTo(0x412F_C230L);
    assertThat(word(CFSR)).isEqualTo(1 << 16);
    assertThat(word(0xE000_ED2CL)).isEqualTo(1L << 30);
    for (long a = 0xE000_ED00L; a <= 0xE000_ED3CL; a += 4) {
      assertThat(word(a)).as("0x%08x read twice", a).isEqualTo(word(a));
    }
    assertThat(word(0xE000_EF34L)).as("FPCCR with no FPU").isZero();

    writeWord(CFSR, 1 << 16);
    assertThat(word(CFSR)).as("the debugger clears CFSR as a word write").isZero();
  }

  @Test
  void haltOnRequestSetsDfsrHalted() {
    Program p = program().at(RESET).hw(b(-4));
    open(Arch.CORTEX_M4, Map.of()).load(image(p));
    target.reset(ResetMode.RUN);
    target.halt();
    assertThat(target.waitForStop(WAIT)).isInstanceOf(StopReason.Halted.class);
    assertThat(word(0xE000_ED30L) & 1).isEqualTo(1);
    assertThat(word(0xE000_ED00L)).isEqualTo(0x410F_C241L);
  }

  @Test
  void vectorCatchOptionChoosesWhichFaultsStop() {
    Program p = program().at(RESET);
    p.load(0, 0xE000_ED24).load(1, 1 << 18).hw(strImm(1, 0, 0), udf(0));
    p.at(0x400 + 0x40 * 6).hw(bkpt(6));
    p.at(0x400 + 0x40 * 3).hw(bkpt(3));

    open(Arch.CORTEX_M3, Map.of()).load(image(p));
    target.reset(ResetMode.RUN);
    StopReason stop = target.waitForStop(WAIT);
    assertThat(stop).isInstanceOf(StopReason.Fault.class);
    assertThat(((StopReason.Fault) stop).exception()).isEqualTo("UsageFault");
    assertThat(target.readRegister("pc")).isEqualTo(0x400 + 0x40 * 6);
    target.close();

    open(Arch.CORTEX_M3, Map.of("vector-catch", "hardfault")).load(image(p));
    target.reset(ResetMode.RUN);
    assertThat(target.waitForStop(WAIT)).isEqualTo(new StopReason.Breakpoint(0x400 + 0x40 * 6));
    target.close();

    assertThatThrownBy(() -> open(Arch.CORTEX_M3, Map.of("vector-catch", "usage")))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("'all-faults', 'hardfault', 'none'")
        .hasMessageContaining("'usage'");
  }

  @Test
  void aSimulatorBugEndsTheTargetWithAnErrorInsteadOfHanging() {
    TargetSpec spec = new TargetSpec("sim-cortex-m3", Arch.CORTEX_M3, "sim", List.of(), Map.of());
    CortexMBoard board =
        new CortexMBoard(CoreModel.CORTEX_M3, Clock.systemUTC(), ExceptionUnit.VC_ALL_FAULTS);
    board
        .bus()
        .map(
            0x6000_0000,
            0x1000,
            new Region() {
              @Override
              public String name() {
                return "broken device";
              }

              @Override
              public long read(int offset, int size) {
                throw new IllegalStateException("broken device read");
              }

              @Override
              public boolean write(int offset, int size, int value) {
                return true;
              }
            });
    Program p = program().at(RESET).load(0, 0x6000_0000);
    int at = p.here();
    p.hw(ldrImm(1, 0, 0), bkpt(1));
    target = new SimTarget(spec, SimOptions.defaults(), board);
    target.load(image(p));
    target.reset(ResetMode.RUN);
    assertThatThrownBy(() -> target.waitForStop(WAIT))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("simulator failed")
        .hasMessageContaining(String.format("0x%08x", at))
        .hasRootCauseMessage("broken device read");
    assertThatThrownBy(target::resume).isInstanceOf(TargetException.class);
    assertThat(target.readRegister("r0")).as("state stays readable").isEqualTo(0x6000_0000L);
  }
}
