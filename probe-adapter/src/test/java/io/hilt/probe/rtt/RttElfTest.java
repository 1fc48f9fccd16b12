package io.hilt.probe.rtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.elf.LoadSegment;
import io.hilt.probe.testsupport.CrossCompiler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    CrossCompiler gcc = CrossCompiler.gcc(dir);
    Path source =
        CrossCompiler.copyResource(getClass(), "/rtt/rtt-demo.c", dir.resolve("rtt-demo.c"));
    Path script =
        CrossCompiler.copyResource(getClass(), "/rtt/rtt-demo.ld", dir.resolve("rtt-demo.ld"));
    return gcc.link(
        "cortex-m3",
        script.toString(),
        List.of("-O1", "-g"),
        List.of(source.toString()),
        "rtt-demo.elf");
  }
}
