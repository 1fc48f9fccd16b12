package io.hilt.probe.drivers.probers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.testsupport.ProjectPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The test list probe-rs reads from an embedded-test ELF, on hilt's gcc-built test firmware. */
class EmbeddedTestElfTest {
  @TempDir Path temp;

  private static ElfFile firmware(String cpu, String name) {
    return ElfFile.read(ProjectPaths.firmwareBuild(cpu).resolve(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"cortex-m0plus", "cortex-m3", "cortex-m4"})
  void listsTheTestsInSymbolTableOrderWithTheirAttributes(String cpu) {
    ElfFile elf = firmware(cpu, "embedded-tests-hardfault.elf");
    EmbeddedTestElf tests = EmbeddedTestElf.read(elf).orElseThrow();
    assertThat(tests.version()).isEqualTo(1);
    // readelf -s order; the crate part of the module path ("embedded_tests::") is dropped.
    assertThat(tests.tests())
        .extracting(EmbeddedTestElf.Test::name)
        .containsExactly(
            "tests::waits_for_a_flag_nobody_sets",
            "tests::adds_with_wrap_around",
            "tests::talks_to_external_flash",
            "tests::executes_undefined_instruction",
            "tests::rejects_missing_config",
            "tests::reads_baud_from_config",
            "tests::matches_crc32_of_truncated_input",
            "tests::computes_crc32_check_value");
    EmbeddedTestElf.Test waits = tests.tests().get(0);
    assertThat(waits.timeoutSeconds()).isEqualTo(OptionalInt.of(1));
    assertThat(waits.ignored()).isFalse();
    assertThat(tests.tests().get(2).ignored()).isTrue();
    assertThat(tests.tests().get(4).shouldPanic()).isTrue();
    assertThat(tests.tests().get(1).timeoutSeconds()).isEmpty();
    // The address probe-rs sends is the entry function's, Thumb bit set.
    for (EmbeddedTestElf.Test t : tests.tests()) {
      String function = t.name().substring("tests::".length());
      assertThat(t.address()).isEqualTo(elf.symbol(function).orElseThrow().rawValue());
      assertThat(t.address() & 1).isEqualTo(1);
    }
  }

  @Test
  void theVariantWithoutTheHardFaultTestHasSeven() {
    EmbeddedTestElf tests =
        EmbeddedTestElf.read(firmware("cortex-m0plus", "embedded-tests.elf")).orElseThrow();
    assertThat(tests.tests()).hasSize(7);
    assertThat(tests.tests())
        .extracting(EmbeddedTestElf.Test::name)
        .doesNotContain("tests::executes_undefined_instruction");
  }

  @Test
  void anOrdinaryFirmwareIsNotATestBinary() {
    assertThat(EmbeddedTestElf.read(firmware("cortex-m3", "smoke.elf"))).isEmpty();
  }

  @Test
  void refusesAProtocolVersionProbeRsDoesNotKnow() throws Exception {
    Path source = ProjectPaths.firmwareBuild("cortex-m3").resolve("embedded-tests.elf");
    ElfFile elf = ElfFile.read(source);
    var section = elf.section(EmbeddedTestElf.SECTION).orElseThrow();
    long version = elf.symbol(EmbeddedTestElf.VERSION_SYMBOL).orElseThrow().value();
    byte[] bytes = Files.readAllBytes(source);
    bytes[(int) (section.offset() + version - section.address())] = 7;
    Path patched = temp.resolve("v7.elf");
    Files.write(patched, bytes);
    assertThatThrownBy(() -> EmbeddedTestElf.read(ElfFile.read(patched)))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("v7.elf")
        .hasMessageContaining("protocol version 7");
  }

  @Test
  void selectionFiltersLikeLibtestMimic() {
    List<EmbeddedTestElf.Test> all =
        EmbeddedTestElf.read(firmware("cortex-m4", "embedded-tests.elf")).orElseThrow().tests();
    EmbeddedTestSelection crc =
        new EmbeddedTestSelection(Optional.of("crc32"), false, List.of("truncated"), false);
    assertThat(crc.apply(all))
        .extracting(EmbeddedTestElf.Test::name)
        .containsExactly("tests::computes_crc32_check_value");
    EmbeddedTestSelection exact =
        new EmbeddedTestSelection(Optional.of("adds_with_wrap_around"), true, List.of(), false);
    assertThat(exact.apply(all)).isEmpty();
    assertThat(EmbeddedTestSelection.ALL.apply(all)).hasSize(7);
    EmbeddedTestElf.Test ignored =
        all.stream().filter(EmbeddedTestElf.Test::ignored).findFirst().orElseThrow();
    assertThat(EmbeddedTestSelection.ALL.ignores(ignored)).isTrue();
    assertThat(new EmbeddedTestSelection(Optional.empty(), false, List.of(), true).ignores(ignored))
        .isFalse();
  }
}
