package io.hilt.probe.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.elf.DwarfLineTable;
import io.hilt.probe.elf.DwarfTestProgram;
import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.elf.LoadSegment;
import io.hilt.probe.elf.SourceLine;
import io.hilt.probe.elf.SymbolicAddress;
import io.hilt.probe.target.Arch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Symbolization and explanations against a real gcc-built Cortex-M3 ELF: the frame's PC is put on
 * the faulting instruction of a known function (found with objdump), the memory of the target
 * double holds the ELF's own vector table and code.
 */
class FaultAnalyzerGccTest {
  static final long FRAME = 0x2000_7fc0L;
  static final long PSP_FRAME = 0x2000_3f00L;
  static final long THREAD_XPSR = 0x0100_0000L;

  @TempDir Path dir;

  record Insn(long address, String mnemonic, String operands) {}

  record Program(ElfFile elf, DwarfLineTable lines, Map<String, List<Insn>> functions) {
    Insn last(String function, String mnemonic) {
      List<Insn> found =
          functions.get(function).stream().filter(i -> i.mnemonic().equals(mnemonic)).toList();
      assertThat(found).as("%s in %s", mnemonic, function).isNotEmpty();
      return found.get(found.size() - 1);
    }

    /** The address after the call to {@code callee} in {@code function}: the return address. */
    long returnAddressOfCall(String function, String callee) {
      List<Insn> code = functions.get(function);
      for (int i = 0; i + 1 < code.size(); i++) {
        if (code.get(i).mnemonic().equals("bl")
            && code.get(i).operands().contains("<" + callee + ">")) {
          return code.get(i + 1).address();
        }
      }
      throw new AssertionError("no call to " + callee + " in " + function);
    }

    /** The {@code b .} a spinning handler loops on. */
    long selfBranch(String function) {
      for (Insn i : functions.get(function)) {
        if (i.mnemonic().startsWith("b")
            && i.operands().startsWith(Long.toHexString(i.address()) + " ")) {
          return i.address();
        }
      }
      throw new AssertionError("no self-branch in " + function);
    }

    long symbol(String name) {
      return elf.symbol(name).orElseThrow().value();
    }

    FaultReport analyze(FakeCortexM t) {
      return new FaultAnalyzer().analyze(t, Arch.CORTEX_M3, Optional.of(elf), Optional.of(lines));
    }

    /** A target double whose memory holds the program's code and vector table, and a stack. */
    FakeCortexM target() {
      FakeCortexM t = new FakeCortexM().scb(3, 0);
      for (LoadSegment s : elf.loadSegments()) {
        t.writeMemory(s.physicalAddress(), s.data());
      }
      return t.ram(FRAME - 0x100, 0x200).ram(PSP_FRAME - 0x100, 0x200);
    }
  }

  Program build(String optimisation) {
    Path elfPath = DwarfTestProgram.build(dir, "faults.elf", optimisation, "-g");
    ElfFile elf = ElfFile.read(elfPath);
    String disassembly = DwarfTestProgram.binutils(dir, "objdump", List.of("-d", "faults.elf"));
    return new Program(elf, DwarfLineTable.read(elf), disassemble(disassembly));
  }

  static Map<String, List<Insn>> disassemble(String objdump) {
    Pattern function = Pattern.compile("^[0-9a-f]{8} <(\\w+)>:$");
    Pattern insn =
        Pattern.compile("^\\s*([0-9a-f]+):\\s+[0-9a-f]{4}(?: [0-9a-f]{4})?\\s+(\\S+)\\s*(.*)$");
    Map<String, List<Insn>> out = new java.util.HashMap<>();
    List<Insn> current = new ArrayList<>();
    for (String line : objdump.split("\n")) {
      Matcher f = function.matcher(line);
      Matcher i = insn.matcher(line);
      if (f.matches()) {
        current = new ArrayList<>();
        out.put(f.group(1), current);
      } else if (i.matches()) {
        current.add(new Insn(Long.parseLong(i.group(1), 16), i.group(2), i.group(3)));
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"-O0", "-O2"})
  void memManageWriteIsExplainedWithFunctionsAndSourceLines(String optimisation) {
    Program p = build(optimisation);
    long store = p.last("ro_write", "str").address();
    long ret = p.returnAddressOfCall("main", "ro_write");
    Map<String, Integer> markers = DwarfTestProgram.markers();

    FakeCortexM t = p.target();
    t.word(0xE000_ED04L, 4);
    t.register("pc", p.symbol("HardFault_Handler")).register("xpsr", THREAD_XPSR | 4);
    t.word(4L * 4, p.symbol("HardFault_Handler") | 1);
    t.register("lr", 0xFFFFFFFDL).register("psp", PSP_FRAME).register("sp", FRAME);
    t.words(PSP_FRAME, 0x2000_4000L, 0, 0, 0, 0, ret | 1, store, THREAD_XPSR);
    FaultInjection.memManage(t, 0x2000_4000L);

    FaultReport r = p.analyze(t);

    assertThat(r.function()).contains("ro_write");
    CodeLocation pc = r.pc().orElseThrow();
    long offset = store - p.symbol("ro_write");
    assertThat(pc.symbol().orElseThrow()).hasToString("ro_write+0x" + Long.toHexString(offset));
    assertThat(pc.source()).contains(source(p, store, markers.get("ro_write")));
    CodeLocation caller = r.caller().orElseThrow();
    assertThat(caller.function()).contains("main");
    assertThat(caller.address()).isEqualTo(ret);
    assertThat(caller.source().orElseThrow().line()).isEqualTo(markers.get("call_ro_write"));
    String callerText =
        "main+0x"
            + Long.toHexString(ret - p.symbol("main"))
            + " at src/faults.c:"
            + markers.get("call_ro_write");
    assertThat(r.explanation())
        .isEqualTo(
            "MemManage fault: data access violation at 0x20004000 (MPU), in ro_write+0x"
                + Long.toHexString(offset)
                + " at src/faults.c:"
                + markers.get("ro_write")
                + ", called from "
                + callerText
                + ". The faulting instruction was executing in thread mode on the PSP.");
    assertThat(r.text()).contains("pc:        0x" + String.format("%08x", store) + " ro_write+0x");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"-O0", "-O2"})
  void divideByZeroEscalatedToASpinningHardFaultHandlerIsTracedToDivide(String optimisation) {
    Program p = build(optimisation);
    long sdiv = p.last("divide", "sdiv").address();
    long ret = p.returnAddressOfCall("main", "divide");
    long handler = p.symbol("HardFault_Handler");
    long spin = p.selfBranch("HardFault_Handler");

    FakeCortexM t = p.target();
    t.word(4L * 3, handler | 1);
    // the handler ran its prologue (at -O0: push {r7}) and now spins on "b ."
    long sp = FRAME - (spin - handler == 0 ? 0 : 4);
    t.register("pc", spin).register("xpsr", THREAD_XPSR | 3).register("lr", 0xFFFFFFF9L);
    t.register("sp", sp).register("msp", sp).word(sp, 0x2000_7ff8L);
    t.words(FRAME, 10, 0, 0, 0, 0, ret | 1, sdiv, THREAD_XPSR);
    FaultInjection.escalatedDivideByZero(t);

    FaultReport r = p.analyze(t);

    assertThat(r.exception()).isEqualTo("HardFault");
    assertThat(r.cause()).contains("UsageFault");
    assertThat(r.flagNames()).containsExactly("DIVBYZERO", "FORCED");
    assertThat(r.function()).contains("divide");
    assertThat(r.pc().orElseThrow().source())
        .contains(source(p, sdiv, DwarfTestProgram.markers().get("divide")));
    assertThat(r.caller().orElseThrow().function()).contains("main");
    CortexMFaultDetails d = (CortexMFaultDetails) r.details();
    assertThat(d.frame().orElseThrow().address()).isEqualTo(FRAME);
    assertThat(d.haltPoint())
        .isEqualTo(spin == handler ? HaltPoint.HANDLER_ENTRY : HaltPoint.IN_HANDLER);
    assertThat(r.explanation())
        .startsWith(
            "HardFault (escalated from UsageFault): division by zero trapped (CCR.DIV_0_TRP), in "
                + new SymbolicAddress("divide", sdiv - p.symbol("divide"))
                + " at src/faults.c:")
        .contains("at src/faults.c:" + DwarfTestProgram.markers().get("divide"))
        .contains("called from main+0x")
        .contains("thread mode on the MSP")
        .contains("SHCSR.USGFAULTENA = 0");
  }

  /** The source line DWARF gives, checked to be the marker line (column from the table). */
  private static SourceLine source(Program p, long address, int line) {
    SourceLine s = p.lines().lookup(address).orElseThrow();
    assertThat(s.file()).isEqualTo("src/faults.c");
    assertThat(s.line()).isEqualTo(line);
    return s;
  }

  /** Fault status register values as the hardware leaves them. */
  static final class FaultInjection {
    private FaultInjection() {}

    static void memManage(FakeCortexM t, long address) {
      t.word(FaultStatusRegisters.CFSR, 0x82).word(FaultStatusRegisters.MMFAR, address);
    }

    static void escalatedDivideByZero(FakeCortexM t) {
      t.word(FaultStatusRegisters.CFSR, 1L << 25).word(FaultStatusRegisters.HFSR, 1L << 30);
    }
  }
}
