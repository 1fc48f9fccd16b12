package io.hilt.sim.riscv;

import io.hilt.probe.target.StopReason;
import io.hilt.sim.bus.SystemBus;
import io.hilt.sim.semihosting.SemihostingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A bare hart with 1 MiB of RAM at 0x80000000, no devices, and recorded semihosting calls. */
final class CoreHarness {
  static final int BASE = 0x8000_0000;
  final PagedRam ram = new PagedRam(1 << 20);
  final SystemBus devices = new SystemBus();
  final Pmp pmp = new Pmp();
  final List<int[]> semihostCalls = new ArrayList<>();
  SemihostingResult semihostResult = new SemihostingResult.Value(0);
  final RiscvCore core;

  CoreHarness() {
    core =
        new RiscvCore(
            ram,
            BASE,
            devices,
            pmp,
            new RiscvCore.Environment() {
              @Override
              public SemihostingResult semihost(int operation, int parameter) {
                semihostCalls.add(new int[] {operation, parameter});
                return semihostResult;
              }

              @Override
              public long mtime() {
                return 1234;
              }
            });
    core.reset(BASE);
  }

  /** Words at {@code address}, little-endian. */
  CoreHarness put(int address, int... words) {
    for (int i = 0; i < words.length; i++) {
      ram.store32(address - BASE + 4 * i, words[i]);
    }
    return this;
  }

  CoreHarness put16(int address, int... halfwords) {
    for (int i = 0; i < halfwords.length; i++) {
      ram.store16(address - BASE + 2 * i, halfwords[i]);
    }
    return this;
  }

  CoreHarness program(int... words) {
    return put(BASE, words);
  }

  int word(int address) {
    return ram.load32(address - BASE);
  }

  /** Runs {@code n} cycles (or to a stop); returns the stop, if any. */
  Optional<StopReason> run(long n) {
    core.run(core.cycles() + n);
    return core.takeStop();
  }

  int x(int n) {
    return core.register(n);
  }

  CoreHarness set(int n, int value) {
    core.setRegister(n, value);
    return this;
  }

  long csr(int number) {
    return core.debugReadCsr(number);
  }
}
