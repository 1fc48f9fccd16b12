package io.hilt.orchestrator.steps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.OutputChunk;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OutputRecorderTest {
  private static OutputChunk chunk(OutputChannel channel, String text) {
    return new OutputChunk(channel, text.getBytes(UTF_8));
  }

  @Test
  void keepsStdoutAndUartTogetherAndStderrApart() {
    long[] now = {5_000_000_000L};
    OutputRecorder recorder = new OutputRecorder(1024, () -> now[0]);
    recorder.onOutput(chunk(OutputChannel.SEMIHOSTING_STDOUT, "boot\n"));
    recorder.onOutput(chunk(OutputChannel.SEMIHOSTING_STDERR, "warn\n"));
    now[0] += 123_000_000L;
    recorder.onOutput(chunk(OutputChannel.UART0, "uart\n"));

    assertThat(recorder.systemOut()).isEqualTo("boot\n[+0.123s] uart\n");
    assertThat(recorder.systemErr()).isEqualTo("warn\n");
    assertThat(recorder.matches(Pattern.compile("warn\nuart\n"))).isTrue();
  }

  @Test
  void consoleLinesAreStampedWithTheTimeTheirFirstByteArrived() {
    long[] now = {0};
    OutputRecorder recorder = new OutputRecorder(1024, () -> now[0]);
    now[0] = 1_500_000_000L;
    recorder.onOutput(chunk(OutputChannel.UART0, "shell> hel"));
    now[0] = 2_000_000_000L;
    recorder.onOutput(chunk(OutputChannel.UART0, "p\r\ncommands: help\n"));
    recorder.console("serial", "from the port\n".getBytes(UTF_8));

    assertThat(recorder.systemOut())
        .isEqualTo(
            "[+1.500s] shell> help\r\n[+2.000s] commands: help\n[+2.000s serial] from the port\n");
    assertThat(recorder.matches(Pattern.compile("serial|\\[\\+"))).isFalse();
  }

  @Test
  void patternsMatchAcrossChunksAndChannels() {
    OutputRecorder recorder = new OutputRecorder(1024);
    recorder.onOutput(chunk(OutputChannel.SEMIHOSTING_STDOUT, "sel"));
    assertThat(recorder.matches(Pattern.compile("selftest: \\d+ passed"))).isFalse();
    recorder.onOutput(chunk(OutputChannel.SEMIHOSTING_STDOUT, "ftest: 9 passed\n"));

    assertThat(recorder.matches(Pattern.compile("selftest: \\d+ passed"))).isTrue();
  }

  @Test
  void dropsOutputBeyondTheLimitAndSaysSo() {
    OutputRecorder recorder = new OutputRecorder(8);
    recorder.onOutput(chunk(OutputChannel.SEMIHOSTING_STDOUT, "12345"));
    recorder.onOutput(chunk(OutputChannel.SEMIHOSTING_STDOUT, "67890"));

    assertThat(recorder.systemOut())
        .startsWith("12345678")
        .contains("output truncated: 2 more bytes were dropped");
  }

  @Test
  void tailGivesTheLastLines() {
    OutputRecorder recorder = new OutputRecorder(1024);
    recorder.onOutput(chunk(OutputChannel.SEMIHOSTING_STDOUT, "a\nb\nc\nd\n"));

    assertThat(recorder.tail(2)).isEqualTo("c\nd");
    assertThat(new OutputRecorder(8).tail(3)).isEqualTo("(no output)");
  }

  @Test
  void hiltNotesFollowTheTargetOutputOnTheirOwnLine() {
    OutputRecorder recorder = new OutputRecorder(1024);
    recorder.onOutput(chunk(OutputChannel.SEMIHOSTING_STDOUT, "no newline"));
    recorder.note("stack used 8 bytes");

    assertThat(recorder.systemOut()).isEqualTo("no newline\n[hilt] stack used 8 bytes\n");
  }
}
