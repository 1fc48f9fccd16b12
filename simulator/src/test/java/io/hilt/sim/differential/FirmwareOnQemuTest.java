package io.hilt.sim.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.testsupport.ProjectPaths;
import io.hilt.probe.testsupport.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The firmware's documented behaviour on the reference platform (QEMU mps2-an385), so that a
 * differential match with the simulator is a match with correct behaviour, not a shared mistake.
 */
class FirmwareOnQemuTest {
  private static final Path BUILD = ProjectPaths.firmwareBuild("cortex-m0plus");

  private QemuRunner qemu;

  @BeforeEach
  void findQemu() {
    qemu =
        new QemuRunner(Tools.require("qemu-system-arm", "qemu-system-arm"), Duration.ofSeconds(60));
  }

  private QemuRunner.Result run(String elf, String... arguments) {
    return qemu.run(BUILD.resolve(elf), List.of(arguments));
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void smokePrintsItsBannerAndExitsZero() {
    QemuRunner.Result result = run("smoke.elf");
    assertThat(text(result.console()))
        .startsWith("hilt smoke firmware\n")
        .contains("tick 1\ntick 2\ntick 3\n")
        .endsWith("smoke: done\n");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void selftestPassesEveryCheck() {
    QemuRunner.Result result = run("selftest.elf");
    String console = text(result.console());
    assertThat(console).contains("PASS: divide-64\n").doesNotContain("FAIL:");
    assertThat(console).containsPattern("selftest: \\d+ passed, 0 failed\n$");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void selftestExitsWithTheNumberOfFailedChecks() {
    QemuRunner.Result result = run("selftest.elf", "inject-failure");
    assertThat(text(result.console()))
        .contains("FAIL: injected (failure requested on the command line)\n")
        .containsPattern("selftest: \\d+ passed, 1 failed\n$");
    assertThat(result.exitCode()).isEqualTo(1);
  }

  private int stackInUse(int depth) {
    QemuRunner.Result result = run("stack.elf", Integer.toString(depth));
    assertThat(result.exitCode()).isZero();
    Matcher m =
        Pattern.compile("stack: (\\d+) bytes in use at the deepest level\n")
            .matcher(text(result.console()));
    assertThat(m.find()).as("stack output: %s", text(result.console())).isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Test
  void stackGrowsByOneFixedFramePerLevel() {
    int at8 = stackInUse(8);
    int at16 = stackInUse(16);
    int at24 = stackInUse(24);
    assertThat(at16 - at8).isEqualTo(at24 - at16).isGreaterThanOrEqualTo(8 * 128);
  }

  @Test
  void stackRefusesADepthBeyondItsRegion() {
    QemuRunner.Result result = run("stack.elf", "400");
    assertThat(text(result.console())).contains("depth must be 1..48, got '400'");
    assertThat(result.exitCode()).isEqualTo(2);
  }

  @Test
  void uartHelloWritesToUart0AndReportsOnTheConsole() {
    QemuRunner.Result result = run("uart-hello.elf");
    assertThat(text(result.uart())).isEqualTo("Hello from UART0\r\nuart-hello: done\r\n");
    assertThat(text(result.console())).isEqualTo("uart-hello: sent 36 bytes on UART0\n");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void crcBenchPrintsTheCrcOfItsPasses() {
    QemuRunner.Result result = run("crc-bench.elf", "2");
    assertThat(text(result.console()))
        .matches("crc-bench: 2 passes over 1024 bytes: crc32=0x[0-9a-f]{8}\n");
    assertThat(result.exitCode()).isZero();
  }

  static Stream<String> corpusPrograms() {
    return Stream.of("printf", "math64", "recursion", "switch", "memops", "bits", "qsort");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpusPrograms")
  void corpusProgramBehavesTheSameAtEveryOptimisationLevel(String program) {
    QemuRunner.Result o0 = run("corpus/" + program + "-O0.elf");
    for (String level : List.of("O2", "Os")) {
      QemuRunner.Result other = run("corpus/" + program + "-" + level + ".elf");
      assertThat(text(other.console())).as("%s -%s", program, level).isEqualTo(text(o0.console()));
      assertThat(other.exitCode()).as("%s -%s exit", program, level).isEqualTo(o0.exitCode());
    }
    String console = text(o0.console());
    Matcher m = Pattern.compile("checksum 0x([0-9a-f]{8})\n$").matcher(console);
    assertThat(m.find()).as("%s ends with its checksum: %s", program, console).isTrue();
    assertThat(o0.exitCode()).isEqualTo((int) (Long.parseLong(m.group(1), 16) & 0x7f));
    assertThat(o0.stderr()).isEmpty();
  }
}
