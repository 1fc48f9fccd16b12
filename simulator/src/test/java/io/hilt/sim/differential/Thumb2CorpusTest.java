package io.hilt.sim.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.ImageSegment;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.testsupport.ProjectPaths;
import io.hilt.probe.testsupport.Tools;
import io.hilt.sim.bus.RamRegion;
import io.hilt.sim.bus.SystemBus;
import io.hilt.sim.semihosting.GuestMemory;
import io.hilt.sim.semihosting.HeapInfo;
import io.hilt.sim.semihosting.Semihost;
import io.hilt.sim.semihosting.SemihostingResult;
import io.hilt.sim.thumb.ExceptionModel;
import io.hilt.sim.thumb.ThumbCore;
import io.hilt.sim.thumb.ThumbProfile;
import io.hilt.sim.thumb.Trap;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The firmware corpus (newlib printf, 64-bit and soft-float math, switch tables, qsort, memory and
 * bit operations) built with gcc for Cortex-M3 and Cortex-M4 at -O0, -O2 and -Os, run on a bare
 * ARMv7-M / ARMv7E-M core with semihosting and on QEMU (mps2-an385 / mps2-an386): the same console
 * output and exit code. This exercises the instructions gcc and newlib actually emit for ARMv7-M
 * (IT blocks, TBB/TBH, LDRD/STRD, UDIV, CLZ, UBFX, ...); no exceptions are taken, so no NVIC is
 * needed.
 */
class Thumb2CorpusTest {
  @TempDir Path work;

  @Test
  void corpusBuiltForCortexM3MatchesQemu() throws Exception {
    compare("cortex-m3", "mps2-an385", ThumbProfile.ARMV7M);
  }

  @Test
  void corpusBuiltForCortexM4MatchesQemu() throws Exception {
    compare("cortex-m4", "mps2-an386", ThumbProfile.ARMV7EM);
  }

  private void compare(String cpu, String machine, ThumbProfile profile) throws Exception {
    Tools.require("arm-none-eabi-gcc", "gcc-arm-none-eabi");
    Path make = Tools.require("make", "make");
    Path qemu = Tools.require("qemu-system-arm", "qemu-system-arm");
    Path firmware = ProjectPaths.root().resolve("firmware");
    Path out = work.resolve(cpu);
    Process build =
        new ProcessBuilder(
                make.toString(),
                "-s",
                "-j2",
                "-C",
                firmware.toString(),
                "CPU=" + cpu,
                "OUT=" + out,
                "OBJ=" + work.resolve("obj"))
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("make.log").toFile())
            .start();
    assertThat(build.waitFor(600, TimeUnit.SECONDS)).isTrue();
    assertThat(build.exitValue()).as(Files.readString(work.resolve("make.log"))).isZero();
    List<Path> elfs;
    try (Stream<Path> files = Files.list(out.resolve("corpus"))) {
      elfs = files.filter(p -> p.toString().endsWith(".elf")).sorted().toList();
    }
    assertThat(elfs).hasSizeGreaterThanOrEqualTo(21);
    for (Path elf : elfs) {
      Run reference = runOnQemu(qemu, machine, elf);
      Run simulated = runOnSimulator(elf, profile);
      String name = cpu + "/" + elf.getFileName();
      assertThat(reference.console()).as("%s: QEMU printed something", name).isNotEmpty();
      assertThat(simulated.console()).as("%s: console", name).isEqualTo(reference.console());
      assertThat(simulated.exitCode()).as("%s: exit code", name).isEqualTo(reference.exitCode());
    }
  }

  record Run(String console, int exitCode) {}

  private Run runOnQemu(Path qemu, String machine, Path elf) {
    QemuRunner.Result result =
        new QemuRunner(qemu, machine, Duration.ofSeconds(60)).run(elf, List.of());
    return new Run(new String(result.console(), StandardCharsets.ISO_8859_1), result.exitCode());
  }

  private static Run runOnSimulator(Path elf, ThumbProfile profile) {
    SystemBus bus = new SystemBus();
    bus.map(new RamRegion("code", 0, 4 << 20, 4 << 20))
        .map(new RamRegion("ram", 0x2000_0000, 4 << 20, 4 << 20));
    for (ImageSegment segment : FirmwareImages.load(elf).segments()) {
      byte[] data = segment.data();
      for (int i = 0; i < data.length; i++) {
        bus.write8((int) segment.address() + i, data[i]);
      }
    }
    ThumbCore core = new ThumbCore(bus, profile);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    GuestMemory memory =
        new GuestMemory() {
          @Override
          public long readWord(long address) {
            return bus.read32((int) address);
          }

          @Override
          public boolean writeWord(long address, int value) {
            return bus.write32((int) address, value);
          }

          @Override
          public Optional<byte[]> readBytes(long address, int length) {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
              long b = bus.read8((int) address + i);
              if (b < 0) {
                return Optional.empty();
              }
              bytes[i] = (byte) b;
            }
            return Optional.of(bytes);
          }

          @Override
          public boolean writeBytes(long address, byte[] data, int offset, int length) {
            for (int i = 0; i < length; i++) {
              if (!bus.write8((int) address + i, data[offset + i])) {
                return false;
              }
            }
            return true;
          }
        };
    Semihost semihost =
        new Semihost(
            memory,
            (channel, data, offset, length) -> {
              if (channel == OutputChannel.SEMIHOSTING_STDOUT) {
                console.write(data, offset, length);
              }
            },
            Clock.systemUTC(),
            () -> core.cycles() * 40,
            () -> new HeapInfo(0, 0, 0, 0));
    int[] exit = {Integer.MIN_VALUE};
    List<Trap> traps = new ArrayList<>();
    core.setExceptionModel(
        new ExceptionModel() {
          @Override
          public void trap(Trap trap) {
            traps.add(trap);
            core.raiseEvent(ThumbCore.EVENT_STOP);
          }

          @Override
          public void supervisorCall(int imm) {}

          @Override
          public void breakpoint(int imm) {
            SemihostingResult result = semihost.call(core.register(0), core.register(1));
            if (result instanceof SemihostingResult.Exit e) {
              exit[0] = e.code();
              core.raiseEvent(ThumbCore.EVENT_STOP);
            } else if (result instanceof SemihostingResult.Value v) {
              core.setRegister(0, (int) v.value());
            }
          }

          @Override
          public void exceptionReturn(int excReturn) {}

          @Override
          public void serviceEvents() {}

          @Override
          public void waitForInterrupt(boolean forEvent) {}

          @Override
          public void sendEvent() {}
        });
    core.resetState();
    core.setMsp((int) bus.read32(0));
    core.setPc((int) bus.read32(4));
    core.run(2_000_000_000L);
    String text = console.toString(StandardCharsets.ISO_8859_1);
    assertThat(traps).as("%s: traps (console so far: %s)", elf.getFileName(), text).isEmpty();
    assertThat(exit[0])
        .as("%s: exited through semihosting", elf.getFileName())
        .isNotEqualTo(Integer.MIN_VALUE);
    return new Run(text, exit[0]);
  }
}
