package io.hilt.sim.cortexm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SysTick counting against a cycle clock the test moves by hand. */
class SysTickTest {
  long now;
  final Nvic nvic = new Nvic(32, 2);
  final SysTick tick = new SysTick(nvic, () -> now);

  SysTickTest() {
    tick.reset();
  }

  @Test
  void countsDownFromReloadAndWrapsEveryReloadPlusOneCycles() {
    tick.writeReload(9);
    tick.writeCurrent();
    tick.writeControl(3);
    now = 1;
    assertThat(tick.readCurrent()).as("first cycle loads RVR").isEqualTo(9);
    now = 10;
    assertThat(tick.readCurrent()).isZero();
    assertThat(nvic.isPending(Nvic.SYS_TICK)).isTrue();
    nvic.unpend(Nvic.SYS_TICK);
    now = 11;
    assertThat(tick.readCurrent()).isEqualTo(9);
    assertThat(tick.nextEventCycle()).isEqualTo(20);
    now = 20;
    tick.sync();
    assertThat(nvic.isPending(Nvic.SYS_TICK)).isTrue();
  }

  @Test
  void countflagIsSetByAWrapAndClearedByReadingOrWritingCurrent() {
    tick.writeReload(4);
    tick.writeControl(1);
    now = 5;
    assertThat(tick.readControl() & (1 << 16)).isNotZero();
    assertThat(tick.readControl() & (1 << 16)).isZero();
    assertThat(nvic.isPending(Nvic.SYS_TICK)).as("TICKINT clear: no interrupt").isFalse();
    now = 10;
    tick.writeCurrent();
    assertThat(tick.readControl() & (1 << 16)).isZero();
  }

  @Test
  void disabledOrZeroReloadNeverFires() {
    tick.writeReload(100);
    now = 1000;
    assertThat(tick.readCurrent()).isZero();
    assertThat(tick.nextEventCycle()).isEqualTo(Long.MAX_VALUE);
    tick.writeReload(0);
    tick.writeControl(3);
    now = 5000;
    assertThat(tick.nextEventCycle()).isEqualTo(Long.MAX_VALUE);
    assertThat(nvic.isPending(Nvic.SYS_TICK)).isFalse();
  }

  @Test
  void controlReadsClockSourceAsTheProcessorClock() {
    assertThat(tick.readControl()).isEqualTo(4);
    assertThat(tick.readReload()).isZero();
    tick.writeReload(0xFFFF_FFFF);
    assertThat(tick.readReload()).isEqualTo(0xFF_FFFF);
  }

  @Test
  void longIdleSpansCollapseIntoOnePendingInterrupt() {
    tick.writeReload(9);
    tick.writeControl(3);
    now = 1_000_005;
    assertThat(tick.readCurrent()).isBetween(0, 9);
    assertThat(nvic.isPending(Nvic.SYS_TICK)).isTrue();
  }
}
