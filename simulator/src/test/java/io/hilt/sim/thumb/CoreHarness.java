package io.hilt.sim.thumb;

import io.hilt.sim.bus.RamRegion;
import io.hilt.sim.bus.SystemBus;
import java.util.ArrayList;
import java.util.List;

/** A bare core on code RAM at 0 and data RAM at 0x20000000, recording traps. */
final class CoreHarness {
  static final int CODE = 0x0000_0000;
  static final int DATA = 0x2000_0000;

  final SystemBus bus = new SystemBus();
  final RamRegion code = new RamRegion("code", CODE, 0x1_0000, 0x1_0000);
  final RamRegion data = new RamRegion("data", DATA, 0x1_0000, 0x1_0000);
  final ThumbCore core;
  final List<Trap> traps = new ArrayList<>();
  final List<String> events = new ArrayList<>();
  int end;

  CoreHarness() {
    this(ThumbProfile.ARMV6M);
  }

  CoreHarness(ThumbProfile profile) {
    bus.map(code).map(data);
    core = new ThumbCore(bus, profile);
    core.setExceptionModel(
        new ExceptionModel() {
          @Override
          public void trap(Trap trap) {
            traps.add(trap);
            core.raiseEvent(ThumbCore.EVENT_STOP);
          }

          @Override
          public void supervisorCall(int imm) {
            events.add("svc " + imm);
          }

          @Override
          public void breakpoint(int imm) {
            events.add("bkpt " + imm);
            core.raiseEvent(ThumbCore.EVENT_STOP);
          }

          @Override
          public void exceptionReturn(int excReturn) {
            events.add(String.format("return 0x%08x", excReturn));
          }

          @Override
          public void serviceEvents() {}

          @Override
          public void waitForInterrupt(boolean forEvent) {
            events.add(forEvent ? "wfe" : "wfi");
          }

          @Override
          public void sendEvent() {
            events.add("sev");
          }
        });
    core.resetState();
    core.setRegister(13, DATA + 0x8000);
  }

  /** Places halfwords at 0 and points PC there. */
  CoreHarness program(int... halfwords) {
    for (int i = 0; i < halfwords.length; i++) {
      code.store16(CODE + 2 * i, halfwords[i]);
    }
    end = CODE + 2 * halfwords.length;
    core.setPc(CODE);
    return this;
  }

  CoreHarness set(int register, int value) {
    core.setRegister(register, value);
    return this;
  }

  CoreHarness flags(boolean n, boolean z, boolean c, boolean v) {
    core.setFlags(n, z, c, v);
    return this;
  }

  /** Runs {@code count} instructions (or until a trap or breakpoint). */
  CoreHarness step(int count) {
    core.run(core.cycles() + count);
    return this;
  }

  /** Runs until the PC leaves the program (or a trap, breakpoint or 10000 instructions). */
  CoreHarness runToEnd() {
    for (int i = 0; i < 10_000 && traps.isEmpty(); i++) {
      int pc = core.register(15);
      if (pc < CODE || pc >= end) {
        break;
      }
      step(1);
    }
    return this;
  }

  int reg(int index) {
    return core.register(index);
  }

  String flags() {
    return (core.flagN() ? "N" : "n")
        + (core.flagZ() ? "Z" : "z")
        + (core.flagC() ? "C" : "c")
        + (core.flagV() ? "V" : "v");
  }
}
