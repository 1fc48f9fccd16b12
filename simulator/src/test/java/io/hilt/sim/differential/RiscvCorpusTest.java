package io.hilt.sim.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.target.Arch;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetSpec;
import io.hilt.probe.testsupport.ProjectPaths;
import io.hilt.probe.testsupport.Tools;
import io.hilt.sim.riscv.RiscvToolchain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The RISC-V differential corpus: C programs (simulator/src/test/c/riscv: M-extension edge cases,
 * atomics, CSRs, traps and interrupts with PMP and the CLINT, the UART, the test finisher, direct
 * semihosting calls; and the portable programs of firmware/corpus: printf with 64-bit values,
 * qsort, recursion, 64-bit math, memory and bit operations, switch tables) built with picolibc for
 * rv32im and rv32imac at -O0, -O2 and -Os, run on {@code qemu-system-riscv32 -M virt -bios none}
 * and on sim-riscv32 through the {@code sim} driver: the same console, UART output and exit code.
 */
class RiscvCorpusTest {
  static final TargetSpec SPEC =
      new TargetSpec(
          "sim-riscv32",
          Arch.RISCV32IMAC,
          "sim",
          List.of(new MemoryRegion("ram", 0x8000_0000L, 128L << 20)),
          Map.of("max-instructions", "2000000000", "vector-catch", "none"));

  private static final List<String> OWN =
      List.of("muldiv", "atomics", "csr", "traps", "finisher", "uart", "heap");
  private static final List<String> PORTABLE =
      List.of("bits", "math64", "memops", "printf", "qsort", "recursion", "switch");
  private static final List<String> ARCHES = List.of("rv32im", "rv32imac");
  private static final List<String> OPTIMISATIONS = List.of("-O0", "-O2", "-Os");

  record Case(String program, Path source, String march, String optimisation) {
    String name() {
      return march + optimisation + "/" + program;
    }
  }

  @Test
  void corpusRunsAsOnQemuVirt() throws Exception {
    RiscvToolchain gcc = RiscvToolchain.require();
    Path qemu = Tools.require("qemu-system-riscv32", "qemu-system-misc");
    Path root = ProjectPaths.root();
    Path own = root.resolve("simulator/src/test/c/riscv");
    Path portable = root.resolve("firmware/corpus");
    Path out = root.resolve("simulator/target/riscv-corpus");
    List<Case> cases = new ArrayList<>();
    for (String march : ARCHES) {
      for (String opt : OPTIMISATIONS) {
        for (String p : OWN) {
          if (p.equals("atomics") && !march.contains("a")) {
            continue;
          }
          cases.add(new Case(p, own.resolve(p + ".c"), march, opt));
        }
        for (String p : PORTABLE) {
          cases.add(new Case(p, portable.resolve(p + ".c"), march, opt));
        }
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<String>> results = new ArrayList<>();
    try {
      for (Case c : cases) {
        results.add(
            pool.submit(
                () -> {
                  Path elf =
                      gcc.build(
                          c.march(),
                          c.optimisation(),
                          List.of(c.source()),
                          List.of(portable.toString()),
                          out.resolve(c.march() + c.optimisation() + "-" + c.program() + ".elf"));
                  return compare(c, qemu, elf);
                }));
      }
      List<String> mismatches = new ArrayList<>();
      for (Future<String> f : results) {
        String problem = f.get();
        if (!problem.isEmpty()) {
          mismatches.add(problem);
        }
      }
      assertThat(mismatches).as("programs whose run differs from QEMU").isEmpty();
    } finally {
      pool.shutdownNow();
    }
    assertThat(cases).hasSize(2 * 3 * (OWN.size() + PORTABLE.size()) - 3);
  }

  private static String compare(Case c, Path qemu, Path elf) {
    QemuRunner.Result reference =
        new QemuRunner(qemu, "virt", Duration.ofSeconds(60)).run(elf, List.of());
    SimulatorRunner.Result simulated =
        new SimulatorRunner(SPEC, Duration.ofSeconds(60)).run(elf, List.of());
    // QEMU 7.2 writes SYS_WRITEC and SYS_WRITE0 (picolibc's stdout) to its stderr.
    String expectedConsole = new String(reference.stderr(), StandardCharsets.ISO_8859_1);
    String console = new String(simulated.console(), StandardCharsets.ISO_8859_1);
    String expectedUart = new String(reference.uart(), StandardCharsets.ISO_8859_1);
    String uart = new String(simulated.uart(), StandardCharsets.ISO_8859_1);
    StringBuilder problems = new StringBuilder();
    if (expectedConsole.isEmpty() && expectedUart.isEmpty()) {
      problems.append("QEMU printed nothing; ");
    }
    if (!console.equals(expectedConsole)) {
      problems.append("console " + firstDifference(expectedConsole, console));
    }
    if (!uart.equals(expectedUart)) {
      problems.append("UART " + firstDifference(expectedUart, uart));
    }
    if (!(simulated.stop() instanceof StopReason.Exited exited)
        || (exited.code() & 0xFF) != reference.exitCode()) {
      problems.append(
          String.format("exit: QEMU %d, sim-riscv32 %s; ", reference.exitCode(), simulated.stop()));
    }
    return problems.isEmpty() ? "" : c.name() + ": " + problems;
  }

  /** The first line where the outputs part, with its number, as QEMU and the simulator have it. */
  static String firstDifference(String expected, String actual) {
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    for (int i = 0; i < Math.max(e.length, a.length); i++) {
      String el = i < e.length ? e[i] : "<end>";
      String al = i < a.length ? a[i] : "<end>";
      if (!el.equals(al)) {
        return String.format(
            "differs at line %d:%n  QEMU:         %s%n  sim-riscv32:  %s%n", i + 1, el, al);
      }
    }
    return "differs";
  }
}
