package io.hilt.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hilt.probe.target.Arch;
import io.hilt.probe.target.ResetMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanLoaderTest {
  @TempDir Path root;
  Path plans;
  Path elf;

  @BeforeEach
  void layout() throws IOException {
    plans = Files.createDirectories(root.resolve("test-plans"));
    elf = Files.createDirectories(root.resolve("firmware/build")).resolve("app.elf");
    Files.write(elf, new byte[] {0x7f, 'E', 'L', 'F'});
  }

  private Path write(String yaml) throws IOException {
    Path file = plans.resolve("plan.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void bindsEveryStepOfAValidPlan() throws IOException {
    Path file =
        write(
            """
            name: everything
            firmware: ../firmware/build/app.elf
            args: "stack 10"
            requires: { arch: [cortex-m0plus, cortex-m3] }
            timeout: 3s
            tests:
              - name: all steps
                steps:
                  - flash
                  - reset
                  - reset: { halt: true }
                  - paint-stack
                  - paint-stack: { pattern: 0xDEADBEEF }
                  - run-until: { output: "ready\\\\n", timeout: 500ms }
                  - run-until: { exit: true }
                  - expect-output: "PASS \\\\d+"
                  - expect-output: { pattern: done, timeout: 1m }
                  - expect-exit: 0
                  - expect-exit: { code: -1, timeout: 2s }
                  - stack-usage: { max-bytes: 2KiB, max-percent: 50 }
                  - stack-usage
              - name: own firmware and args
                firmware: ../firmware/build/app.elf
                args: ""
                steps: [flash, { run-until: { on-timeout: pass, timeout: 1s } }]
            """);

    TestPlan plan = new PlanLoader(root).load(file);

    assertThat(plan.name()).isEqualTo("everything");
    assertThat(plan.firmware()).contains(elf.toRealPath());
    assertThat(plan.args()).contains("stack 10");
    assertThat(plan.requiredArchs()).containsExactlyInAnyOrder(Arch.CORTEX_M0PLUS, Arch.CORTEX_M3);
    assertThat(plan.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(plan.tests()).hasSize(2);
    TestCase all = plan.tests().get(0);
    assertThat(all.location().line()).isEqualTo(7);
    assertThat(all.steps())
        .extracting(Step::keyword)
        .containsExactly(
            "flash",
            "reset",
            "reset",
            "paint-stack",
            "paint-stack",
            "run-until",
            "run-until",
            "expect-output",
            "expect-output",
            "expect-exit",
            "expect-exit",
            "stack-usage",
            "stack-usage");
    assertThat(all.steps().get(0).location().line()).isEqualTo(9);
    assertThat(all.steps().get(0).location().column()).isEqualTo(9);
    assertThat(((Step.Reset) all.steps().get(1)).mode()).isEqualTo(ResetMode.RUN);
    assertThat(((Step.Reset) all.steps().get(2)).mode()).isEqualTo(ResetMode.HALT);
    assertThat(((Step.PaintStack) all.steps().get(3)).pattern()).isEqualTo(OptionalLong.empty());
    assertThat(((Step.PaintStack) all.steps().get(4)).pattern())
        .isEqualTo(OptionalLong.of(0xDEADBEEFL));
    Step.RunUntil ready = (Step.RunUntil) all.steps().get(5);
    assertThat(ready.output().orElseThrow().pattern()).isEqualTo("ready\\n");
    assertThat(ready.untilExit()).isFalse();
    assertThat(ready.timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(ready.timeoutOk()).isFalse();
    Step.RunUntil exit = (Step.RunUntil) all.steps().get(6);
    assertThat(exit.output()).isEmpty();
    assertThat(exit.untilExit()).isTrue();
    assertThat(exit.timeout()).isEqualTo(Duration.ofSeconds(3));
    Step.ExpectOutput pass = (Step.ExpectOutput) all.steps().get(7);
    assertThat(pass.pattern().matcher("PASS 12").find()).isTrue();
    assertThat(pass.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(((Step.ExpectOutput) all.steps().get(8)).timeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(((Step.ExpectExit) all.steps().get(9)).code()).isZero();
    Step.ExpectExit minusOne = (Step.ExpectExit) all.steps().get(10);
    assertThat(minusOne.code()).isEqualTo(-1);
    assertThat(minusOne.timeout()).isEqualTo(Duration.ofSeconds(2));
    Step.StackUsage budget = (Step.StackUsage) all.steps().get(11);
    assertThat(budget.maxBytes()).isEqualTo(OptionalInt.of(2048));
    assertThat(budget.maxPercent()).isEqualTo(OptionalDouble.of(50));
    Step.StackUsage report = (Step.StackUsage) all.steps().get(12);
    assertThat(report.maxBytes()).isEmpty();
    assertThat(report.maxPercent()).isEmpty();

    TestCase own = plan.tests().get(1);
    assertThat(own.firmware()).contains(elf.toRealPath());
    assertThat(own.args()).contains("");
    Step.RunUntil forAWhile = (Step.RunUntil) own.steps().get(1);
    assertThat(forAWhile.timeoutOk()).isTrue();
    assertThat(forAWhile.timeout()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void defaultsNameToFileNameAndTimeoutToTenSeconds() throws IOException {
    Path file =
        write(
            """
            tests:
              - name: just reset
                steps: [reset]
            """);

    TestPlan plan = new PlanLoader(root).load(file);

    assertThat(plan.name()).isEqualTo("plan");
    assertThat(plan.firmware()).isEmpty();
    assertThat(plan.args()).isEmpty();
    assertThat(plan.requiredArchs()).isEmpty();
    assertThat(plan.timeout()).isEqualTo(PlanLoader.DEFAULT_TIMEOUT);
    assertThat(plan.timeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void bindsExpectFaultInEveryFormAndExpectNoFault() throws IOException {
    Path file =
        write(
            """
            timeout: 4s
            tests:
              - name: faults
                steps:
                  - expect-fault
                  - expect-fault: UsageFault
                  - expect-fault:
                      exception: MemManage
                      flags: [DACCVIOL, MMARVALID]
                      address: 0x20004000
                      function: ro_write
                      timeout: 5s
                  - expect-fault: { flags: PRECISERR }
                  - expect-fault: { timeout: 1s }
                  - expect-fault: { function: worker.constprop.0 }
                  - expect-no-fault
                  - expect-no-fault: { timeout: 250ms }
            """);

    List<Step> steps = new PlanLoader(root).load(file).tests().get(0).steps();

    Step.ExpectFault any = (Step.ExpectFault) steps.get(0);
    assertThat(any.anyFault()).isTrue();
    assertThat(any.timeout()).isEqualTo(Duration.ofSeconds(4));
    Step.ExpectFault usage = (Step.ExpectFault) steps.get(1);
    assertThat(usage.exception()).contains("UsageFault");
    assertThat(usage.anyFault()).isFalse();
    Step.ExpectFault full = (Step.ExpectFault) steps.get(2);
    assertThat(full.exception()).contains("MemManage");
    assertThat(full.flags()).containsExactly("DACCVIOL", "MMARVALID");
    assertThat(full.address()).isEqualTo(OptionalLong.of(0x2000_4000L));
    assertThat(full.function()).contains("ro_write");
    assertThat(full.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(((Step.ExpectFault) steps.get(3)).flags()).containsExactly("PRECISERR");
    Step.ExpectFault anyWithin = (Step.ExpectFault) steps.get(4);
    assertThat(anyWithin.anyFault()).isTrue();
    assertThat(anyWithin.timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(((Step.ExpectFault) steps.get(5)).function()).contains("worker.constprop.0");
    assertThat(((Step.ExpectNoFault) steps.get(6)).timeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(((Step.ExpectNoFault) steps.get(7)).timeout()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void archPlaceholderIsCheckedForEveryRequiredArchAndFilledInPerBoard() throws IOException {
    for (String arch : new String[] {"cortex-m3", "riscv32imac"}) {
      Path dir = Files.createDirectories(root.resolve("firmware/build/" + arch));
      Files.write(dir.resolve("app.elf"), new byte[] {0x7f, 'E', 'L', 'F'});
    }
    TestPlan plan =
        new PlanLoader(root)
            .load(
                write(
                    """
                    firmware: ../firmware/build/${arch}/app.elf
                    requires: { arch: [cortex-m3, riscv32imac] }
                    tests:
                      - name: t
                        steps: [flash]
                    """));

    Path template = plan.firmware().orElseThrow();
    assertThat(FirmwarePaths.forArch(template, Arch.RISCV32IMAC))
        .isEqualTo(root.resolve("firmware/build/riscv32imac/app.elf"));
    assertThat(FirmwarePaths.forArch(template, Arch.CORTEX_M3))
        .isEqualTo(root.resolve("firmware/build/cortex-m3/app.elf"));
  }

  @Test
  void archPlaceholderNeedsTheFirmwareOfEveryRequiredArchAndARequiresList() throws IOException {
    Files.createDirectories(root.resolve("firmware/build/cortex-m3"));
    Files.write(root.resolve("firmware/build/cortex-m3/app.elf"), new byte[] {0x7f});
    ConfigException missing =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                new PlanLoader(root)
                    .load(
                        write(
                            """
                            firmware: ../firmware/build/${arch}/app.elf
                            requires: { arch: [cortex-m3, cortex-m4] }
                            tests:
                              - name: t
                                steps: [flash]
                            """)));
    assertThat(missing).hasMessageContaining("cortex-m4/app.elf").hasMessageContaining("not found");
    assertThat(missing.getMessage()).doesNotContain("cortex-m3/app.elf' not found");

    ConfigException noRequires =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                new PlanLoader(root)
                    .load(
                        write(
                            """
                            firmware: ../firmware/build/${arch}/app.elf
                            tests:
                              - name: t
                                steps: [flash]
                            """)));
    assertThat(noRequires).hasMessageContaining("requires: { arch: [...] }");
  }

  @Test
  void bindsConsoleStepsAndResultsProtocols() throws IOException {
    Path file =
        write(
            """
            firmware: ../firmware/build/app.elf
            timeout: 3s
            results: tap
            tests:
              - name: console
                results: unity
                steps:
                  - send: "help\\r\\n"
                  - send: { text: "add 1 2", line-ending: crlf, link: console }
                  - send: { bytes: [0x03, 13] }
                  - send: { text: "x", bytes: 0xff, line-ending: lf }
                  - expect: "sum = \\\\d+"
                  - expect: { pattern: "ok", timeout: 0s }
                  - expect-not: "PANIC"
                  - expect-not: { pattern: "error", for: 250ms }
                  - wait-for-prompt: "shell> "
                  - wait-for-prompt: { prompt: "> ", timeout: 1s }
              - name: plan protocol
                steps: [flash]
            """);

    TestPlan plan = new PlanLoader(root).load(file);

    List<Step> steps = plan.tests().get(0).steps();
    assertThat(((Step.Send) steps.get(0)).data()).isEqualTo("help\r\n".getBytes());
    assertThat(((Step.Send) steps.get(1)).data()).isEqualTo("add 1 2\r\n".getBytes());
    assertThat(((Step.Send) steps.get(2)).data()).containsExactly(0x03, 13);
    assertThat(((Step.Send) steps.get(3)).data()).containsExactly('x', 0xff, '\n');
    assertThat(((Step.Send) steps.get(3)).printable()).isEqualTo("x\\xff\\n");
    assertThat(((Step.Send) steps.get(0)).link()).isEqualTo("console");
    Step.Expect expect = (Step.Expect) steps.get(4);
    assertThat(expect.pattern().pattern()).isEqualTo("sum = \\d+");
    assertThat(expect.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(((Step.Expect) steps.get(5)).timeout()).isZero();
    assertThat(((Step.ExpectNot) steps.get(6)).window()).isEmpty();
    assertThat(((Step.ExpectNot) steps.get(7)).window()).contains(Duration.ofMillis(250));
    assertThat(((Step.WaitForPrompt) steps.get(8)).prompt()).isEqualTo("shell> ");
    assertThat(((Step.WaitForPrompt) steps.get(9)).timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(plan.resultsOf(plan.tests().get(0)))
        .contains(io.hilt.orchestrator.results.ResultsFormat.UNITY);
    assertThat(plan.resultsOf(plan.tests().get(1)))
        .contains(io.hilt.orchestrator.results.ResultsFormat.TAP);
  }
}
