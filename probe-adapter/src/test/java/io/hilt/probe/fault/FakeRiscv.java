package io.hilt.probe.fault;

import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.elf.LoadSegment;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.testsupport.MemoryBackedTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A halted RV32 hart as a {@link io.hilt.probe.target.DebugTarget} test double: registers by the
 * names QEMU's gdbstub uses (x registers by ABI name, pc, the CSRs, the virtual priv) and sparse
 * memory. Only the state-reading methods work.
 */
final class FakeRiscv extends MemoryBackedTarget {
  private final Map<String, Long> registers = new LinkedHashMap<>();

  FakeRiscv() {
    for (String r :
        List.of("zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1", "a0", "a1", "pc")) {
      registers.put(r, 0L);
    }
    for (String r : List.of("mstatus", "mtvec", "mepc", "mcause", "mtval")) {
      registers.put(r, 0L);
    }
    for (int i = 0; i < 4; i++) {
      registers.put("pmpcfg" + i, 0L);
    }
    for (int i = 0; i < 16; i++) {
      registers.put("pmpaddr" + i, 0L);
    }
    registers.put("priv", 3L);
  }

  /** Memory holding the ELF's loaded bytes. */
  FakeRiscv load(ElfFile elf) {
    for (LoadSegment s : elf.loadSegments()) {
      map(s.physicalAddress(), s.data());
    }
    return this;
  }

  FakeRiscv register(String name, long value) {
    registers.put(name, value & 0xffff_ffffL);
    return this;
  }

  FakeRiscv withoutRegister(String name) {
    registers.remove(name);
    return this;
  }

  /** Removes pmpcfg0..3 and pmpaddr0..15, as on a target whose description lacks them. */
  FakeRiscv withoutPmp() {
    registers.keySet().removeIf(n -> n.startsWith("pmp"));
    return this;
  }

  @Override
  public List<String> registerNames() {
    return new ArrayList<>(registers.keySet());
  }

  @Override
  public long readRegister(String name) {
    Long v = registers.get(name);
    if (v == null) {
      throw new TargetException("no register " + name);
    }
    return v;
  }
}
