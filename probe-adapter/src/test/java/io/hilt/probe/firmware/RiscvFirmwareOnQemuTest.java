package io.hilt.probe.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.testsupport.ProjectPaths;
import io.hilt.probe.testsupport.RiscvQemu;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The committed RISC-V firmware (firmware/build/riscv32imac) on real {@code qemu-system-riscv32 -M
 * virt -bios none}: the same observable output and exit status as the ARM builds, which the plans
 * check (test-plans/smoke.yaml, stack-usage.yaml), and the pmp-faults scenarios' own reports.
 */
class RiscvFirmwareOnQemuTest {
  static final Path BUILD = ProjectPaths.firmwareBuild("riscv32imac");
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private RiscvQemu.Run run(String program, String args) throws Exception {
    return RiscvQemu.run(BUILD.resolve(program + ".elf"), args, dir, TIMEOUT);
  }

  @Test
  void everyElfStartsAt0x80000000WhereVirtJumpsWithoutBios() {
    for (String p : new String[] {"smoke", "selftest", "stack", "uart-hello", "pmp-faults"}) {
      ElfFile elf = ElfFile.read(BUILD.resolve(p + ".elf"));
      assertThat(elf.header().entry()).as(p).isEqualTo(0x8000_0000L);
      assertThat(elf.symbol("__StackTop")).as(p).isPresent();
      assertThat(elf.symbol("__StackLimit")).as(p).isPresent();
    }
  }

  @Test
  void smokePrintsItsBannerAndExitsZero() throws Exception {
    RiscvQemu.Run r = run("smoke", "");
    assertThat(r.exitCode()).isZero();
    assertThat(r.console())
        .startsWith("hilt smoke firmware\n")
        .contains("tick 1\ntick 2\ntick 3\n")
        .endsWith("smoke: done\n");
  }

  @Test
  void selftestPassesEveryCheck() throws Exception {
    RiscvQemu.Run r = run("selftest", "");
    assertThat(r.console())
        .contains("PASS: data-initialised")
        .endsWith("selftest: 11 passed, 0 failed\n");
    assertThat(r.console()).doesNotContain("FAIL");
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void selftestExitsWithTheNumberOfFailures() throws Exception {
    RiscvQemu.Run r = run("selftest", "inject-failure");
    assertThat(r.console()).contains("FAIL: injected").endsWith("selftest: 11 passed, 1 failed\n");
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void uartHelloWritesToTheNs16550() throws Exception {
    RiscvQemu.Run r = run("uart-hello", "");
    assertThat(r.serial()).isEqualTo("Hello from UART0\r\nuart-hello: done\r\n");
    assertThat(r.console()).isEqualTo("uart-hello: sent 36 bytes on UART0\n");
    assertThat(r.exitCode()).isZero();
  }

  @ParameterizedTest
  @CsvSource({"1, 192", "8, 1200", "32, 4656", "48, 6960"})
  void stackUsesA144ByteFramePerLevel(int depth, int bytes) throws Exception {
    RiscvQemu.Run r = run("stack", Integer.toString(depth));
    assertThat(r.console())
        .contains("stack: " + bytes + " bytes in use at the deepest level\n")
        .endsWith("stack: done\n");
    assertThat(r.exitCode()).isZero();
    ElfFile elf = ElfFile.read(BUILD.resolve("stack.elf"));
    long size =
        elf.symbol("__StackTop").orElseThrow().value()
            - elf.symbol("__StackLimit").orElseThrow().value();
    // what test-plans/stack-usage.yaml allows: depth 8 under 2 KiB, depth 32 under 60 %
    if (depth == 8) {
      assertThat(bytes).isLessThan(2048);
    }
    if (depth == 32) {
      assertThat(bytes * 100.0 / size).isLessThan(60.0);
    }
  }

  @Test
  void stackRefusesADepthThatDoesNotFit() throws Exception {
    RiscvQemu.Run r = run("stack", "49");
    assertThat(r.console()).contains("stack: depth must be 1..48, got '49'");
    assertThat(r.exitCode()).isEqualTo(2);
  }

  private static final Pattern FAULT =
      Pattern.compile(
          "FAULT (\\w+) mcause=0x([0-9a-f]{8}) mepc=0x([0-9a-f]{8}) mtval=0x([0-9a-f]{8})"
              + " ra=0x([0-9a-f]{8}) from=([USM])\n");

  @ParameterizedTest
  @CsvSource({
    "u_load, LoadAccessFault, 5, U, machine_secret, 0, u_load",
    "u_store, StoreAccessFault, 7, U, ro_region, 4, u_store",
    "u_exec, InstructionAccessFault, 1, U, ram_code, 0, ram_code",
    "m_locked, StoreAccessFault, 7, M, locked_region, 0, m_locked",
    "misaligned_lr, LoadAddressMisaligned, 4, M, amo_words, 2, misaligned_lr",
  })
  void pmpScenarioReportsItsTrapAndExitsWith20PlusTheCause(
      String scenario, String cause, int code, String from, String symbol, int offset, String fn)
      throws Exception {
    ElfFile elf = ElfFile.read(BUILD.resolve("pmp-faults.elf"));
    RiscvQemu.Run r = run("pmp-faults", scenario);
    Matcher m = FAULT.matcher(r.console());
    assertThat(m.find()).as(r.console()).isTrue();
    assertThat(m.group(1)).isEqualTo(cause);
    assertThat(Long.parseLong(m.group(2), 16)).isEqualTo(code);
    assertThat(Long.parseLong(m.group(4), 16))
        .isEqualTo(elf.symbol(symbol).orElseThrow().value() + offset);
    assertThat(elf.symbolize(Long.parseLong(m.group(3), 16)).orElseThrow().symbol()).isEqualTo(fn);
    assertThat(m.group(6)).isEqualTo(from);
    assertThat(r.exitCode()).isEqualTo(20 + code);
  }

  @Test
  void stackGuardCatchesTheOverflowInTheGuard() throws Exception {
    ElfFile elf = ElfFile.read(BUILD.resolve("pmp-faults.elf"));
    long guard = elf.symbol("task_stack").orElseThrow().value();
    RiscvQemu.Run r = run("pmp-faults", "stack_guard");
    Matcher m = FAULT.matcher(r.console());
    assertThat(m.find()).as(r.console()).isTrue();
    assertThat(m.group(1)).isEqualTo("StoreAccessFault");
    assertThat(Long.parseLong(m.group(4), 16)).isBetween(guard, guard + 255);
    assertThat(elf.symbolize(Long.parseLong(m.group(3), 16)).orElseThrow().symbol())
        .isEqualTo("stack_guard_descend");
    assertThat(r.exitCode()).isEqualTo(27);
  }

  @Test
  void illegalInstructionReportsTheInstructionInMtval() throws Exception {
    RiscvQemu.Run r = run("pmp-faults", "illegal_insn");
    Matcher m = FAULT.matcher(r.console());
    assertThat(m.find()).as(r.console()).isTrue();
    assertThat(m.group(1)).isEqualTo("IllegalInstruction");
    assertThat(m.group(4)).isEqualTo("c0001073");
    assertThat(r.exitCode()).isEqualTo(22);
  }

  @Test
  void noneRunsInUserModeAndReturnsWithoutAFault() throws Exception {
    RiscvQemu.Run r = run("pmp-faults", "none");
    assertThat(r.console()).isEqualTo("pmp-faults: none (user mode)\npmp-faults: none: no fault\n");
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void unknownScenarioListsTheScenarios() throws Exception {
    RiscvQemu.Run r = run("pmp-faults", "nonsense");
    assertThat(r.console()).contains("unknown scenario 'nonsense'").contains("stack_guard");
    assertThat(r.exitCode()).isEqualTo(2);
  }
}
