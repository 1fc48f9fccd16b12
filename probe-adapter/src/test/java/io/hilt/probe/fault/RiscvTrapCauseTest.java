package io.hilt.probe.fault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RiscvTrapCauseTest {
  @ParameterizedTest
  @CsvSource({
    "0x00000000, InstructionAddressMisaligned, ADDRESS",
    "0x00000001, InstructionAccessFault, ADDRESS",
    "0x00000002, IllegalInstruction, INSTRUCTION",
    "0x00000003, Breakpoint, BREAKPOINT_ADDRESS",
    "0x00000004, LoadAddressMisaligned, ADDRESS",
    "0x00000005, LoadAccessFault, ADDRESS",
    "0x00000006, StoreAddressMisaligned, ADDRESS",
    "0x00000007, StoreAccessFault, ADDRESS",
    "0x00000008, EnvironmentCallFromUMode, NONE",
    "0x00000009, EnvironmentCallFromSMode, NONE",
    "0x0000000a, Exception 10, NONE",
    "0x0000000b, EnvironmentCallFromMMode, NONE",
    "0x0000000c, InstructionPageFault, ADDRESS",
    "0x0000000d, LoadPageFault, ADDRESS",
    "0x0000000f, StorePageFault, ADDRESS",
    "0x00000013, HardwareError, NONE",
    "0x00000018, Exception 24, NONE",
    "0x80000003, MachineSoftwareInterrupt, NONE",
    "0x80000007, MachineTimerInterrupt, NONE",
    "0x8000000b, MachineExternalInterrupt, NONE",
    "0x80000001, SupervisorSoftwareInterrupt, NONE",
    "0x80000010, Interrupt 16, NONE",
  })
  void namesEveryCauseAndWhatMtvalHolds(String mcause, String name, String value) {
    RiscvTrapCause c = new RiscvTrapCause(Long.decode(mcause));
    assertThat(c.name()).isEqualTo(name);
    assertThat(c.trapValue()).isEqualTo(RiscvTrapCause.TrapValue.valueOf(value));
  }

  @Test
  void faultsAreExceptionsOtherThanCallsAndBreakpoints() {
    assertThat(new RiscvTrapCause(7).isFault()).isTrue();
    assertThat(new RiscvTrapCause(2).isFault()).isTrue();
    assertThat(new RiscvTrapCause(8).isFault()).isFalse();
    assertThat(new RiscvTrapCause(3).isFault()).isFalse();
    assertThat(new RiscvTrapCause(0x8000_0007L).isFault()).isFalse();
  }

  @Test
  void vectoredModeOffsetsInterruptsOnly() {
    long vectored = 0x8000_0101L;
    assertThat(RiscvFaultAnalyzer.trapVector(vectored, new RiscvTrapCause(0x8000_0007L)))
        .isEqualTo(0x8000_011cL);
    assertThat(RiscvFaultAnalyzer.trapVector(vectored, new RiscvTrapCause(7)))
        .isEqualTo(0x8000_0100L);
    assertThat(RiscvFaultAnalyzer.trapVector(0x8000_0100L, new RiscvTrapCause(0x8000_0007L)))
        .isEqualTo(0x8000_0100L);
  }
}
