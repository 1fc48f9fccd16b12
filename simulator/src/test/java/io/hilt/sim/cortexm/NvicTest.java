package io.hilt.sim.cortexm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NvicTest {
  final Nvic nvic = new Nvic(32, 2);

  @Test
  void highestPendingPrefersPriorityThenLowerNumber() {
    nvic.enableIrqs(0b111);
    nvic.setIrqPriority(0, 0x80);
    nvic.setIrqPriority(1, 0x40);
    nvic.setIrqPriority(2, 0x40);
    nvic.pendIrqs(0b111);
    assertThat(nvic.highestPending()).isEqualTo(Nvic.IRQ0 + 1);
    nvic.pend(Nvic.PEND_SV);
    nvic.setPendSvPriority(0x40);
    assertThat(nvic.highestPending()).as("ties go to the lower exception number").isEqualTo(14);
    nvic.pend(Nvic.NMI);
    assertThat(nvic.highestPending()).isEqualTo(Nvic.NMI);
  }

  @Test
  void disabledInterruptsStayPendingButAreNotCandidates() {
    nvic.pendIrqs(1 << 5);
    assertThat(nvic.highestPending()).isZero();
    assertThat(nvic.pendingIrqs()).isEqualTo(1 << 5);
  }

  @Test
  void onlyTheTopTwoPriorityBitsExist() {
    nvic.setIrqPriority(3, 0xFF);
    assertThat(nvic.irqPriority(3)).isEqualTo(0xC0);
  }

  @Test
  void executionPriorityFollowsActiveExceptionsAndPrimask() {
    assertThat(nvic.executionPriority(false)).isEqualTo(Nvic.NO_PRIORITY);
    assertThat(nvic.executionPriority(true)).isZero();
    nvic.setIrqPriority(0, 0x80);
    nvic.activate(Nvic.IRQ0);
    assertThat(nvic.executionPriority(false)).isEqualTo(0x80);
    nvic.activate(Nvic.HARD_FAULT);
    assertThat(nvic.executionPriority(true)).isEqualTo(-1);
    nvic.deactivate(Nvic.HARD_FAULT);
    nvic.deactivate(Nvic.IRQ0);
    assertThat(nvic.activeCount()).isZero();
  }

  @Test
  void linesBeyondTheImplementedCountAreIgnored() {
    Nvic small = new Nvic(8, 2);
    small.enableIrqs(-1);
    assertThat(small.enabledIrqs()).isEqualTo(0xFF);
  }
}
