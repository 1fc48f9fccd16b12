package io.hilt.orchestrator.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.target.Arch;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import io.hilt.probe.testsupport.CrossCompiler;
import io.hilt.probe.testsupport.ProjectPaths;
import io.hilt.sim.SimDriver;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLinesTest {
  private static final Path STACK_ELF =
      ProjectPaths.firmwareBuild("cortex-m0plus").resolve("stack.elf");

  @Test
  void firmwareFileNameComesFirstLikeQemu() {
    assertThat(CommandLines.of(Path.of("/x/build/stack.elf"), Optional.of("8")))
        .isEqualTo("stack.elf 8");
  }

  @Test
  void withoutArgumentsOnlyTheProgramName() {
    assertThat(CommandLines.of(Path.of("smoke.elf"), Optional.of("  "))).isEqualTo("smoke.elf");
    assertThat(CommandLines.of(Path.of("smoke.elf"), Optional.empty())).isEqualTo("smoke.elf");
  }

  @Test
  void withoutSemihostingTheArgumentsReachTheFirmwareThroughItsArgsBlock() {
    FirmwareImages.Firmware firmware = FirmwareImages.read(STACK_ELF);
    try (DebugTarget sim = openSim()) {
      DebugTarget target =
          CommandLines.apply(
              withoutSemihosting(sim), firmware.elf(), STACK_ELF, Optional.of("8"), "bench-f4");
      assertThat(target).isInstanceOf(ArgumentsBlockTarget.class);

      assertThat(runToExit(target, firmware)).contains("recursing 8 levels");
      // The firmware takes the block once per reset; a second reset gets it again.
      assertThat(runToExit(target, firmware)).contains("recursing 8 levels");
    }
  }

  @Test
  void argumentsForATargetWithNeitherWayAreAnErrorNamingTheProfile(@TempDir Path dir) {
    ElfFile noBlock = ElfFile.read(withoutArgsBlock(dir));
    try (DebugTarget sim = openSim()) {
      assertThatThrownBy(
              () ->
                  CommandLines.apply(
                      withoutSemihosting(sim),
                      noBlock,
                      Path.of("stack.elf"),
                      Optional.of("8"),
                      "bench-f4"))
          .isInstanceOf(TargetException.class)
          .hasMessageContaining("profile bench-f4 (driver sim)")
          .hasMessageContaining("'8'")
          .hasMessageContaining("hilt_args");
    }
  }

  @Test
  void aCommandLineLongerThanTheBlockIsRefused() {
    FirmwareImages.Firmware firmware = FirmwareImages.read(STACK_ELF);
    try (DebugTarget sim = openSim()) {
      assertThatThrownBy(
              () ->
                  CommandLines.apply(
                      withoutSemihosting(sim),
                      firmware.elf(),
                      STACK_ELF,
                      Optional.of("9".repeat(300)),
                      "bench-f4"))
          .isInstanceOf(TargetException.class)
          .hasMessageContaining("holds 255");
    }
  }

  @Test
  void noArgumentsNeedNoBlock(@TempDir Path dir) {
    ElfFile noBlock = ElfFile.read(withoutArgsBlock(dir));
    try (DebugTarget sim = openSim()) {
      DebugTarget plain = withoutSemihosting(sim);
      assertThat(CommandLines.apply(plain, noBlock, Path.of("smoke.elf"), Optional.empty(), "x"))
          .isSameAs(plain);
    }
  }

  @Test
  void semihostingIsPreferredWhenTheTargetServesIt() {
    FirmwareImages.Firmware firmware = FirmwareImages.read(STACK_ELF);
    try (DebugTarget sim = openSim()) {
      DebugTarget target =
          CommandLines.apply(sim, firmware.elf(), STACK_ELF, Optional.of("4"), "sim");
      assertThat(target).isSameAs(sim);
      assertThat(runToExit(target, firmware)).contains("recursing 4 levels");
    }
  }

  /** stack.elf as firmware built without the args block looks to hilt: no such symbol. */
  private static Path withoutArgsBlock(Path dir) {
    Path elf = dir.resolve("no-args-block.elf");
    CrossCompiler.binutils(
        dir, "objcopy", List.of("--strip-symbol=hilt_args", STACK_ELF.toString(), elf.toString()));
    assertThat(ElfFile.read(elf).symbol("hilt_args")).isEmpty();
    return elf;
  }

  private static String runToExit(DebugTarget target, FirmwareImages.Firmware firmware) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    target.addOutputListener(
        chunk -> {
          if (chunk.channel() == OutputChannel.SEMIHOSTING_STDOUT) {
            out.writeBytes(chunk.data());
          }
        });
    target.load(firmware.image());
    target.reset(ResetMode.RUN);
    StopReason stop = target.waitForStop(Duration.ofSeconds(10));
    assertThat(stop).isEqualTo(new StopReason.Exited(0));
    return out.toString(StandardCharsets.UTF_8);
  }

  private static DebugTarget openSim() {
    return new SimDriver()
        .open(
            new TargetSpec(
                "sim",
                Arch.CORTEX_M0PLUS,
                "sim",
                List.of(
                    new MemoryRegion("code", 0, 4 << 20),
                    new MemoryRegion("ram", 0x2000_0000L, 4 << 20)),
                Map.of()));
  }

  /** The simulator as a probe-rs board sees it: no semihosting host hilt could hand args to. */
  private static DebugTarget withoutSemihosting(DebugTarget sim) {
    return (DebugTarget)
        Proxy.newProxyInstance(
            DebugTarget.class.getClassLoader(),
            new Class<?>[] {DebugTarget.class},
            (proxy, method, args) -> {
              if (method.getName().equals("semihosting")) {
                return Optional.empty();
              }
              try {
                return method.invoke(sim, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
