package io.hilt.probe.fault;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a RISC-V fault analysis read besides the common report fields.
 *
 * @param haltPoint at the trap vector ({@link HaltPoint#HANDLER_ENTRY}) or later in the handler
 * @param cause the decoded mcause
 * @param mepc the trapping instruction's address
 * @param mtval the trap value (its meaning depends on the cause: {@link
 *     RiscvTrapCause#trapValue()})
 * @param mstatus machine status at the analysis (MPP, MPIE, MPRV as the trap left them)
 * @param mtvec the trap vector base and mode, when readable
 * @param from the privilege the trap came from (mstatus.MPP)
 * @param instruction the trapping instruction's bits: mtval for an illegal instruction when the
 *     hart provides them, otherwise read from memory at mepc (16 bits for a compressed instruction)
 * @param pmp every PMP entry whose registers could be read, in index order; empty when the target
 *     exposes no PMP registers
 * @param matched the PMP entry that matched the fault address of an access fault
 * @param causeSentence the sentence the report uses for the cause
 */
public record RiscvFaultDetails(
    HaltPoint haltPoint,
    RiscvTrapCause cause,
    long mepc,
    long mtval,
    long mstatus,
    Optional<Long> mtvec,
    RiscvPrivilege from,
    Optional<Long> instruction,
    List<PmpEntry> pmp,
    Optional<PmpEntry> matched,
    String causeSentence)
    implements FaultDetails {
  public RiscvFaultDetails {
    Objects.requireNonNull(haltPoint, "haltPoint");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(mtvec, "mtvec");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(instruction, "instruction");
    pmp = List.copyOf(pmp);
    Objects.requireNonNull(matched, "matched");
    Objects.requireNonNull(causeSentence, "causeSentence");
  }

  @Override
  public Optional<String> contextSentence() {
    return Optional.of("The trap came from " + from.mode() + " (mstatus.MPP).");
  }

  @Override
  public boolean statusRecorded() {
    return true;
  }

  @Override
  public Optional<String> causeText() {
    return Optional.of(causeSentence);
  }

  @Override
  public Map<String, String> textLines() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("mcause", cause.toString());
    m.put("mtval", Hex.word(mtval) + " (" + trapValueMeaning() + ")");
    m.put("mepc", Hex.word(mepc));
    m.put("mstatus", Hex.word(mstatus) + " (MPP " + from.letter() + ")");
    instruction.ifPresent(i -> m.put("insn", instructionText(i)));
    matched.ifPresent(e -> m.put("pmp", "matched " + e.describe()));
    if (!pmp.isEmpty() && matched.isEmpty() && cause.accessFault()) {
      m.put("pmp", "no entry matched " + Hex.word(mtval));
    }
    List<PmpEntry> active = pmp.stream().filter(e -> e.mode() != PmpMode.OFF).toList();
    if (!active.isEmpty()) {
      m.put(
          "pmp table",
          String.join("; ", active.stream().map(PmpEntry::describe).toList()) + " (others OFF)");
    }
    m.put(
        "halted",
        switch (haltPoint) {
          case HANDLER_ENTRY ->
              "at the trap vector" + mtvec.map(v -> " (mtvec " + Hex.word(v) + ")").orElse("");
          case IN_HANDLER -> "inside the trap handler";
          case LOCKUP -> "locked up";
        });
    return Collections.unmodifiableMap(m);
  }

  private String trapValueMeaning() {
    return switch (cause.trapValue()) {
      case ADDRESS -> "fault address";
      case INSTRUCTION -> mtval == 0 ? "instruction not provided" : "the instruction";
      case BREAKPOINT_ADDRESS -> "breakpoint address";
      case NONE -> mtval == 0 ? "no trap value" : "implementation-defined";
    };
  }

  private static String instructionText(long bits) {
    return (bits & 3) == 3 ? Hex.word(bits) : String.format("0x%04x (compressed)", bits & 0xffff);
  }

  @Override
  public Map<String, Object> fields() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("haltPoint", haltPoint.name());
    m.put("interrupt", cause.interrupt());
    m.put("mode", from.letter());
    Map<String, Object> regs = new LinkedHashMap<>();
    regs.put("mcause", cause.mcause());
    regs.put("mepc", mepc);
    regs.put("mtval", mtval);
    regs.put("mstatus", mstatus);
    mtvec.ifPresent(v -> regs.put("mtvec", v));
    m.put("registers", Collections.unmodifiableMap(regs));
    instruction.ifPresent(i -> m.put("instruction", i));
    if (!pmp.isEmpty()) {
      Map<String, Object> p = new LinkedHashMap<>();
      matched.ifPresent(e -> p.put("matched", e.fields()));
      p.put(
          "entries",
          pmp.stream().filter(e -> e.mode() != PmpMode.OFF).map(PmpEntry::fields).toList());
      m.put("pmp", Collections.unmodifiableMap(p));
    }
    return Collections.unmodifiableMap(m);
  }
}
