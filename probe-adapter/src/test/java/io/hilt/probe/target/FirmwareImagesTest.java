package io.hilt.probe.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.elf.ElfBuilder;
import io.hilt.probe.elf.ElfException;
import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.elf.GccElf;
import io.hilt.probe.elf.Section;
import io.hilt.probe.testsupport.CrossCompiler;
import io.hilt.probe.testsupport.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirmwareImagesTest {
  @TempDir Path dir;

  @Test
  void imageHoldsFlashBytesAtPhysicalAddressesWithHashAndEntry() throws Exception {
    Path path = GccElf.build(dir);
    FirmwareImages.Firmware firmware = FirmwareImages.read(path);
    ElfFile elf = firmware.elf();
    Section text = elf.section(".vectors").orElseThrow();
    Section data = elf.section(".data").orElseThrow();
    long dataLoadAddress = elf.symbol("_sidata").orElseThrow().value();

    List<ImageSegment> segments = firmware.image().segments();
    assertThat(firmware.image().name()).isEqualTo(path.toString());
    assertThat(segments).extracting(ImageSegment::address).containsExactly(0L, dataLoadAddress);
    assertThat(segments.get(0).data()).startsWith(elf.sectionData(text));
    assertThat(segments.get(1).data()).isEqualTo(elf.sectionData(data));
    assertThat(firmware.entryPoint())
        .isEqualTo(elf.symbol("Reset_Handler").orElseThrow().rawValue());

    Path sha256sum = Tools.require("sha256sum", "coreutils");
    Process p = new ProcessBuilder(sha256sum.toString(), path.toString()).start();
    String expected = new String(p.getInputStream().readAllBytes()).split(" ")[0];
    assertThat(p.waitFor()).isZero();
    assertThat(firmware.sha256()).isEqualTo(expected);

    assertThat(FirmwareImages.load(path).segments())
        .extracting(ImageSegment::address)
        .containsExactly(0L, dataLoadAddress);
  }

  @Test
  void rejectsObjectFilesThatWereNeverLinked() throws Exception {
    CrossCompiler gcc = CrossCompiler.gcc(dir);
    Path source = Files.writeString(dir.resolve("f.c"), "int f(int x) { return x + 1; }\n");
    Path object = dir.resolve("f.o");
    gcc.run(
        List.of(
            "-mcpu=cortex-m0plus", "-mthumb", "-c", source.toString(), "-o", object.toString()));
    assertThatThrownBy(() -> FirmwareImages.load(object))
        .isInstanceOf(ElfException.class)
        .hasMessageStartingWith(object + ": a relocatable object file")
        .hasMessageContaining("offset 0x10");
  }

  @Test
  void rejectsElfWithNothingToLoad() throws Exception {
    Path path = dir.resolve("empty.elf");
    Files.write(
        path,
        new ElfBuilder()
            .machine(ElfFile.EM_ARM)
            .progbits(".comment", 0, 0, new byte[] {'h', 'i', 0})
            .build());
    assertThatThrownBy(() -> FirmwareImages.load(path))
        .isInstanceOf(ElfException.class)
        .hasMessageStartingWith(path + ": no PT_LOAD segment with file data, nothing to flash");
  }

  @Test
  void rejectsOverlappingLoadSegments() throws Exception {
    Path path = dir.resolve("overlap.elf");
    Files.write(
        path,
        new ElfBuilder()
            .machine(ElfFile.EM_RISCV)
            .progbits(".text", Section.SHF_ALLOC, 0x1000, new byte[16])
            .progbits(".data", Section.SHF_ALLOC, 0x80000000L, new byte[8])
            .load(".text", 0x1000, 0)
            .load(".data", 0x1008, 0)
            .build());
    assertThatThrownBy(() -> FirmwareImages.load(path))
        .isInstanceOf(ElfException.class)
        .hasMessageContaining(
            "load segments overlap at physical address 0x00001008: [0x00001000, 0x00001010)");
  }

  @Test
  void badFilesAreElfExceptionsNamingThePath() throws Exception {
    Path missing = dir.resolve("missing.elf");
    assertThatThrownBy(() -> FirmwareImages.read(missing))
        .isInstanceOf(ElfException.class)
        .hasMessage(missing + ": no such file");
    Path text = Files.writeString(dir.resolve("notes.txt"), "not firmware");
    assertThatThrownBy(() -> FirmwareImages.read(text))
        .isInstanceOf(ElfException.class)
        .hasMessageStartingWith(text + ": not an ELF file");
    assertThatThrownBy(() -> FirmwareImages.read(dir))
        .isInstanceOf(ElfException.class)
        .hasMessageStartingWith(dir + ": cannot read");
  }
}
