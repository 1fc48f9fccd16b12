package io.hilt.probe.fault;

import io.hilt.probe.target.Arch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A decoded fault: which exception, every status flag by name, the fault address when the hardware
 * marked it valid, where the faulting code was (PC, and its caller from LR, or {@code ra} on
 * RISC-V), and a plain-English {@link #explanation()}. Immutable; {@link #text()} is for consoles
 * and system-out, {@link #fields()} for plans and JSON.
 *
 * @param arch the core
 * @param exception the active exception: {@code HardFault}, {@code MemManage}, {@code BusFault},
 *     {@code UsageFault}, {@code SecureFault}, {@code NMI}, {@code SVCall}, {@code IRQ 3}... On
 *     RISC-V the trap cause ({@link RiscvTrapCause#name()}): {@code StoreAccessFault}...
 * @param exceptionNumber its number (IPSR on Cortex-M, the mcause code on RISC-V)
 * @param cause the fault class that escalated into a HardFault ({@code MemManage}, {@code
 *     BusFault}, {@code UsageFault}), when the flags tell
 * @param escalated HFSR.FORCED: a configurable fault became a HardFault
 * @param flags every status flag set, in register and bit order
 * @param address the faulting data address, only when marked valid (MMARVALID, BFARVALID; on RISC-V
 *     mtval for misaligned, access and page faults)
 * @param pc the faulting instruction (the stacked PC; mepc on RISC-V), when it is known
 * @param caller the faulting code's return address (stacked LR; {@code ra} at the trap on RISC-V),
 *     when it is a code address; {@link #fields()} names it {@code lr} on every architecture
 * @param notes further facts, each a sentence (missing registers, imprecise PC, lockup...)
 * @param details what the architecture-specific analysis read
 */
public record FaultReport(
    Arch arch,
    String exception,
    int exceptionNumber,
    Optional<String> cause,
    boolean escalated,
    List<FaultFlag> flags,
    Optional<FaultAddress> address,
    Optional<CodeLocation> pc,
    Optional<CodeLocation> caller,
    List<String> notes,
    FaultDetails details) {
  public FaultReport {
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(exception, "exception");
    if (exception.isBlank()) {
      throw new IllegalArgumentException("exception name must not be blank");
    }
    Objects.requireNonNull(cause, "cause");
    flags = List.copyOf(flags);
    if (flags.stream().map(FaultFlag::name).distinct().count() != flags.size()) {
      throw new IllegalArgumentException("duplicate fault flags: " + flags);
    }
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(pc, "pc");
    Objects.requireNonNull(caller, "caller");
    notes = List.copyOf(notes);
    Objects.requireNonNull(details, "details");
  }

  /** True when a flag of that name (for example {@code DACCVIOL}) is set. */
  public boolean hasFlag(String name) {
    return flags.stream().anyMatch(f -> f.name().equals(name));
  }

  public List<String> flagNames() {
    return flags.stream().map(FaultFlag::name).toList();
  }

  /** The function the fault happened in, when the ELF names it. */
  public Optional<String> function() {
    return pc.flatMap(CodeLocation::function);
  }

  /** For example {@code HardFault (escalated from MemManage)} or {@code MemManage fault}. */
  public String headline() {
    if (cause.isPresent()) {
      return exception + " (escalated from " + cause.get() + ")";
    }
    if (exception.endsWith("Fault")) {
      return exception;
    }
    return exception.equals("MemManage") ? "MemManage fault" : exception;
  }

  /**
   * One paragraph of plain English, for example "MemManage fault: data access violation at
   * 0x20004000 (MPU), in ro_write+0x6 at src/faults.c:42, called from main+0x1c at src/faults.c:36.
   * The faulting instruction was executing in thread mode on the PSP."
   */
  public String explanation() {
    StringBuilder sb = new StringBuilder(headline()).append(": ").append(causeText());
    if (pc.isPresent()) {
      sb.append(", in ").append(pc.get().describe());
      if (caller.isPresent()) {
        CodeLocation c = caller.get();
        boolean sameFunction = c.function().isPresent() && c.function().equals(pc.get().function());
        sb.append(
                sameFunction
                    ? " (" + callerRegister().toUpperCase(java.util.Locale.ROOT) + " "
                    : ", called from ")
            .append(c.describe());
        sb.append(sameFunction ? ")" : "");
      }
      sb.append('.');
    } else {
      sb.append("; the faulting instruction is not known.");
    }
    details.contextSentence().ifPresent(c -> sb.append(' ').append(c));
    for (String note : notes) {
      sb.append(' ').append(note);
    }
    return sb.toString();
  }

  private String causeText() {
    Optional<String> own = details.causeText();
    if (own.isPresent()) {
      return own.get();
    }
    List<String> parts = new ArrayList<>();
    for (FaultFlag f : flags) {
      if (f.isCause()) {
        parts.add(f.phrase(address));
      }
    }
    if (!parts.isEmpty()) {
      return String.join("; ", parts);
    }
    return details.statusRecorded()
        ? "no fault status flag is set"
        : "cause not recorded (" + arch + " has no fault status registers)";
  }

  /** Several lines for a console or a JUnit system-out: headline, flags, locations, explanation. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    sb.append(headline()).append(" on ").append(arch).append('\n');
    if (flags.isEmpty()) {
      line(sb, "flags", "none");
    } else {
      for (FaultFlag f : flags) {
        line(sb, "flag", f + ": " + f.meaning());
      }
    }
    address.ifPresent(a -> line(sb, "address", a.toString()));
    pc.ifPresent(p -> line(sb, "pc", p.toString()));
    caller.ifPresent(c -> line(sb, callerRegister(), c.toString()));
    details.textLines().forEach((label, value) -> line(sb, label, value));
    for (String note : notes) {
      line(sb, "note", note);
    }
    sb.append("  ").append(explanation()).append('\n');
    return sb.toString();
  }

  /** The register holding the caller's return address: {@code lr}, {@code ra} on RISC-V. */
  private String callerRegister() {
    return arch == Arch.RISCV32IMAC ? "ra" : "lr";
  }

  private static void line(StringBuilder sb, String label, String value) {
    sb.append("  ").append(label).append(':');
    sb.append(" ".repeat(Math.max(1, 10 - label.length()))).append(value).append('\n');
  }

  /**
   * The report as nested maps, lists, strings, numbers and booleans (absent values left out), in a
   * stable key order, for plan expectations and JSON output.
   */
  public Map<String, Object> fields() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("arch", arch.id());
    m.put("exception", exception);
    m.put("exceptionNumber", exceptionNumber);
    cause.ifPresent(c -> m.put("cause", c));
    m.put("escalated", escalated);
    m.put("flags", flagNames());
    address.ifPresent(
        a -> m.put("address", ordered("value", a.address(), "register", a.register())));
    pc.ifPresent(p -> m.put("pc", location(p)));
    caller.ifPresent(c -> m.put("lr", location(c)));
    m.putAll(details.fields());
    m.put("notes", notes);
    m.put("explanation", explanation());
    return Collections.unmodifiableMap(m);
  }

  private static Map<String, Object> location(CodeLocation l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("address", l.address());
    l.symbol()
        .ifPresent(
            s -> {
              m.put("function", s.symbol());
              m.put("offset", s.offset());
            });
    l.source()
        .ifPresent(
            s -> {
              m.put("file", s.file());
              m.put("line", s.line());
            });
    return Collections.unmodifiableMap(m);
  }

  private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return Collections.unmodifiableMap(m);
  }
}
