package io.hilt.probe.drivers.probers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * probe-rs's output as its sources print it. Each sample names the source (probe-rs repository,
 * tag, file, line) whose format string produced it; values are examples.
 */
class ProbeRsParsersTest {

  // --version -------------------------------------------------------------------------------------

  @Test
  void readsTheVersionLine() {
    // probe-rs-tools/build.rs:20-21 (v0.32.0): PROBE_RS_LONG_VERSION = "{CARGO_VERSION} (git
    // commit: {GIT_VERSION})", printed by clap after the command name (main.rs:50-53).
    assertThat(ProbeRsVersion.parse("probe-rs 0.32.0 (git commit: crates.io)\n"))
        .contains(new ProbeRsVersion(0, 32, 0));
    assertThat(ProbeRsVersion.parse("probe-rs 0.30.0\n")).contains(ProbeRsVersion.V0_30);
    assertThat(ProbeRsVersion.parse("openocd 0.12.0")).isEmpty();
  }

  @Test
  void supportsExactly030To032() {
    assertThat(new ProbeRsVersion(0, 29, 1).supported()).isFalse();
    assertThat(new ProbeRsVersion(0, 30, 0).supported()).isTrue();
    assertThat(new ProbeRsVersion(0, 32, 7).supported()).isTrue();
    assertThat(new ProbeRsVersion(0, 33, 0).supported()).isFalse();
    assertThatThrownBy(() -> new ProbeRsVersion(0, 33, 0).requireSupported("/usr/bin/probe-rs"))
        .isInstanceOfSatisfying(
            ProbeRsException.class,
            e -> assertThat(e.failure()).isEqualTo(ProbeRsFailure.UNSUPPORTED_VERSION))
        .hasMessageContaining("0.33.0")
        .hasMessageContaining(ProbeRsVersion.SUPPORTED);
  }

  // list ------------------------------------------------------------------------------------------

  @Test
  void parsesA030ProbeList() {
    // cmd/list.rs:11,13 and probe-rs/src/probe.rs:816-827 (v0.30.0): "{} -- {:04x}:{:04x}:{} ({})"
    ProbeList list =
        ProbeList.parse(
            "The following debug probes were found:\n"
                + "[0]: STLink V2-1 -- 0483:374b:066DFF555654 (ST-LINK)\n"
                + "[1]: CMSIS-DAP v2 -- 2e8a:000c:E66138935F1D2E2A (CMSIS-DAP)\n");
    assertThat(list.probes()).hasSize(2);
    ProbeInfo st = list.probes().get(0);
    assertThat(st.name()).isEqualTo("STLink V2-1");
    assertThat(st.vendorId()).isEqualTo(0x0483);
    assertThat(st.productId()).isEqualTo(0x374b);
    assertThat(st.serial()).isEqualTo("066DFF555654");
    assertThat(st.kind()).isEqualTo("ST-LINK");
    assertThat(st.accessible()).isTrue();
    assertThat(st.selector()).isEqualTo("0483:374b:066DFF555654");
    assertThat(list.matching("2e8a:000c")).extracting(ProbeInfo::index).containsExactly(1);
  }

  @Test
  void parses032EntriesWithInterfaceSerialColonsAndInaccessibleMarker() {
    // cmd/list.rs:12-18 (v0.32.0) adds " (inaccessible)"; rpc/functions/probe.rs:40-55 (v0.32.0)
    // writes "-{interface}" after the product id; serials may contain ':'.
    ProbeList list =
        ProbeList.parse(
            "The following debug probes were found:\n"
                + "[0]: Dual RS232-HS -- 0403:6010-1:FT4ZQ1 (FTDI) (inaccessible)\n"
                + "[1]: J-Link -- 1366:0105:00:1A:2B (J-Link)\n"
                + "\nSome hint about udev rules the tool prints\n");
    assertThat(list.probes().get(0).interfaceNumber()).isEqualTo(OptionalInt.of(1));
    assertThat(list.probes().get(0).accessible()).isFalse();
    assertThat(list.probes().get(0).selector()).isEqualTo("0403:6010-1:FT4ZQ1");
    assertThat(list.probes().get(1).serial()).isEqualTo("00:1A:2B");
    assertThat(list.probes().get(1).matches("1366:0105:00:1A:2B")).isTrue();
    assertThat(list.probes().get(1).matches("1366:0105:00:1A")).isFalse();
  }

  @Test
  void noProbesIsAnEmptyListAndGarbageIsRejected() {
    // cmd/list.rs:16 (v0.30.0), :21 (v0.32.0)
    assertThat(ProbeList.parse("No debug probes were found.\n").probes()).isEmpty();
    assertThatThrownBy(() -> ProbeList.parse("\u0000\u00ffsegfault"))
        .isInstanceOfSatisfying(
            ProbeRsException.class,
            e -> assertThat(e.failure()).isEqualTo(ProbeRsFailure.BAD_OUTPUT));
    assertThatThrownBy(
            () -> ProbeList.parse("The following debug probes were found:\n[0]: broken entry\n"))
        .hasMessageContaining("line 2");
  }

  // read ------------------------------------------------------------------------------------------

  @Test
  void readsThe030WordList() {
    // cmd/read.rs:80 and :90 (v0.30.0): print!("{val:08x} ") per word, then println!().
    byte[] bytes =
        MemoryDump.parse(ProbeRsVersion.V0_30, "b32", 0x2000_0000L, 2, "20010000 000000d9 \n");
    assertThat(bytes).containsExactly(0x00, 0x00, 0x01, 0x20, 0xd9, 0x00, 0x00, 0x00);
    assertThat(MemoryDump.parse(ProbeRsVersion.V0_31, "b8", 0, 3, "01 ff 7e \n"))
        .containsExactly(0x01, 0xff, 0x7e);
  }

  @Test
  void readsThe032HexTable() {
    // cmd/read.rs:70-87 (v0.32.0): "{address:08x}: " then the words, 32 bytes a line for b32.
    String table =
        "20000000: 00000001 00000002 00000003 00000004 00000005 00000006 00000007 00000008\n"
            + "20000020: deadbeef\n";
    byte[] bytes = MemoryDump.parse(ProbeRsVersion.V0_32, "b32", 0x2000_0000L, 9, table);
    assertThat(bytes).hasSize(36);
    assertThat(bytes[32] & 0xff).isEqualTo(0xef);
    assertThat(bytes[35] & 0xff).isEqualTo(0xde);
  }

  @Test
  void rejectsAReadWithTheWrongWordCountWidthOrAddress() {
    assertThatThrownBy(() -> MemoryDump.parse(ProbeRsVersion.V0_30, "b32", 0, 2, "00000001 \n"))
        .hasMessageContaining("1 words printed");
    assertThatThrownBy(() -> MemoryDump.parse(ProbeRsVersion.V0_30, "b32", 0, 1, "0001 \n"))
        .hasMessageContaining("is not a b32 word");
    assertThatThrownBy(
            () -> MemoryDump.parse(ProbeRsVersion.V0_32, "b32", 0x100, 1, "00000200: 00000001\n"))
        .hasMessageContaining("where 0x00000100 was next");
    assertThatThrownBy(() -> MemoryDump.parse(ProbeRsVersion.V0_32, "b32", 0, 1, "00000001\n"))
        .isInstanceOfSatisfying(
            ProbeRsException.class,
            e -> assertThat(e.failure()).isEqualTo(ProbeRsFailure.BAD_OUTPUT));
  }

  // run / attach ----------------------------------------------------------------------------------

  @Test
  void readsTheMonitorsEndLines() {
    // util/cli.rs:829,834,839,876 (v0.32.0); :483,488,493,530 (v0.30.0)
    assertThat(MonitorLine.parse("Firmware exited successfully", false))
        .isEqualTo(new MonitorLine.ExitedSuccessfully());
    assertThat(MonitorLine.parse("Exited by user request", false))
        .isEqualTo(new MonitorLine.ExitedByUser());
    MonitorLine fault = MonitorLine.parse("Firmware exited unexpectedly: Exception", false);
    assertThat(fault).isEqualTo(new MonitorLine.ExitedUnexpectedly("Exception"));
    assertThat(((MonitorLine.ExitedUnexpectedly) fault).exception()).isTrue();
    assertThat(
            MonitorLine.parse(
                "Firmware exited with: Application exit (Unknown exit code 3)", false))
        .isEqualTo(new MonitorLine.ExitedWith("Application exit", OptionalInt.of(3)));
    assertThat(MonitorLine.parse("Firmware exited with: Application exit (Aborted)", false))
        .isEqualTo(new MonitorLine.ExitedWith("Application exit", OptionalInt.of(134)));
    assertThat(
            MonitorLine.parse(
                "Firmware exited with: Application exit (Unknown exit code 99999999999)", false))
        .isEqualTo(
            new MonitorLine.ExitedWith(
                "Application exit (Unknown exit code 99999999999)", OptionalInt.empty()));
    assertThat(MonitorLine.parse("Firmware exited with: Division by zero", false))
        .isEqualTo(new MonitorLine.ExitedWith("Division by zero", OptionalInt.empty()));
  }

  @Test
  void readsBacktraceFramesOfBothFormatsOnlyAfterTheEnd() {
    // 0.30: rpc/functions/stack_trace.rs:64-68 "Frame {}: {} @ {}" with RegisterValue {:#010x};
    // 0.32: util/cli.rs:1063-1065 and :1086-1091 "    Frame {i}: {} @ {:#x}".
    assertThat(MonitorLine.parse("    Frame 1: main @ 0x00000142 inline", true))
        .isEqualTo(new MonitorLine.Frame(1, "main", 0x142));
    assertThat(MonitorLine.parse("    Frame 0: HardFault @ 0x8000abc", true))
        .isEqualTo(new MonitorLine.Frame(0, "HardFault", 0x8000abcL));
    assertThat(MonitorLine.parse("Core 0", true)).isEqualTo(new MonitorLine.CoreHeader(0));
    // Before the end the firmware may print anything, even "Core 0".
    assertThat(MonitorLine.parse("Core 0", false)).isEqualTo(new MonitorLine.Text("Core 0"));
  }

  @Test
  void splitsDefmtLinesPrintedWithHiltsLogFormat() {
    MonitorLine line =
        MonitorLine.parse("<hilt-defmt>INFO|src/main.rs|42|temperature 21 C | ok", false);
    assertThat(line)
        .isEqualTo(
            new MonitorLine.Log(
                "INFO", "src/main.rs", OptionalInt.of(42), "temperature 21 C | ok"));
    assertThat(((MonitorLine.Log) line).display())
        .isEqualTo("INFO temperature 21 C | ok (src/main.rs:42)");
    assertThat(MonitorLine.parse("\u001B[32mplain text\u001B[0m", false))
        .isEqualTo(new MonitorLine.Text("\u001B[32mplain text\u001B[0m"));
  }

  // errors ----------------------------------------------------------------------------------------

  @Test
  void classifiesProbeRsErrorTexts() {
    // util/common_options.rs:495,549,561 (v0.32.0); probe-rs/src/probe.rs:176-268 (v0.32.0);
    // probe-rs/src/flashing/error.rs:43,76-77,172 (v0.32.0); probe-rs/src/error.rs:26 (v0.32.0).
    assertThat(ProbeRsFailure.classify("Error: No connected probes were found.\n"))
        .isEqualTo(ProbeRsFailure.NO_PROBE);
    assertThat(
            ProbeRsFailure.classify(
                "Error: Failed to open the debug probe.\n\nCaused by:\n    0: The debug probe could"
                    + " not be created.\n    1: A USB error occurred.\n    2: Device or resource busy (os"
                    + " error 16)"))
        .isEqualTo(ProbeRsFailure.PROBE_BUSY);
    assertThat(
            ProbeRsFailure.classify(
                "Error: Failed to open the debug probe.\n\nCaused by:\n    USB Communication Error"))
        .isEqualTo(ProbeRsFailure.USB);
    assertThat(
            ProbeRsFailure.classify("Error: The chip 'STM32F999' was not found in the database."))
        .isEqualTo(ProbeRsFailure.CHIP_NOT_FOUND);
    assertThat(
            ProbeRsFailure.classify(
                "Error: Connecting to the chip was unsuccessful.\n\nCaused by:\n    An operation was"
                    + " not performed because the required permissions were not given: ..."))
        .isEqualTo(ProbeRsFailure.CHIP_LOCKED);
    assertThat(
            ProbeRsFailure.classify(
                "Error: Connecting to the chip was unsuccessful.\n\nCaused by:\n    Failed to find or"
                    + " attach to the target. Please check the wiring before retrying."))
        .isEqualTo(ProbeRsFailure.TARGET_NOT_RESPONDING);
    assertThat(
            ProbeRsFailure.classify(
                "Error: The flashing procedure failed for 'a.elf'.\n\nCaused by:\n    The execution of"
                    + " 'erase_sector' failed with code 1. This might indicate a problem with the flash"
                    + " algorithm."))
        .isEqualTo(ProbeRsFailure.FLASH_ALGORITHM);
    // cmd/verify.rs:57 (v0.32.0): printed on stdout with exit status 0.
    assertThat(ProbeRsFailure.classify("Verification failed: contents do not match"))
        .isEqualTo(ProbeRsFailure.VERIFY_FAILED);
    assertThat(ProbeRsFailure.classify("thread 'main' panicked at src/main.rs:3:5:\nboom"))
        .isEqualTo(ProbeRsFailure.CRASHED);
    assertThat(ProbeRsFailure.classify("something new")).isEqualTo(ProbeRsFailure.OTHER);
  }

  @Test
  void quotesOutputBoundedAndPrintable() {
    String longText = "x".repeat(5000) + "\u0001";
    String excerpt = ProbeRsFailure.excerpt(longText);
    assertThat(excerpt).hasSizeLessThan(1300).contains("more characters");
    assertThat(ProbeRsFailure.excerpt("a\u0001b")).isEqualTo("a?b");
    assertThat(ProbeRsFailure.excerpt("  ")).isEqualTo("(no output)");
  }
}
