package io.hilt.sim.differential;

import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.elf.ElfSymbol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the ARMv7-M Architecture Reference Manual says each scenario of the MPU demo ({@code
 * firmware/src/faults.c}) must report, with the addresses taken from the ELF's symbols, and which
 * scenarios QEMU gets wrong. Shared by the QEMU-side test (which checks QEMU against the manual and
 * documents each deviation) and the simulator's differential test (which compares with QEMU only
 * where QEMU follows the manual, and with the manual elsewhere).
 */
final class FaultScenarios {
  private FaultScenarios() {}

  static final int EXIT_HARDFAULT = 10;
  static final int EXIT_MEMMANAGE = 11;
  static final int EXIT_BUSFAULT = 12;
  static final int EXIT_USAGEFAULT = 13;

  /** CFSR bits (ARMv7-M ARM B3.2.15). */
  static final long IACCVIOL = 1L;

  static final long DACCVIOL = 1L << 1;
  static final long MSTKERR = 1L << 4;
  static final long MMARVALID = 1L << 7;
  static final long PRECISERR = 1L << 9;
  static final long BFARVALID = 1L << 15;
  static final long UNDEFINSTR = 1L << 16;
  static final long UNALIGNED = 1L << 24;
  static final long DIVBYZERO = 1L << 25;

  /** HFSR.FORCED (B3.2.16). */
  static final long FORCED = 1L << 30;

  /** The value the firmware prints for PC and LR when the exception frame could not be stacked. */
  static final long NOT_STACKED = 0xffff_ffffL;

  /** Size of the stack guard at the bottom of the process stack (region 4). */
  static final long GUARD_BYTES = 256;

  /**
   * Scenarios where QEMU 7.2 does not do what the manual says, each with the reason; the
   * differential test must not take QEMU as the reference for these.
   */
  static final Map<String, String> QEMU_DEVIATIONS =
      Map.of(
          "subregion",
          "QEMU 7.2 caches an MPU lookup for a whole 1 KiB page when the address fell in a disabled"
              + " subregion (SRD) and a lower region allowed it, so a later access to an enabled,"
              + " no-access subregion of the same page is not checked and does not fault");

  /** One line of the firmware's fault report. */
  record FaultLine(
      String exception, long cfsr, long hfsr, long mmfar, long bfar, long pc, long lr) {
    private static final Pattern LINE =
        Pattern.compile(
            "FAULT (HardFault|MemManage|BusFault|UsageFault) CFSR=0x([0-9a-f]{8})"
                + " HFSR=0x([0-9a-f]{8}) MMFAR=0x([0-9a-f]{8}) BFAR=0x([0-9a-f]{8})"
                + " PC=0x([0-9a-f]{8}) LR=0x([0-9a-f]{8})\n");

    /** The line as the firmware prints it, newline included. */
    String text() {
      return String.format(
          "FAULT %s CFSR=0x%08x HFSR=0x%08x MMFAR=0x%08x BFAR=0x%08x PC=0x%08x LR=0x%08x\n",
          exception, cfsr, hfsr, mmfar, bfar, pc, lr);
    }

    /** The first FAULT line in {@code console}, if any. */
    static Optional<FaultLine> find(String console) {
      Matcher m = LINE.matcher(console);
      if (!m.find()) {
        return Optional.empty();
      }
      return Optional.of(
          new FaultLine(
              m.group(1),
              Long.parseLong(m.group(2), 16),
              Long.parseLong(m.group(3), 16),
              Long.parseLong(m.group(4), 16),
              Long.parseLong(m.group(5), 16),
              Long.parseLong(m.group(6), 16),
              Long.parseLong(m.group(7), 16)));
    }
  }

  /**
   * What the manual requires of one scenario.
   *
   * @param exception the exception taken, or empty when the scenario must not fault
   * @param exitCode the firmware's exit status
   * @param cfsr the whole CFSR
   * @param hfsr the whole HFSR
   * @param mmfar MMFAR as printed (0 unless MMARVALID)
   * @param bfar BFAR as printed (0 unless BFARVALID)
   * @param pcSymbol the symbol the stacked PC must lie in (empty: not stacked, PC prints as {@link
   *     #NOT_STACKED})
   * @param mmfarRange when not empty, MMFAR is only known to lie in this range: the address the
   *     overflowing code touched first depends on the compiled frame layout
   */
  record Expected(
      String scenario,
      Optional<String> exception,
      int exitCode,
      long cfsr,
      long hfsr,
      long mmfar,
      long bfar,
      Optional<String> pcSymbol,
      Optional<AddressRange> mmfarRange) {

    /**
     * How a run's console and exit status differ from this expectation (empty when they conform).
     * PC must lie in {@link #pcSymbol} and LR in {@code run_on_process_stack} (the scenario's
     * caller) or in the scenario function itself.
     */
    List<String> mismatches(ElfFile elf, String console, int exit) {
      List<String> problems = new ArrayList<>();
      String banner = "faults: " + scenario + " (MPU with 8 regions)\n";
      if (!console.startsWith(banner)) {
        problems.add("console does not start with '" + banner.strip() + "'");
      }
      if (exit != exitCode) {
        problems.add("exit status " + exit + ", expected " + exitCode);
      }
      Optional<FaultLine> line = FaultLine.find(console);
      if (exception.isEmpty()) {
        line.ifPresent(l -> problems.add("unexpected fault " + l));
        if (!console.endsWith("faults: " + scenario + ": no fault\n")) {
          problems.add("console does not end with 'faults: " + scenario + ": no fault'");
        }
        return problems;
      }
      if (line.isEmpty()) {
        problems.add("no FAULT line, expected " + exception.get());
        return problems;
      }
      FaultLine l = line.get();
      if (!console.equals(banner + l.text())) {
        problems.add("console has more than the banner and one FAULT line");
      }
      check(problems, "exception", l.exception(), exception.get());
      check(problems, "CFSR", hex(l.cfsr()), hex(cfsr));
      check(problems, "HFSR", hex(l.hfsr()), hex(hfsr));
      if (mmfarRange.isPresent()) {
        if (!mmfarRange.get().contains(l.mmfar())) {
          problems.add("MMFAR " + hex(l.mmfar()) + " outside " + mmfarRange.get());
        }
      } else {
        check(problems, "MMFAR", hex(l.mmfar()), hex(mmfar));
      }
      check(problems, "BFAR", hex(l.bfar()), hex(bfar));
      if (pcSymbol.isEmpty()) {
        check(problems, "PC", hex(l.pc()), hex(NOT_STACKED));
        check(problems, "LR", hex(l.lr()), hex(NOT_STACKED));
      } else {
        String pcAt = elf.symbolize(l.pc()).map(a -> a.symbol()).orElse("?");
        check(problems, "PC's symbol (PC " + hex(l.pc()) + ")", pcAt, pcSymbol.get());
        String lrAt = elf.symbolize(l.lr() & ~1L).map(a -> a.symbol()).orElse("?");
        if (!lrAt.equals("run_on_process_stack") && !lrAt.equals(scenario)) {
          problems.add("LR " + hex(l.lr()) + " is in " + lrAt + ", not in the scenario's caller");
        }
      }
      return problems;
    }
  }

  /** A half-open address range [from, to). */
  record AddressRange(long from, long to) {
    AddressRange {
      if (to <= from) {
        throw new IllegalArgumentException("empty range " + from + ".." + to);
      }
    }

    boolean contains(long address) {
      return address >= from && address < to;
    }

    @Override
    public String toString() {
      return "[" + hex(from) + ", " + hex(to) + ")";
    }
  }

  static String hex(long value) {
    return String.format("0x%08x", value);
  }

  private static void check(List<String> problems, String what, String actual, String expected) {
    if (!actual.equals(expected)) {
      problems.add(what + " " + actual + ", expected " + expected);
    }
  }

  private static long address(ElfFile elf, String symbol) {
    return elf.symbol(symbol)
        .map(ElfSymbol::value)
        .orElseThrow(() -> new AssertionError(elf.name() + " has no symbol " + symbol));
  }

  private static Expected fault(
      String scenario, String exception, int exit, long cfsr, long hfsr, long mmfar, long bfar) {
    return new Expected(
        scenario,
        Optional.of(exception),
        exit,
        cfsr,
        hfsr,
        mmfar,
        bfar,
        Optional.of(scenario),
        Optional.empty());
  }

  /** The manual's answer for {@code scenario} of this build of faults.elf. */
  static Expected manual(ElfFile elf, String scenario) {
    return switch (scenario) {
      case "ro_write" ->
          fault(
              scenario,
              "MemManage",
              EXIT_MEMMANAGE,
              DACCVIOL | MMARVALID,
              0,
              address(elf, "ro_region") + 4,
              0);
      case "xn_exec" ->
          new Expected(
              scenario,
              Optional.of("MemManage"),
              EXIT_MEMMANAGE,
              IACCVIOL,
              0,
              0,
              0,
              Optional.of("ram_code"),
              Optional.empty());
      case "null_deref" ->
          fault(scenario, "MemManage", EXIT_MEMMANAGE, DACCVIOL | MMARVALID, 0, 0, 0);
      case "unpriv_access" ->
          fault(
              scenario,
              "MemManage",
              EXIT_MEMMANAGE,
              DACCVIOL | MMARVALID,
              0,
              address(elf, "priv_region"),
              0);
      case "stack_overflow" -> {
        long guard = address(elf, "process_stack");
        yield new Expected(
            scenario,
            Optional.of("MemManage"),
            EXIT_MEMMANAGE,
            DACCVIOL | MMARVALID | MSTKERR,
            0,
            0,
            0,
            Optional.empty(),
            Optional.of(new AddressRange(guard, guard + GUARD_BYTES)));
      }
      case "div_zero" -> fault(scenario, "UsageFault", EXIT_USAGEFAULT, DIVBYZERO, 0, 0, 0);
      case "unaligned", "unaligned_ldrd" ->
          fault(scenario, "UsageFault", EXIT_USAGEFAULT, UNALIGNED, 0, 0, 0);
      case "bus_error" ->
          fault(scenario, "BusFault", EXIT_BUSFAULT, PRECISERR | BFARVALID, 0, 0, 0x6000_0000L);
      case "subregion" ->
          fault(
              scenario,
              "MemManage",
              EXIT_MEMMANAGE,
              DACCVIOL | MMARVALID,
              0,
              address(elf, "srd_region") + 512,
              0);
      case "escalate" -> fault(scenario, "HardFault", EXIT_HARDFAULT, UNDEFINSTR, FORCED, 0, 0);
      case "none" ->
          new Expected(
              scenario, Optional.empty(), 0, 0, 0, 0, 0, Optional.empty(), Optional.empty());
      default -> throw new IllegalArgumentException("unknown scenario " + scenario);
    };
  }

  /** Every scenario the firmware knows, in its order. */
  static List<String> all() {
    return FirmwareCase.FAULT_SCENARIOS;
  }
}
