package io.hilt.sim.periph;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.target.OutputChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CmsdkUartTest {
  final ByteArrayOutputStream sent = new ByteArrayOutputStream();
  final List<Integer> irqs = new ArrayList<>();
  final CmsdkUart uart =
      new CmsdkUart(
          "UART0", OutputChannel.UART0, (c, d, o, l) -> sent.write(d, o, l), irqs::add, 0, 1);

  @Test
  void transmitsOnlyWhileTxIsEnabled() {
    uart.write(0x00, 4, 'a');
    assertThat(sent.size()).isZero();
    assertThat(uart.read(0x04, 4)).as("TXFULL").isEqualTo(1);
    uart.write(0x08, 4, 1);
    assertThat(sent.toString()).isEqualTo("a");
    uart.write(0x00, 4, 'b');
    assertThat(sent.toString()).isEqualTo("ab");
    assertThat(uart.read(0x04, 4)).isZero();
  }

  @Test
  void txInterruptFiresWhenTheBufferDrains() {
    uart.write(0x08, 4, 1 | 4);
    uart.write(0x00, 4, 'x');
    assertThat(irqs).containsExactly(1);
    assertThat(uart.read(0x0C, 4)).isEqualTo(1);
    uart.write(0x0C, 4, 1);
    assertThat(uart.read(0x0C, 4)).isZero();
  }

  @Test
  void receivesQueuedInputOneByteAtATimeWithRxInterrupt() {
    uart.input(new byte[] {'h', 'i'});
    assertThat(uart.read(0x04, 4)).as("RX disabled: nothing arrives").isZero();
    uart.write(0x08, 4, 2 | 8);
    assertThat(uart.read(0x04, 4)).isEqualTo(2);
    assertThat(irqs).containsExactly(0);
    assertThat(uart.read(0x00, 4)).isEqualTo('h');
    assertThat(uart.read(0x00, 4)).isEqualTo('i');
    assertThat(uart.read(0x04, 4)).isZero();
    assertThat(uart.hasPendingInput()).isFalse();
  }

  @Test
  void debuggerPeekLeavesTheReceiveBufferFull() {
    uart.write(0x08, 4, 2);
    uart.input(new byte[] {'q'});
    uart.poll();
    assertThat(uart.peek(0x00, 4)).isEqualTo('q');
    assertThat(uart.peek(0x04, 4)).isEqualTo(2);
    assertThat(uart.read(0x00, 4)).isEqualTo('q');
    assertThat(uart.peek(0x04, 4)).isZero();
  }

  @Test
  void exposesTheCmsdkIdRegistersAndBaudDivisor() {
    assertThat(uart.read(0xFE0, 4)).isEqualTo(0x21);
    assertThat(uart.read(0xFFC, 4)).isEqualTo(0xB1);
    uart.write(0x10, 4, 0xFFFFFFFF);
    assertThat(uart.read(0x10, 4)).isEqualTo(0xFFFFF);
  }

  @Test
  void resetClearsEverything() {
    uart.write(0x08, 4, 0x7F);
    uart.reset();
    assertThat(uart.read(0x08, 4)).isZero();
  }
}
