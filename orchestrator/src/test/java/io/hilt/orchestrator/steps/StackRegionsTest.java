package io.hilt.orchestrator.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.orchestrator.config.DeviceProfile;
import io.hilt.orchestrator.config.ProfileLoader;
import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.testsupport.ProjectPaths;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StackRegionsTest {
  private static final DeviceProfile SIM =
      new ProfileLoader()
          .load(ProjectPaths.root().resolve("device-profiles/sim-cortex-m0plus.yaml"));

  private static ElfFile stackElf() {
    return ElfFile.read(ProjectPaths.firmwareBuild("cortex-m0plus").resolve("stack.elf"));
  }

  @Test
  void firmwareSymbolsGiveTheRegionBetweenStackStartAndEstack() {
    StackRegion region = StackRegions.resolve(SIM, StackRegionsTest::stackElf, 0x2001_0000L);

    // firmware/README.md: an 8 KiB stack right below the top of the 64 KiB used of RAM
    assertThat(region.bottom()).isEqualTo(0x2000_e000L);
    assertThat(region.top()).isEqualTo(0x2001_0000L);
    assertThat(region.origin()).isEqualTo("ELF _stack_start.._estack");
  }

  @Test
  void profileStackWinsOverSymbols() {
    DeviceProfile withStack =
        withStack(SIM, Optional.of(new MemoryRegion("stack", 0x2000_1000L, 0x800)));

    StackRegion region =
        StackRegions.resolve(
            withStack,
            () -> {
              throw new AssertionError("the ELF must not be read when the profile fixes the stack");
            },
            0x2001_0000L);

    assertThat(region.bottom()).isEqualTo(0x2000_1000L);
    assertThat(region.top()).isEqualTo(0x2000_1800L);
  }

  @Test
  void symbolRegionOutsideTheBoardsMemoryIsRejected() {
    DeviceProfile smallRam =
        with(
            SIM,
            List.of(
                new MemoryRegion("code", 0, 0x40_0000),
                new MemoryRegion("ram", 0x2000_0000L, 0x8000)),
            Optional.empty());

    assertThatThrownBy(() -> StackRegions.resolve(smallRam, StackRegionsTest::stackElf, 0))
        .isInstanceOf(StackRegionException.class)
        .hasMessageContaining("[0x2000e000, 0x20010000)")
        .hasMessageContaining("is not inside one memory region of profile sim-cortex-m0plus");
  }

  private static DeviceProfile withStack(DeviceProfile p, Optional<MemoryRegion> stack) {
    return with(p, p.memory(), stack);
  }

  private static DeviceProfile with(
      DeviceProfile p, List<MemoryRegion> memory, Optional<MemoryRegion> stack) {
    return new DeviceProfile(
        p.name(),
        p.description(),
        p.arch(),
        p.driver(),
        memory,
        stack,
        p.driverOptions(),
        p.location());
  }
}
