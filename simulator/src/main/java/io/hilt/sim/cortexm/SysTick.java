package io.hilt.sim.cortexm;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * The SysTick timer, clocked by the core's cycle counter (one cycle per instruction). The counter
 * is computed from the cycle count when read, so nothing runs per instruction; the machine asks
 * {@link #nextEventCycle} how far it may run before the timer needs attention.
 */
public final class SysTick {
  private static final int ENABLE = 1;
  private static final int TICKINT = 2;
  private static final int CLKSOURCE = 4;
  private static final int COUNTFLAG = 1 << 16;

  /** CALIB: no reference clock, TENMS not given. */
  public static final int CALIB = 0xC000_0000;

  private final Nvic nvic;
  private final LongSupplier clock;
  private int control;
  private int reload;
  private int value;
  private boolean countFlag;
  private long synced;

  public SysTick(Nvic nvic, LongSupplier cycleClock) {
    this.nvic = nvic;
    this.clock = cycleClock;
  }

  public void reset() {
    control = CLKSOURCE;
    reload = 0;
    value = 0;
    countFlag = false;
    synced = clock.getAsLong();
  }

  private boolean enabled() {
    return (control & ENABLE) != 0;
  }

  /** Brings the counter up to the current cycle, firing the wrap event if it passed zero. */
  public void sync() {
    long now = clock.getAsLong();
    long elapsed = now - synced;
    synced = now;
    if (!enabled() || elapsed <= 0) {
      return;
    }
    if (value > 0) {
      if (elapsed < value) {
        value -= (int) elapsed;
        return;
      }
      elapsed -= value;
      value = 0;
      fire();
    }
    if (elapsed == 0 || reload == 0) {
      return;
    }
    // From 0 the next cycle loads RVR, so zero comes round every RVR + 1 cycles.
    long period = Integer.toUnsignedLong(reload) + 1;
    long remainder = elapsed % period;
    if (elapsed >= period) {
      fire();
    }
    value = remainder == 0 ? 0 : (int) (reload - (remainder - 1));
  }

  private void fire() {
    countFlag = true;
    if ((control & TICKINT) != 0) {
      nvic.pend(Nvic.SYS_TICK);
    }
  }

  /** The cycle at which the timer next pends its interrupt, or {@link Long#MAX_VALUE}. */
  public long nextEventCycle() {
    sync();
    if (!enabled() || (control & TICKINT) == 0) {
      return Long.MAX_VALUE;
    }
    if (value > 0) {
      return synced + value;
    }
    return reload == 0 ? Long.MAX_VALUE : synced + Integer.toUnsignedLong(reload) + 1;
  }

  /** CSR as a debugger sees it: COUNTFLAG is not cleared. */
  public int peekControl() {
    sync();
    return control | (countFlag ? COUNTFLAG : 0);
  }

  public int readControl() {
    sync();
    int result = control | (countFlag ? COUNTFLAG : 0);
    countFlag = false;
    return result;
  }

  public void writeControl(int v) {
    sync();
    control = (v & (ENABLE | TICKINT)) | CLKSOURCE;
  }

  public int readReload() {
    return reload;
  }

  public void writeReload(int v) {
    sync();
    reload = v & 0xFFFFFF;
  }

  public int readCurrent() {
    sync();
    return value;
  }

  /** Any write clears the counter and COUNTFLAG. */
  public void writeCurrent() {
    sync();
    value = 0;
    countFlag = false;
  }

  /** Writes the counter's registers; time counts again from the restore. */
  public void saveState(DataOutput out) throws IOException {
    sync();
    out.writeInt(control);
    out.writeInt(reload);
    out.writeInt(value);
    out.writeBoolean(countFlag);
  }

  /** Reads what {@link #saveState} wrote. */
  public void restoreState(DataInput in) throws IOException {
    control = in.readInt();
    reload = in.readInt();
    value = in.readInt();
    countFlag = in.readBoolean();
    synced = clock.getAsLong();
  }
}
