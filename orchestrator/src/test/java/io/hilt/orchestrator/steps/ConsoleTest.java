package io.hilt.orchestrator.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.serial.LineSettings;
import io.hilt.probe.serial.SerialEvent;
import io.hilt.probe.serial.SerialException;
import io.hilt.probe.serial.SerialLink;
import io.hilt.probe.serial.SerialListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConsoleTest {
  /** A link the test feeds by hand; what is written is kept. */
  static final class HandLink implements SerialLink {
    final List<SerialListener> listeners = new ArrayList<>();
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    boolean closed;

    void receive(byte... data) {
      listeners.forEach(l -> l.onEvent(new SerialEvent.Received(Instant.EPOCH, data)));
    }

    void event(SerialEvent event) {
      listeners.forEach(l -> l.onEvent(event));
    }

    @Override
    public String describe() {
      return "hand";
    }

    @Override
    public void addListener(SerialListener listener) {
      listeners.add(listener);
    }

    @Override
    public void removeListener(SerialListener listener) {
      listeners.remove(listener);
    }

    @Override
    public void write(byte[] data, Duration timeout) {
      written.writeBytes(data);
    }

    @Override
    public void configure(LineSettings settings) {}

    @Override
    public boolean supportsLineSettings() {
      return false;
    }

    @Override
    public void setDtr(boolean asserted) {}

    @Override
    public void setRts(boolean asserted) {}

    @Override
    public void close() {
      closed = true;
    }
  }

  private final HandLink link = new HandLink();
  private final OutputRecorder output = new OutputRecorder(1024);
  private final List<byte[]> captured = new ArrayList<>();
  private final Console console = new Console("console", link, output, captured::add);

  @Test
  void decodesUtf8SplitAcrossChunks() {
    byte[] text = "temp 21 °C ✓\n".getBytes(StandardCharsets.UTF_8);
    for (byte b : text) {
      link.receive(b);
    }

    assertThat(console.expect(Pattern.compile("21 °C ✓"))).contains("21 °C ✓");
    assertThat(captured).hasSize(text.length);
  }

  @Test
  void expectMovesTheSearchStartPastEachMatch() {
    link.receive("shell> a\r\nshell> ".getBytes(StandardCharsets.US_ASCII));

    assertThat(console.expectLiteral("shell> ")).isTrue();
    assertThat(console.expectLiteral("shell> ")).isTrue();
    assertThat(console.expectLiteral("shell> ")).isFalse();
    assertThat(console.pending(5)).isEqualTo("(nothing since the last match)");
    assertThat(console.seenSince(0, Pattern.compile("a\r"))).contains("a\r");
    assertThat(console.expect(Pattern.compile("a"))).isEmpty();
  }

  @Test
  void aSearchThatMissedIsRepeatedWhenTextArrives() {
    link.receive("wait".getBytes(StandardCharsets.US_ASCII));
    assertThat(console.expect(Pattern.compile("ready"))).isEmpty();
    assertThat(console.expect(Pattern.compile("ready"))).isEmpty();
    link.receive("ing... ready".getBytes(StandardCharsets.US_ASCII));

    assertThat(console.expect(Pattern.compile("ready"))).contains("ready");
  }

  @Test
  void aFailedLinkFailsTheNextUseAndIsNotedInTheOutput() {
    link.event(
        new SerialEvent.Disconnected(Instant.EPOCH, "port gone", Instant.EPOCH.plusSeconds(5)));
    link.event(new SerialEvent.Failed(Instant.EPOCH, new SerialException("did not come back")));

    assertThatThrownBy(() -> console.send(new byte[] {1}, Duration.ofSeconds(1)))
        .isInstanceOf(SerialException.class)
        .hasMessageContaining("console 'console' (hand) failed: did not come back");
    assertThat(output.systemOut())
        .contains("[hilt] console console: disconnected (port gone)")
        .contains("[hilt] console console: failed: did not come back");
    console.close();
    assertThat(link.closed).isTrue();
    assertThat(link.listeners).isEmpty();
  }

  @Test
  void sendWritesTheBytes() {
    console.send(new byte[] {'h', 'i', 3}, Duration.ofSeconds(1));

    assertThat(link.written.toByteArray()).containsExactly('h', 'i', 3);
  }
}
