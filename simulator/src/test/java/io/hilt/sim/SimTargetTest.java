package io.hilt.sim;

import static io.hilt.sim.thumb.Asm.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.target.Arch;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.ImageSegment;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.OutputChunk;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetDriver;
import io.hilt.probe.target.TargetDrivers;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import io.hilt.sim.board.Program;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator through the target SPI, as the orchestrator uses it. */
class SimTargetTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final int SP = 0x2000_8000;
  static final int RESET = 0x100;
  static final int STRING = 0x800;
  static final int UART0 = 0x4000_4000;

  DebugTarget target;

  @AfterEach
  void close() {
    if (target != null) {
      target.close();
    }
  }

  static TargetSpec spec(Map<String, String> options) {
    return new TargetSpec(
        "sim-cortex-m0plus",
        Arch.CORTEX_M0PLUS,
        "sim",
        List.of(
            new MemoryRegion("flash", 0, 0x40_0000), new MemoryRegion("ram", SP - 0x8000, 0x8000)),
        options);
  }

  DebugTarget open(Map<String, String> options) {
    TargetDriver driver = TargetDrivers.find("sim").orElseThrow();
    target = driver.open(spec(options));
    return target;
  }

  static Program vectors() {
    return new Program().vectors(SP, RESET);
  }

  static FirmwareImage image(Program p) {
    return new FirmwareImage("test", p.segments());
  }

  /** Prints a string with SYS_WRITE0 then exits with EXIT_EXTENDED(code). */
  static Program printAndExit(String text, int code) {
    Program p = vectors().at(RESET);
    p.load(1, STRING).hw(movsImm(0, 4), bkpt(0xAB));
    p.load(1, 0x2000_0000).load(2, 0x20026).hw(strImm(2, 1, 0), movsImm(2, code), strImm(2, 1, 1));
    p.hw(movsImm(0, 0x20), bkpt(0xAB));
    p.at(STRING).hw(toHalfwords(text + "\0"));
    return p;
  }

  static int[] toHalfwords(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    int[] h = new int[(b.length + 1) / 2];
    for (int i = 0; i < b.length; i++) {
      h[i / 2] |= (b[i] & 0xFF) << (8 * (i % 2));
    }
    return h;
  }

  @Test
  void driverIsFoundByIdAndRunsFirmwareToItsExitCode() {
    open(Map.of());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    target.addOutputListener(
        c -> {
          if (c.channel() == OutputChannel.SEMIHOSTING_STDOUT) {
            out.writeBytes(c.data());
          }
        });
    target.load(image(printAndExit("hello from the sim\n", 3)));
    target.reset(ResetMode.RUN);
    assertThat(target.waitForStop(WAIT)).isEqualTo(new StopReason.Exited(3));
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello from the sim\n");
    assertThat(target.stopReason()).contains(new StopReason.Exited(3));
  }

  @Test
  void resetHaltStopsBeforeTheFirstInstruction() {
    open(Map.of());
    target.load(image(printAndExit("x", 0)));
    target.reset(ResetMode.HALT);
    assertThat(target.waitForStop(WAIT)).isEqualTo(new StopReason.Halted(RESET));
    assertThat(target.readRegister("pc")).isEqualTo(RESET);
    assertThat(target.readRegister("sp")).isEqualTo(SP);
    assertThat(target.readRegister("msp")).isEqualTo(SP);
    assertThat(target.readRegister("xpsr")).isEqualTo(0x0100_0000L);
  }

  @Test
  void haltFromAnotherThreadStopsAHungFirmwareAndResumeContinues() throws Exception {
    open(Map.of());
    Program p = vectors().at(RESET).hw(addsImm8(0, 1), b(-6));
    target.load(image(p));
    target.reset(ResetMode.RUN);
    assertThat(target.waitForStop(Duration.ofMillis(50))).isEqualTo(new StopReason.TimedOut());
    assertThat(target.stopReason()).isEmpty();
    CompletableFuture.runAsync(target::halt).get();
    StopReason stop = target.waitForStop(WAIT);
    assertThat(stop).isInstanceOf(StopReason.Halted.class);
    long counted = target.readRegister("r0");
    assertThat(counted).isPositive();
    target.resume();
    assertThat(target.waitForStop(Duration.ofMillis(20))).isEqualTo(new StopReason.TimedOut());
    target.halt();
    assertThat(target.readRegister("r0")).isGreaterThan(counted);
  }

  @Test
  void instructionBudgetStopsWithLimitReached() {
    open(Map.of("max-instructions", "10_000"));
    Program p = vectors().at(RESET).hw(b(-4));
    target.load(image(p));
    target.reset(ResetMode.RUN);
    assertThat(target.waitForStop(WAIT)).isEqualTo(new StopReason.LimitReached(10_000));
  }

  @Test
  void breakpointStopsAtItsAddressAndResumeExecutesTheInstructionUnderIt() {
    open(Map.of());
    Program p = vectors().at(RESET).hw(movsImm(0, 0));
    int loop = p.here();
    p.hw(addsImm8(0, 1), cmpImm(0, 3), bcond(1, -8));
    p.load(1, 0x20026).hw(movsImm(0, 0x18), bkpt(0xAB));
    target.load(image(p));
    target.addBreakpoint(loop);
    target.reset(ResetMode.RUN);
    for (int i = 0; i < 3; i++) {
      assertThat(target.waitForStop(WAIT)).isEqualTo(new StopReason.Breakpoint(loop));
      assertThat(target.readRegister("r0")).isEqualTo(i);
      target.resume();
    }
    assertThat(target.waitForStop(WAIT)).isEqualTo(new StopReason.Exited(0));
    target.removeBreakpoint(loop);
  }

  @Test
  void bkptInstructionStopsAndResumeStepsOverIt() {
    open(Map.of());
    Program p = vectors().at(RESET).hw(movsImm(0, 1));
    int at = p.here();
    p.hw(bkpt(0x11), movsImm(0, 2), b(-4));
    target.load(image(p));
    target.reset(ResetMode.RUN);
    assertThat(target.waitForStop(WAIT)).isEqualTo(new StopReason.Breakpoint(at));
    target.resume();
    target.waitForStop(Duration.ofMillis(20));
    target.halt();
    assertThat(target.readRegister("r0")).isEqualTo(2);
  }

  @Test
  void hardFaultIsCaughtByDefaultAndCanBeLeftToTheFirmware() {
    Program p = vectors().at(RESET).hw(NOP, udf(7));
    open(Map.of());
    target.load(image(p));
    target.reset(ResetMode.RUN);
    StopReason stop = target.waitForStop(WAIT);
    assertThat(stop).isInstanceOf(StopReason.Fault.class);
    assertThat(((StopReason.Fault) stop).pc()).isEqualTo(RESET + 2);
    target.close();

    open(Map.of("vector-catch", "none"));
    p.at(0x200).hw(bkpt(9));
    p.at(12).word(0x201);
    target.load(image(p));
    target.reset(ResetMode.RUN);
    assertThat(target.waitForStop(WAIT)).isEqualTo(new StopReason.Breakpoint(0x200));
  }

  @Test
  void lockupIsReportedAndSticksUntilReset() {
    open(Map.of("vector-catch", "none"));
    Program p = vectors().at(RESET).hw(udf(0));
    p.at(12).word(0x300); // HardFault vector without the Thumb bit
    target.load(image(p));
    target.reset(ResetMode.RUN);
    assertThat(target.waitForStop(WAIT)).isInstanceOf(StopReason.Lockup.class);
    target.resume();
    assertThat(target.waitForStop(WAIT)).isInstanceOf(StopReason.Lockup.class);
  }

  @Test
  void uartTransmitsToOutputListenersAndReceivesInput() {
    open(Map.of());
    // CTRL = TX|RX enable; loop: wait for RXFULL, read DATA, echo it +1 to DATA.
    Program p = vectors().at(RESET).load(0, UART0).hw(movsImm(1, 3), strImm(1, 0, 2));
    int wait = p.here();
    p.hw(ldrImm(1, 0, 1), movsImm(2, 2), dp(AND, 1, 2), bcond(0, -10));
    p.hw(ldrImm(1, 0, 0), addsImm8(1, 1), strImm(1, 0, 0));
    p.hw(b(wait - (p.here() + 4)));
    target.load(image(p));
    ByteArrayOutputStream uart = new ByteArrayOutputStream();
    target.addOutputListener(
        c -> {
          if (c.channel() == OutputChannel.UART0) {
            synchronized (uart) {
              uart.writeBytes(c.data());
            }
          }
        });
    target.reset(ResetMode.RUN);
    ((SimTarget) target).sendToUart0("HAL".getBytes(StandardCharsets.US_ASCII));
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      synchronized (uart) {
        if (uart.size() >= 3) {
          break;
        }
      }
      target.waitForStop(Duration.ofMillis(5));
    }
    target.halt();
    synchronized (uart) {
      assertThat(uart.toString(StandardCharsets.US_ASCII)).isEqualTo("IBM");
    }
  }

  @Test
  void memoryAndRegistersAreReadableAndWritableWhileHalted() {
    open(Map.of());
    target.load(image(vectors().at(RESET).hw(b(-4))));
    target.reset(ResetMode.HALT);
    target.writeMemory(0x2000_0000L, new byte[] {1, 2, 3, 4});
    assertThat(target.readMemory(0x2000_0000L, 4)).containsExactly(1, 2, 3, 4);
    assertThat(target.readMemory(0xE000_ED00L, 4)).containsExactly(0x01, 0xC6, 0x0C, 0x41);
    target.writeRegister("r7", 0xFFFF_FFFFL);
    assertThat(target.readRegister("r7")).isEqualTo(0xFFFF_FFFFL);
    target.writeRegister("control", 2);
    target.writeRegister("sp", 0x2000_1000);
    assertThat(target.readRegister("psp")).isEqualTo(0x2000_1000);
    assertThat(target.readRegister("msp")).isEqualTo(SP);
    target.writeRegister("primask", 1);
    assertThat(target.readRegister("PRIMASK")).isEqualTo(1);
    assertThat(target.registerNames()).contains("r0", "r12", "sp", "lr", "pc", "xpsr", "control");
  }

  @Test
  void badAddressesRegistersAndOptionsAreClearErrors() {
    open(Map.of());
    assertThatThrownBy(() -> target.readMemory(0x6000_0000L, 4))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("0x60000000");
    assertThatThrownBy(() -> target.readRegister("r16"))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("r16");
    assertThatThrownBy(
            () ->
                target.load(
                    new FirmwareImage(
                        "big.elf", List.of(new ImageSegment(0x6000_0000L, new byte[4])))))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("0x60000000")
        .hasMessageContaining("big.elf");
    TargetDriver driver = new SimDriver();
    assertThatThrownBy(() -> driver.open(spec(Map.of("vector-catch", "all"))))
        .hasMessageContaining("vector-catch");
    assertThatThrownBy(() -> driver.open(spec(Map.of("speed", "1"))))
        .hasMessageContaining("unknown sim option 'speed'");
    assertThatThrownBy(() -> driver.open(spec(Map.of("max-instructions", "-5"))))
        .hasMessageContaining("max-instructions");
    assertThatThrownBy(
            () -> driver.open(new TargetSpec("m33", Arch.CORTEX_M33, "sim", List.of(), Map.of())))
        .hasMessageContaining("no cortex-m33 board")
        .hasMessageContaining("available: cortex-m0plus, cortex-m3, cortex-m4");
    assertThatThrownBy(
            () ->
                driver.open(
                    new TargetSpec(
                        "x",
                        Arch.CORTEX_M0PLUS,
                        "sim",
                        List.of(new MemoryRegion("flash", 0x0800_0000L, 0x1000)),
                        Map.of())))
        .hasMessageContaining("flash")
        .hasMessageContaining("0x08000000");
  }

  @Test
  void semihostingCommandLineReachesTheFirmware() {
    open(Map.of());
    // GET_CMDLINE into a buffer, then WRITE0 it.
    Program p = vectors().at(RESET).load(1, 0x2000_0000).load(2, 0x2000_0100);
    p.hw(strImm(2, 1, 0), movsImm(2, 100), strImm(2, 1, 1), movsImm(0, 0x15), bkpt(0xAB));
    p.load(1, 0x2000_0100).hw(movsImm(0, 4), bkpt(0xAB));
    p.load(1, 0x20026).hw(movsImm(0, 0x18), bkpt(0xAB));
    target.load(image(p));
    target.semihosting().orElseThrow().setCommandLine("depth=7");
    StringBuilder out = new StringBuilder();
    target.addOutputListener(c -> out.append(new String(c.data(), StandardCharsets.UTF_8)));
    target.reset(ResetMode.RUN);
    assertThat(target.waitForStop(WAIT)).isEqualTo(new StopReason.Exited(0));
    assertThat(out).hasToString("depth=7");
  }

  @Test
  void closeEndsARunningTarget() {
    open(Map.of());
    target.load(image(vectors().at(RESET).hw(b(-4))));
    target.reset(ResetMode.RUN);
    target.close();
    assertThatThrownBy(() -> target.resume()).isInstanceOf(TargetException.class);
  }

  @Test
  void outputChunksCarryTheirChannel() {
    OutputChunk chunk = new OutputChunk(OutputChannel.UART0, new byte[] {1});
    assertThat(chunk.channel()).isEqualTo(OutputChannel.UART0);
  }
}
