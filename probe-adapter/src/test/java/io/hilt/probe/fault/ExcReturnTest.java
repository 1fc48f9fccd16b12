package io.hilt.probe.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.target.Arch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExcReturnTest {
  @ParameterizedTest(name = "{0} on {1}: {2}")
  @CsvSource({
    // value,     arch,          stack, thread, extended, additional context
    "0xFFFFFFF1, CORTEX_M0PLUS, MSP, false, false, false",
    "0xFFFFFFF9, CORTEX_M0PLUS, MSP, true, false, false",
    "0xFFFFFFFD, CORTEX_M0PLUS, PSP, true, false, false",
    "0xFFFFFFF9, CORTEX_M3, MSP, true, false, false",
    "0xFFFFFFFD, CORTEX_M3, PSP, true, false, false",
    "0xFFFFFFF1, CORTEX_M4, MSP, false, false, false",
    "0xFFFFFFE1, CORTEX_M4, MSP, false, true, false",
    "0xFFFFFFE9, CORTEX_M4, MSP, true, true, false",
    "0xFFFFFFED, CORTEX_M4, PSP, true, true, false",
    "0xFFFFFFBC, CORTEX_M33, PSP, true, false, false",
    "0xFFFFFFB8, CORTEX_M33, MSP, true, false, false",
    "0xFFFFFFAC, CORTEX_M33, PSP, true, true, false",
    "0xFFFFFFFD, CORTEX_M33, PSP, true, false, false",
    "0xFFFFFFDD, CORTEX_M33, PSP, true, false, true",
  })
  void decodesValidValues(
      String value,
      Arch arch,
      StackPointer stack,
      boolean thread,
      boolean extended,
      boolean additional) {
    ExcReturn e = ExcReturn.decode(Long.decode(value), arch).orElseThrow();
    assertThat(e.stack()).isEqualTo(stack);
    assertThat(e.threadMode()).isEqualTo(thread);
    assertThat(e.extendedFrame()).isEqualTo(extended);
    assertThat(e.additionalStateContext()).isEqualTo(additional);
  }

  @ParameterizedTest(name = "{0} is not EXC_RETURN on {1}")
  @CsvSource({
    "0xFFFFFFE9, CORTEX_M0PLUS", // no FPU on ARMv6-M
    "0xFFFFFFE9, CORTEX_M3", // nor on Cortex-M3
    "0xFFFFFFF5, CORTEX_M4", // bits 3:0 0101 is reserved
    "0xFFFFFFF0, CORTEX_M4",
    "0xFFFFFFFB, CORTEX_M33", // bit 1 must be 0
    "0xFFFF7FBC, CORTEX_M33", // bits 23:7 must be ones
    "0x00000123, CORTEX_M4",
    "0xFFFFFFF9, RISCV32IMAC",
  })
  void rejectsOtherValues(String value, Arch arch) {
    assertThat(ExcReturn.decode(Long.decode(value), arch)).isEmpty();
    assertThatThrownBy(() -> new ExcReturn(Long.decode(value), arch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an EXC_RETURN value on " + arch);
  }

  @Test
  void describesModeStackAndFrame() {
    assertThat(new ExcReturn(0xFFFFFFEDL, Arch.CORTEX_M4))
        .hasToString("EXC_RETURN 0xffffffed (thread mode, PSP, extended (FP) frame)");
  }
}
