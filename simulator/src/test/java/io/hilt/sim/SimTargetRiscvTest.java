package io.hilt.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.target.Arch;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetDrivers;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import io.hilt.probe.testsupport.ProjectPaths;
import io.hilt.sim.riscv.RiscvToolchain;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sim-riscv32 through the target SPI as a plan drives it: load, reset halt, registers by their GDB
 * names, breakpoints on symbols, memory, console input on the UART, vector catch, and the run to
 * the semihosting exit. The firmware is simulator/src/test/c/riscv/console.c built with picolibc.
 */
class SimTargetRiscvTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  @TempDir static Path work;
  static Path elf;
  static ElfFile symbols;

  DebugTarget target;
  final ByteArrayOutputStream uart = new ByteArrayOutputStream();
  final ByteArrayOutputStream console = new ByteArrayOutputStream();

  @BeforeAll
  static void build() {
    elf =
        RiscvToolchain.require()
            .build(
                "rv32imac",
                "-O2",
                List.of(ProjectPaths.root().resolve("simulator/src/test/c/riscv/console.c")),
                List.of(),
                work.resolve("console.elf"));
    symbols = ElfFile.read(elf);
  }

  @AfterEach
  void close() {
    if (target != null) {
      target.close();
    }
  }

  static TargetSpec spec(Map<String, String> options) {
    return new TargetSpec(
        "sim-riscv32",
        Arch.RISCV32IMAC,
        "sim",
        List.of(
            new MemoryRegion("code", 0x8000_0000L, 4L << 20),
            new MemoryRegion("ram", 0x8040_0000L, 4L << 20)),
        options);
  }

  DebugTarget open(Map<String, String> options) {
    target = TargetDrivers.find("sim").orElseThrow().open(spec(options));
    target.addOutputListener(
        chunk -> {
          ByteArrayOutputStream sink = chunk.channel() == OutputChannel.UART0 ? uart : console;
          synchronized (sink) {
            sink.writeBytes(chunk.data());
          }
        });
    target.load(FirmwareImages.load(elf));
    return target;
  }

  long symbol(String name) {
    return symbols.symbol(name).orElseThrow().value();
  }

  String uartText() {
    synchronized (uart) {
      return uart.toString(StandardCharsets.ISO_8859_1);
    }
  }

  void send(String text) {
    ((SimTarget) target).sendToUart0(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void resetHaltLeavesTheHartWhereQemusResetVectorDoes() {
    open(Map.of());
    target.reset(ResetMode.HALT);
    assertThat(target.stopReason()).contains(new StopReason.Halted(0x8000_0000L));
    assertThat(target.readRegister("pc")).isEqualTo(0x8000_0000L);
    assertThat(target.readRegister("a0")).isZero();
    assertThat(target.readRegister("a1")).isEqualTo(0x87E0_0000L);
    assertThat(target.readRegister("a2")).isEqualTo(0x1028L);
    assertThat(target.readRegister("t0")).isEqualTo(0x8000_0000L);
    assertThat(target.readRegister("priv")).isEqualTo(3);
    assertThat(target.readRegister("misa")).isEqualTo(0x4010_1105L);
    assertThat(target.readRegister("mtvec")).isZero();
  }

  @Test
  void registerNamesAreGdbSpellingWithCsrsAndPriv() {
    open(Map.of());
    assertThat(target.registerNames())
        .startsWith("zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0")
        .contains("t6", "pc", "mstatus", "mepc", "mcause", "mtval", "pmpcfg3", "pmpaddr15")
        .contains("mcycle", "minstret", "mhartid", "priv");
    target.writeRegister("s0", 0x1234);
    assertThat(target.readRegister("fp")).isEqualTo(0x1234);
    assertThat(target.readRegister("x8")).isEqualTo(0x1234);
    target.writeRegister("mscratch", 0xCAFE_F00DL);
    assertThat(target.readRegister("MSCRATCH")).isEqualTo(0xCAFE_F00DL);
    assertThatThrownBy(() -> target.readRegister("r0"))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("unknown register 'r0'")
        .hasMessageContaining("zero, ra, sp");
    assertThatThrownBy(() -> target.writeRegister("zero", 1))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("zero is hard-wired");
    assertThatThrownBy(() -> target.writeRegister("mhartid", 1))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("read-only");
  }

  @Test
  void planRunsToABreakpointTalksOnTheUartAndExits() {
    open(Map.of());
    target.reset(ResetMode.HALT);
    long checkpoint = symbol("checkpoint");
    target.addBreakpoint(checkpoint);
    send("hello\n");
    target.resume();
    assertThat(target.waitForStop(WAIT)).isEqualTo(new StopReason.Breakpoint(checkpoint));
    assertThat(target.readRegister("pc")).isEqualTo(checkpoint);
    assertThat(target.readRegister("a0")).isEqualTo(1);
    assertThat(uartText()).isEqualTo("console ready\r\n");

    long commands = symbol("commands");
    target.writeMemory(commands, new byte[] {0x55, 0, 0, 0});
    assertThat(target.readMemory(commands, 4)).containsExactly(0x55, 0, 0, 0);
    // Resuming on the breakpoint executes the instruction under it and stops there next time.
    send("again\n");
    target.resume();
    assertThat(target.waitForStop(WAIT)).isEqualTo(new StopReason.Breakpoint(checkpoint));
    assertThat(target.readRegister("a0")).isEqualTo(2);
    target.removeBreakpoint(checkpoint);
    send("exit 7\n");
    target.resume();
    assertThat(target.waitForStop(WAIT)).isEqualTo(new StopReason.Exited(7));
    assertThat(uartText()).isEqualTo("console ready\r\ngot hello\r\ngot again\r\ngot exit 7\r\n");
    synchronized (console) {
      assertThat(console.toString(StandardCharsets.ISO_8859_1)).isEqualTo("bye\n");
    }
    int counted =
        ByteBuffer.wrap(target.readMemory(commands, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    assertThat(counted).isEqualTo(3);
    assertThat(((SimTarget) target).instructionsSinceReset()).isPositive();

    target.resume();
    assertThat(target.waitForStop(WAIT)).isEqualTo(new StopReason.Exited(7));
    target.reset(ResetMode.RUN);
    send("exit 3\n");
    assertThat(target.waitForStop(WAIT)).isEqualTo(new StopReason.Exited(3));
  }

  @Test
  void illegalInstructionStopsAtTheHandlerAsACaughtFault() {
    open(Map.of());
    target.reset(ResetMode.RUN);
    send("ill\n");
    StopReason stop = target.waitForStop(WAIT);
    assertThat(stop).isInstanceOf(StopReason.Fault.class);
    StopReason.Fault fault = (StopReason.Fault) stop;
    assertThat(fault.exception()).isEqualTo("IllegalInstruction");
    assertThat(fault.detail()).isEqualTo("illegal instruction 0xffffffff");
    assertThat(target.readRegister("mepc")).isEqualTo(fault.pc());
    assertThat(target.readRegister("mcause")).isEqualTo(2);
    assertThat(target.readRegister("mtval")).isEqualTo(0xFFFF_FFFFL);
    assertThat(target.readRegister("pc")).isEqualTo(target.readRegister("mtvec") & ~3L);
    assertThat(target.readMemory(fault.pc(), 4)).containsExactly(0xFF, 0xFF, 0xFF, 0xFF);
  }

  @Test
  void userModeReadDeniedByPmpNamesTheEntry() {
    open(Map.of());
    target.reset(ResetMode.RUN);
    send("pmp\n");
    StopReason stop = target.waitForStop(WAIT);
    long secret = symbol("secret");
    assertThat(stop)
        .isEqualTo(
            new StopReason.Fault(
                "LoadAccessFault",
                target.readRegister("mepc"),
                String.format("load at 0x%08x denied by PMP entry 0", secret)));
    assertThat(target.readRegister("mtval")).isEqualTo(secret);
    assertThat(target.readRegister("mstatus") >> 11 & 3).isZero();
    assertThat(target.readRegister("priv")).isEqualTo(3);
    assertThat(target.readRegister("pmpcfg0") & 0xFFFF).isEqualTo(0x1F18);
  }

  @Test
  void withoutVectorCatchTheFirmwareHandlesTheFault() {
    open(Map.of("vector-catch", "none"));
    target.reset(ResetMode.RUN);
    send("ill\n");
    // picolibc's default trap handler reports the trap and exits through semihosting.
    StopReason stop = target.waitForStop(WAIT);
    assertThat(stop).isInstanceOf(StopReason.Exited.class);
  }

  @Test
  void instructionBudgetEndsAFirmwareWaitingForInput() {
    open(Map.of("max-instructions", "200000"));
    target.reset(ResetMode.RUN);
    assertThat(target.waitForStop(WAIT)).isEqualTo(new StopReason.LimitReached(200_000));
  }

  @Test
  void simRunnerRunsARiscvBoardToItsBudget() {
    SimRunner.Result result =
        new SimRunner(java.time.Clock.systemUTC())
            .run(
                new io.hilt.sim.board.RiscvBoard(java.time.Clock.systemUTC(), true),
                FirmwareImages.load(elf),
                "console",
                300_000);
    assertThat(result.stop()).isEqualTo(new StopReason.LimitReached(300_000));
    assertThat(result.text(OutputChannel.UART0)).isEqualTo("console ready\r\n");
  }

  @Test
  void hardfaultCatchIsACortexMValue() {
    Map<String, String> options = new HashMap<>();
    options.put("vector-catch", "hardfault");
    assertThatThrownBy(() -> TargetDrivers.find("sim").orElseThrow().open(spec(options)))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("'all-faults' or 'none'");
  }

  @Test
  void memoryOutsideTheVirtRamIsRejected() {
    TargetSpec bad =
        new TargetSpec(
            "sim-riscv32",
            Arch.RISCV32IMAC,
            "sim",
            List.of(new MemoryRegion("ram", 0x2000_0000L, 4096)),
            Map.of());
    assertThatThrownBy(() -> TargetDrivers.find("sim").orElseThrow().open(bad))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("not RAM on the simulated virt map");
  }
}
