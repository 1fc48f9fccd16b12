package io.hilt.probe.rtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.elf.LoadSegment;
import io.hilt.probe.testsupport.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A control block laid out by arm-none-eabi-gcc ({@code rtt/rtt-demo.c}), found through the {@code
 * _SEGGER_RTT} symbol, in memory loaded from the ELF as its startup code would leave it.
 */
class RttElfTest {
  private static final long FLASH = 0;
  private static final long RAM = 0x2000_0000L;

  @TempDir Path dir;

  @Test
  void findsTheBlockByItsSymbolAndTalksToBothChannels() {
    ElfFile elf = ElfFile.read(build());
    long address = Rtt.symbolAddress(elf).orElseThrow();
    assertThat(address).isEqualTo(RAM);
    MemoryTarget target = loaded(elf);
    Rtt rtt =
        Rtt.attach(target, address, target.regions(), Duration.ofSeconds(1), Duration.ofMillis(1));
    RttChannel up = rtt.upChannel(0);
    assertThat(up.name()).contains("Terminal");
    assertThat(up.size()).isEqualTo(64);
    assertThat(up.mode()).isEqualTo(ChannelMode.BLOCK_IF_FULL);
    assertThat(rtt.controlBlock().up()).hasSize(1); // the second descriptor is unused
    assertThat(new String(rtt.read(0, 100), StandardCharsets.US_ASCII)).isEqualTo("hello\n");

    assertThat(rtt.write(0, "led on\n".getBytes(StandardCharsets.US_ASCII))).isEqualTo(7);
    long downBuffer = elf.symbol("down_buffer").orElseThrow().value();
    assertThat(new String(target.readMemory(downBuffer, 7), StandardCharsets.US_ASCII))
        .isEqualTo("led on\n");
    assertThat(rtt.downChannel(0).bufferAddress()).isEqualTo(downBuffer);
  }

  @Test
  void byDefaultTheSymbolIsUsedAndScanningIsTheFallback() {
    ElfFile elf = ElfFile.read(build());
    MemoryTarget target = loaded(elf);
    Rtt bySymbol =
        Rtt.attach(
            target,
            java.util.Optional.of(elf),
            target.regions(),
            Duration.ofSeconds(1),
            Duration.ofMillis(1));
    assertThat(bySymbol.controlBlock().address()).isEqualTo(RAM);
    Rtt byScan =
        Rtt.attach(
            target,
            java.util.Optional.empty(),
            java.util.List.of(new io.hilt.probe.target.MemoryRegion("ram", RAM, 16 * 1024)),
            Duration.ofSeconds(1),
            Duration.ofMillis(1));
    assertThat(byScan.controlBlock().address()).isEqualTo(RAM);
    assertThat(byScan.upChannel(0).name()).isEmpty(); // the name is in flash, not scanned
  }

  @Test
  void scanningFindsTheSameBlock() {
    MemoryTarget target = loaded(ElfFile.read(build()));
    assertThat(
            Rtt.scanAndAttach(target, target.regions(), Duration.ofSeconds(1), Duration.ofMillis(1))
                .controlBlock()
                .address())
        .isEqualTo(RAM);
  }

  /** Flash and RAM with each segment at its run-time (virtual) address, .bss zeroed. */
  private static MemoryTarget loaded(ElfFile elf) {
    byte[] flash = new byte[64 * 1024];
    byte[] ram = new byte[16 * 1024];
    for (LoadSegment s : elf.loadSegments()) {
      byte[] data = s.data();
      long at = s.virtualAddress();
      if (at >= RAM) {
        System.arraycopy(data, 0, ram, (int) (at - RAM), data.length);
      } else {
        System.arraycopy(data, 0, flash, (int) (at - FLASH), data.length);
      }
    }
    return new MemoryTarget().add(FLASH, flash).add(RAM, ram);
  }

  private Path build() {
    Path gcc = Tools.require("arm-none-eabi-gcc", "gcc-arm-none-eabi");
    Path source = copy("rtt-demo.c");
    Path script = copy("rtt-demo.ld");
    Path elf = dir.resolve("rtt-demo.elf");
    List<String> command =
        List.of(
            gcc.toString(),
            "-mcpu=cortex-m3",
            "-mthumb",
            "-O1",
            "-g",
            "-nostdlib",
            "-Wl,--build-id=none",
            "-T",
            script.toString(),
            source.toString(),
            "-o",
            elf.toString());
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String output;
      try (InputStream in = p.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      assertThat(p.exitValue()).as("%s:%n%s", command, output).isZero();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: " + command, e);
    }
    return elf;
  }

  private Path copy(String name) {
    try (InputStream in = getClass().getResourceAsStream("/rtt/" + name)) {
      if (in == null) {
        throw new IllegalStateException("test resource missing: rtt/" + name);
      }
      Path target = dir.resolve(name);
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
