package io.hilt.probe.fault;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a Cortex-M fault analysis read besides the common report fields.
 *
 * @param haltPoint where in the exception the core was halted
 * @param ipsr the active exception number from xPSR when halted
 * @param icsr Interrupt Control and State (VECTACTIVE in bits 8:0)
 * @param excReturn the EXC_RETURN found (in LR, or pushed on the main stack by the handler)
 * @param frame the stacked exception frame, when it could be located and read
 * @param frameFoundByScan true when the frame was found by scanning the main stack rather than at
 *     the stack pointer (the handler had pushed registers)
 * @param registers the fault status registers; empty on ARMv6-M, which has none
 */
public record CortexMFaultDetails(
    HaltPoint haltPoint,
    int ipsr,
    long icsr,
    Optional<ExcReturn> excReturn,
    Optional<ExceptionFrame> frame,
    boolean frameFoundByScan,
    Optional<FaultStatusRegisters> registers)
    implements FaultDetails {
  public CortexMFaultDetails {
    Objects.requireNonNull(haltPoint, "haltPoint");
    Objects.requireNonNull(excReturn, "excReturn");
    Objects.requireNonNull(frame, "frame");
    Objects.requireNonNull(registers, "registers");
  }

  /** ICSR.VECTACTIVE. */
  public int vectActive() {
    return (int) (icsr & 0x1ff);
  }

  /** The stack the faulting code used, from EXC_RETURN. */
  public Optional<StackPointer> stack() {
    return excReturn.map(ExcReturn::stack);
  }

  @Override
  public Optional<String> contextSentence() {
    return excReturn.map(
        e ->
            "The faulting instruction was executing in "
                + (e.threadMode() ? "thread" : "handler")
                + " mode on the "
                + e.stack()
                + ".");
  }

  @Override
  public boolean statusRecorded() {
    return registers.isPresent();
  }

  @Override
  public Map<String, String> textLines() {
    Map<String, String> m = new LinkedHashMap<>();
    excReturn.ifPresent(
        e ->
            m.put(
                "stack",
                e.describe()
                    + frame.map(f -> ", frame at " + Hex.word(f.address())).orElse("")
                    + (frameFoundByScan ? " (found by scanning the stack)" : "")
                    + ", EXC_RETURN "
                    + Hex.word(e.value())));
    frame.ifPresent(f -> m.put("frame", frameText(f)));
    frame.flatMap(ExceptionFrame::floatingPoint).ifPresent(fp -> m.put("fp", fpText(fp)));
    registers.ifPresent(r -> m.put("registers", r.toString()));
    m.put(
        "halted",
        switch (haltPoint) {
              case HANDLER_ENTRY -> "at the handler's first instruction";
              case IN_HANDLER -> "inside the handler";
              case LOCKUP -> "locked up";
            }
            + " (IPSR "
            + ipsr
            + ")");
    return Collections.unmodifiableMap(m);
  }

  @Override
  public Map<String, Object> fields() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("haltPoint", haltPoint.name());
    excReturn.ifPresent(
        e -> {
          m.put("stack", e.stack().name());
          m.put("mode", e.threadMode() ? "thread" : "handler");
          m.put("excReturn", e.value());
        });
    frame.ifPresent(f -> m.put("frame", frameFields(f)));
    registers.ifPresent(
        r -> {
          Map<String, Object> regs = new LinkedHashMap<>();
          regs.put("CFSR", r.cfsr());
          regs.put("HFSR", r.hfsr());
          regs.put("DFSR", r.dfsr());
          regs.put("MMFAR", r.mmfar());
          regs.put("BFAR", r.bfar());
          regs.put("SHCSR", r.shcsr());
          m.put("registers", Collections.unmodifiableMap(regs));
        });
    return Collections.unmodifiableMap(m);
  }

  private static String frameText(ExceptionFrame f) {
    return "r0="
        + Hex.word(f.r0())
        + " r1="
        + Hex.word(f.r1())
        + " r2="
        + Hex.word(f.r2())
        + " r3="
        + Hex.word(f.r3())
        + " r12="
        + Hex.word(f.r12())
        + " lr="
        + Hex.word(f.lr())
        + " pc="
        + Hex.word(f.pc())
        + " xpsr="
        + Hex.word(f.xpsr());
  }

  private static String fpText(ExceptionFrame.FloatingPointState fp) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < fp.s().size(); i++) {
      sb.append('s').append(i).append('=').append(Hex.word(fp.s().get(i))).append(' ');
    }
    return sb.append("fpscr=").append(Hex.word(fp.fpscr())).toString();
  }

  private static Map<String, Object> frameFields(ExceptionFrame f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("address", f.address());
    m.put("r0", f.r0());
    m.put("r1", f.r1());
    m.put("r2", f.r2());
    m.put("r3", f.r3());
    m.put("r12", f.r12());
    m.put("lr", f.lr());
    m.put("pc", f.pc());
    m.put("xpsr", f.xpsr());
    m.put("padded", f.padded());
    f.floatingPoint()
        .ifPresent(
            fp -> {
              m.put("s", fp.s());
              m.put("fpscr", fp.fpscr());
            });
    return Collections.unmodifiableMap(m);
  }
}
