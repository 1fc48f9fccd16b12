package io.hilt.orchestrator.steps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.OutputChunk;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BoundedTextTest {
  @Test
  void catastrophicBacktrackingIsStoppedInsteadOfHanging() {
    OutputRecorder recorder = new OutputRecorder(1024);
    recorder.onOutput(
        new OutputChunk(OutputChannel.SEMIHOSTING_STDOUT, ("a".repeat(30) + "!").getBytes(UTF_8)));

    assertThatThrownBy(() -> recorder.matches(Pattern.compile("(.*a){20}b")))
        .isInstanceOf(BoundedText.PatternTooSlowException.class);
  }

  @Test
  void ordinaryPatternsMatchAsUsual() {
    BoundedText text = new BoundedText("tick 1\ntick 2\n", System.nanoTime() + 1_000_000_000L);

    assertThat(Pattern.compile("tick \\d\\n$").matcher(text).find()).isTrue();
    assertThat(text.subSequence(0, 4).toString()).isEqualTo("tick");
  }
}
