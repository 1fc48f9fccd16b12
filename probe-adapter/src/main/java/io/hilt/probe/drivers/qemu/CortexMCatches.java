package io.hilt.probe.drivers.qemu;

import io.hilt.probe.drivers.gdb.GdbTarget;
import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.ImageSegment;
import io.hilt.probe.target.StopReason;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Internal breakpoints that make QEMU behave like a debug probe with vector catch and like the
 * simulator at a semihosting exit.
 *
 * <p><b>Exit.</b> QEMU ends its own process at SYS_EXIT and SYS_EXIT_EXTENDED (after sending {@code
 * W}), which would take the target's memory with it: a stack-usage measurement after the exit could
 * not be made. So every {@code BKPT 0xAB} (the halfword 0xBEAB at an even address) in the loaded
 * image gets a breakpoint; when the core stops at one with r0 = 0x18 or 0x20, the exit status is
 * computed as QEMU would (ADP_Stopped_ApplicationExit gives 0, or the subcode for
 * SYS_EXIT_EXTENDED; any other reason gives 1) and the core stays halted there. Any other
 * semihosting call is stepped over, so QEMU serves it. A halfword 0xBEAB that is data never
 * executes, so its breakpoint never fires.
 *
 * <p><b>Faults.</b> The handlers of HardFault, MemManage, BusFault and UsageFault (vector table
 * entries 3 to 6 of the image at address 0) get a breakpoint; when the core stops there with IPSR
 * naming one of these exceptions, the stop is a {@link StopReason.Fault} at the stacked pc.
 */
final class CortexMCatches implements GdbTarget.StopHook {
  static final int MAX_EXIT_SITES = 4096;

  private static final int BKPT_SEMIHOSTING = 0xBEAB;
  private static final long SYS_EXIT = 0x18;
  private static final long SYS_EXIT_EXTENDED = 0x20;
  private static final long ADP_STOPPED_APPLICATION_EXIT = 0x20026;
  private static final String[] EXCEPTIONS = {
    "Thread", "Reset", "NMI", "HardFault", "MemManage", "BusFault", "UsageFault"
  };
  private static final long CFSR = 0xE000ED28L;

  private final Set<Long> exitSites;
  private final Set<Long> faultHandlers;

  private CortexMCatches(Set<Long> exitSites, Set<Long> faultHandlers) {
    this.exitSites = Set.copyOf(exitSites);
    this.faultHandlers = Set.copyOf(faultHandlers);
  }

  static CortexMCatches of(FirmwareImage image, boolean catchExit, boolean catchFaults) {
    Set<Long> sites = new TreeSet<>();
    Set<Long> handlers = new TreeSet<>();
    for (ImageSegment segment : image.segments()) {
      byte[] data = segment.data();
      int start = (int) (segment.address() & 1);
      for (int i = start; catchExit && i + 1 < data.length; i += 2) {
        int halfword = (data[i] & 0xFF) | (data[i + 1] & 0xFF) << 8;
        if (halfword == BKPT_SEMIHOSTING) {
          sites.add(segment.address() + i);
        }
      }
    }
    if (sites.size() > MAX_EXIT_SITES) {
      sites.clear();
    }
    if (catchFaults) {
      Map<Long, Long> vectors = vectors(image);
      for (long n = 3; n <= 6; n++) {
        Long handler = vectors.get(n);
        if (handler != null && handler != 0 && (handler & 1) == 1) {
          handlers.add(handler & ~1L);
        }
      }
    }
    return new CortexMCatches(sites, handlers);
  }

  /** Entries of the vector table at address 0 that the image holds. */
  private static Map<Long, Long> vectors(FirmwareImage image) {
    Map<Long, Long> out = new TreeMap<>();
    for (ImageSegment segment : image.segments()) {
      byte[] data = segment.data();
      for (long n = 0; n <= 6; n++) {
        long at = n * 4 - segment.address();
        if (at >= 0 && at + 4 <= data.length) {
          int i = (int) at;
          long word =
              (data[i] & 0xFFL)
                  | (data[i + 1] & 0xFFL) << 8
                  | (data[i + 2] & 0xFFL) << 16
                  | (data[i + 3] & 0xFFL) << 24;
          out.put(n, word);
        }
      }
    }
    return out;
  }

  Set<Long> exitSites() {
    return exitSites;
  }

  Set<Long> faultHandlers() {
    return faultHandlers;
  }

  /** Sets every breakpoint on a halted target. */
  void install(GdbTarget target) {
    target.clearInternalBreakpoints();
    for (long site : exitSites) {
      target.addInternalBreakpoint(site);
    }
    for (long handler : faultHandlers) {
      target.addInternalBreakpoint(handler);
    }
    target.setStopHook(this);
  }

  @Override
  public Optional<StopReason> atInternalBreakpoint(GdbTarget target, long pc) {
    if (exitSites.contains(pc)) {
      long operation = target.readRegister("r0");
      long parameter = target.readRegister("r1");
      if (operation == SYS_EXIT) {
        return Optional.of(
            new StopReason.Exited(parameter == ADP_STOPPED_APPLICATION_EXIT ? 0 : 1));
      }
      if (operation == SYS_EXIT_EXTENDED) {
        byte[] block = target.readMemory(parameter, 8);
        long reason = word(block, 0);
        int code = (int) word(block, 4);
        return Optional.of(
            new StopReason.Exited(reason == ADP_STOPPED_APPLICATION_EXIT ? code : 1));
      }
    }
    if (faultHandlers.contains(pc)) {
      int exception = (int) (target.readRegister("xpsr") & 0x1FF);
      if (exception >= 3 && exception <= 6) {
        return Optional.of(fault(target, exception));
      }
    }
    return Optional.empty();
  }

  /** The fault at the stacked pc of the frame the exception entry pushed. */
  private static StopReason fault(GdbTarget target, int exception) {
    long lr = target.readRegister("lr");
    boolean processStack = (lr & 0xF0000000L) == 0xF0000000L && (lr & 4) != 0;
    // in handler mode sp is the main stack pointer
    long sp = target.readRegister(processStack ? psp(target) : "sp");
    long stackedPc = word(target.readMemory(sp + 24, 4), 0);
    long cfsr = word(target.readMemory(CFSR, 4), 0);
    long hfsr = word(target.readMemory(CFSR + 4, 4), 0);
    return new StopReason.Fault(
        EXCEPTIONS[exception],
        stackedPc,
        String.format(
            "CFSR=0x%08x HFSR=0x%08x, caught at the handler's first instruction", cfsr, hfsr));
  }

  private static String psp(GdbTarget target) {
    return target.registerNames().contains("psp") ? "psp" : "sp";
  }

  private static long word(byte[] b, int at) {
    return (b[at] & 0xFFL)
        | (b[at + 1] & 0xFFL) << 8
        | (b[at + 2] & 0xFFL) << 16
        | (b[at + 3] & 0xFFL) << 24;
  }
}
