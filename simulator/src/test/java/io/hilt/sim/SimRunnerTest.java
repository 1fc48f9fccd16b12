package io.hilt.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.testsupport.ProjectPaths;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The benchmark entry point on the committed firmware. */
class SimRunnerTest {
  final FirmwareImage crcBench =
      FirmwareImages.load(ProjectPaths.firmwareBuild("cortex-m0plus").resolve("crc-bench.elf"));
  final SimRunner runner = new SimRunner(Clock.systemUTC());

  @Test
  void runsTheCrcBenchmarkToItsExitAndCountsInstructions() {
    SimRunner.Result result = runner.run(crcBench, "crc-bench 3", 100_000_000L);
    assertThat(result.stop()).isEqualTo(new StopReason.Exited(0));
    assertThat(result.text(OutputChannel.SEMIHOSTING_STDOUT))
        .matches("crc-bench: 3 passes over 1024 bytes: crc32=0x[0-9a-f]{8}\n");
    assertThat(result.instructions()).isGreaterThan(3 * 1024 * 8 * 4);
    assertThat(result.instructionsPerSecond()).isPositive();
  }

  @Test
  void sameImageAndArgumentsExecuteTheSameInstructionCount() {
    SimRunner.Result first = runner.run(crcBench, "crc-bench 2", 100_000_000L);
    SimRunner.Result second = runner.run(crcBench, "crc-bench 2", 100_000_000L);
    assertThat(second.instructions()).isEqualTo(first.instructions());
    assertThat(second.output().get(OutputChannel.SEMIHOSTING_STDOUT))
        .isEqualTo(first.output().get(OutputChannel.SEMIHOSTING_STDOUT));
  }

  @Test
  void budgetEndsALongRunWithLimitReached() {
    SimRunner.Result result = runner.run(crcBench, "crc-bench 1000", 50_000);
    assertThat(result.stop()).isEqualTo(new StopReason.LimitReached(50_000));
    assertThat(result.instructions()).isEqualTo(50_000);
  }
}
