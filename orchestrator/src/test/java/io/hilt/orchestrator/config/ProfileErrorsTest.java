package io.hilt.orchestrator.config;

import static io.hilt.orchestrator.config.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hilt.probe.target.Arch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileErrorsTest {
  @TempDir Path dir;
  Path file;

  private ConfigException fails(String yaml) throws IOException {
    file = dir.resolve("board.yaml");
    Files.writeString(file, yaml);
    return catchThrowableOfType(ConfigException.class, () -> new ProfileLoader().load(file));
  }

  @Test
  void unknownKeyIsReportedWithDidYouMean() throws IOException {
    ConfigException e =
        fails(
            """
            name: b
            arch: cortex-m3
            driver: sim
            memroy:
              ram: { start: 0x20000000, size: 4KiB }
            """);

    assertProblem(e, file, 4, 1, "unknown key 'memroy' in profile", "did you mean 'memory'?");
    assertProblem(e, file, 1, 1, "missing required key 'memory' in profile");
  }

  @Test
  void keysOfLaterVersionsSayTheyAreNotSupportedYet() throws IOException {
    ConfigException e =
        fails(
            """
            name: b
            arch: cortex-m3
            driver: sim
            memory: { ram: { start: 0x20000000, size: 4KiB } }
            mpu: { kind: pmsav7 }
            """);

    assertProblem(
        e,
        file,
        5,
        1,
        "key 'mpu' in profile is not supported yet (the MPU is the core's own",
        "allowed keys: name, description, arch, driver, chip, probe, memory");
  }

  @Test
  void probeSectionOnAProfileWithoutAProbeIsAnError() throws IOException {
    ConfigException e =
        fails(
            """
            name: b
            arch: cortex-m3
            driver: sim
            memory: { ram: { start: 0x20000000, size: 4KiB } }
            probe: { selector: "0483:374b" }
            """);

    assertProblem(e, file, 5, 1, "'probe' is for boards behind a debug probe", "driver is sim");
  }

  @Test
  void probeSectionKeysAreCheckedWhereTheyAreWritten() throws IOException {
    ConfigException e =
        fails(
            """
            name: b
            arch: cortex-m4
            driver: probe-rs
            chip: STM32F411RETx
            memory: { ram: { start: 0x20000000, size: 4KiB } }
            probe: { selector: "0483:374b", protocol: spi, speed-khz: 0, speed: 4 }
            driver-options: { chip: STM32F411RETx }
            """);

    assertProblem(e, file, 6, 62, "unknown key 'speed' in probe", "did you mean 'speed-khz'?");
    assertProblem(e, file, 6, 43, "'protocol': expected swd or jtag, got 'spi'");
    assertProblem(e, file, 6, 59, "'speed-khz': expected 1 to 1000000, got 0");
    assertProblem(e, file, 4, 1, "'chip' is also set in driver-options ('chip'); keep one");
  }

  @Test
  void unknownKeyWithNothingCloseListsTheAllowedKeys() throws IOException {
    ConfigException e =
        fails(
            """
            name: b
            arch: cortex-m3
            driver: sim
            memory: { ram: { start: 0x20000000, size: 4KiB } }
            flavour: vanilla
            """);

    assertProblem(
        e,
        file,
        5,
        1,
        "unknown key 'flavour' in profile; allowed keys: name, description, arch, driver, chip,"
            + " probe, memory, stack, driver-options, rtt");
  }

  @Test
  void unknownArchListsTheKnownOnes() throws IOException {
    ConfigException e =
        fails(
            """
            name: b
            arch: cortex-m7
            driver: sim
            memory: { ram: { start: 0x20000000, size: 4KiB } }
            """);

    assertProblem(e, file, 2, 7, "unknown arch 'cortex-m7'");
    assertThat(e.problems().get(0).message()).contains(String.join(", ", Arch.allIds()));
  }

  @Test
  void misspeltArchGetsADidYouMean() throws IOException {
    ConfigException e =
        fails(
            """
            name: b
            arch: cortex-m0+
            driver: sim
            memory: { ram: { start: 0x20000000, size: 4KiB } }
            """);

    assertProblem(e, file, 2, 7, "unknown arch 'cortex-m0+'", "did you mean 'cortex-m0plus'?");
  }

  @Test
  void wrongTypesNameExpectedAndFound() throws IOException {
    ConfigException e =
        fails(
            """
            name: b
            arch: cortex-m3
            driver: sim
            memory:
              ram: { start: twenty, size: 4KB, kind: rom }
              flash: [0, 1]
            stack: { top: 0x20001000, size: big }
            """);

    assertProblem(e, file, 5, 17, "'start': expected an address like 0x20000000", "got 'twenty'");
    assertProblem(e, file, 5, 31, "'size': expected a size like", "got '4KB'", "KiB, MiB");
    assertProblem(e, file, 5, 42, "expected flash or ram, got 'rom'");
    assertProblem(e, file, 6, 10, "memory region 'flash': expected a map", "got a list");
    assertProblem(e, file, 7, 33, "'size': expected a size", "got 'big'");
  }

  @Test
  void duplicateKeyNamesBothPlaces() throws IOException {
    ConfigException e =
        fails(
            """
            name: b
            arch: cortex-m3
            driver: sim
            name: c
            memory: { ram: { start: 0x20000000, size: 4KiB } }
            """);

    assertProblem(e, file, 4, 1, "duplicate key 'name' (first at line 1, column 1)");
  }

  @Test
  void overlappingRegionsAreRejected() throws IOException {
    ConfigException e =
        fails(
            """
            name: b
            arch: cortex-m3
            driver: sim
            memory:
              ram: { start: 0x20000000, size: 64KiB }
              ram2: { start: 0x2000F000, size: 64KiB }
            """);

    assertProblem(
        e,
        file,
        6,
        3,
        "memory region 'ram2' 0x2000F000..0x2001EFFF overlaps region 'ram' 0x20000000..0x2000FFFF"
            + " (line 5)");
  }

  @Test
  void stackOutsideEveryRamRegionIsRejected() throws IOException {
    ConfigException e =
        fails(
            """
            name: b
            arch: cortex-m3
            driver: sim
            memory:
              flash: { start: 0x08000000, size: 512KiB }
              ram: { start: 0x20000000, size: 64KiB }
            stack: { start: 0x08000000, size: 4KiB }
            """);

    assertProblem(
        e,
        file,
        7,
        17,
        "stack 0x08000000..0x08000FFF is not inside any RAM region",
        "'ram' 0x20000000..0x2000FFFF");
  }

  @Test
  void stackRunningPastTheEndOfRamIsRejected() throws IOException {
    ConfigException e =
        fails(
            """
            name: b
            arch: cortex-m3
            driver: sim
            memory:
              ram: { start: 0x20000000, size: 64KiB }
            stack: { top: 0x20010004, size: 1KiB }
            """);

    assertProblem(e, file, 6, 15, "is not inside any RAM region");
  }

  @Test
  void aBrokenMemoryMapDoesNotAlsoBlameTheStack() throws IOException {
    ConfigException e =
        fails(
            """
            name: b
            arch: cortex-m3
            driver: sim
            memory:
              ram: { start: 0x2000000G, size: 64KiB }
            stack: { top: 0x20001000, size: 1KiB }
            """);

    assertThat(e.problems()).hasSize(1);
    assertProblem(e, file, 5, 17, "'start': expected an address");
  }

  @Test
  void stackBelowAddressZeroIsRejected() throws IOException {
    ConfigException e =
        fails(
            """
            name: b
            arch: cortex-m3
            driver: sim
            memory:
              ram: { start: 0, size: 64KiB }
            stack: { top: 0x100, size: 1KiB }
            """);

    assertProblem(e, file, 6, 15, "the stack does not fit in the 32-bit address space");
  }

  @Test
  void stackNeedsExactlyOneOfStartOrTop() throws IOException {
    ConfigException e =
        fails(
            """
            name: b
            arch: cortex-m3
            driver: sim
            memory:
              ram: { start: 0x20000000, size: 64KiB }
            stack: { start: 0x20000000, top: 0x20001000, size: 4KiB }
            """);

    assertProblem(e, file, 6, 8, "give exactly one of 'start'", "'top'");
  }

  @Test
  void regionPastTheAddressSpaceIsRejected() throws IOException {
    ConfigException e =
        fails(
            """
            name: b
            arch: cortex-m3
            driver: sim
            memory:
              top: { start: 0xFFFF0000, size: 1MiB }
            """);

    assertProblem(e, file, 5, 35, "region 'top' ends past 0xFFFFFFFF");
  }

  @Test
  void missingRequiredKeysAreAllReportedAtTheMap() throws IOException {
    ConfigException e = fails("description: nothing else\n");

    assertThat(e.problems())
        .extracting(Problem::message)
        .containsExactly(
            "missing required key 'name' in profile (the name --profile takes)",
            "missing required key 'arch' in profile (one of "
                + String.join(", ", Arch.allIds())
                + ")",
            "missing required key 'driver' in profile (sim, probe-rs, gdb or qemu)",
            "missing required key 'memory' in profile (a map of region name to { start, size, kind"
                + " })");
    assertThat(e.problems()).allMatch(p -> p.location().line() == 1 && p.location().column() == 1);
  }

  @Test
  void badNamesAndOptionValuesAreRejected() throws IOException {
    ConfigException e =
        fails(
            """
            name: My Board
            arch: cortex-m3
            driver: sim
            memory: { ram: { start: 0x20000000, size: 4KiB } }
            driver-options:
              speed: { khz: 4000 }
            """);

    assertProblem(e, file, 1, 7, "expected a name of lower-case letters", "got 'My Board'");
    assertProblem(e, file, 6, 10, "'speed': expected a string, got a map");
  }

  @Test
  void aProfileThatIsNotAMapSaysSo() throws IOException {
    ConfigException e = fails("- name: b\n");

    assertProblem(
        e, file, 1, 1, "profile: expected a map with keys name, description", "got a list");
  }
}
