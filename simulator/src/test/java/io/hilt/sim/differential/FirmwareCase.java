package io.hilt.sim.differential;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** One firmware run to compare: an ELF and the command-line arguments it gets. */
record FirmwareCase(Path elf, List<String> arguments) {
  FirmwareCase {
    arguments = List.copyOf(arguments);
  }

  /** Extra runs beyond "every ELF without arguments", for programs that read their command line. */
  private static final List<List<String>> STACK_ARGUMENTS =
      List.of(List.of("1"), List.of("48"), List.of("400"));

  private static final List<List<String>> SELFTEST_ARGUMENTS = List.of(List.of("inject-failure"));
  private static final List<List<String>> CRC_ARGUMENTS = List.of(List.of("3"), List.of("zero"));

  /** Every scenario of the ARMv7-M MPU demo (firmware/src/faults.c), in its own order. */
  static final List<String> FAULT_SCENARIOS =
      List.of(
          "ro_write",
          "xn_exec",
          "null_deref",
          "unpriv_access",
          "stack_overflow",
          "div_zero",
          "unaligned",
          "unaligned_ldrd",
          "bus_error",
          "subregion",
          "escalate",
          "none");

  /**
   * unity-demo with a failing test; its crash run is left out: the simulator stops on the fault
   * (vector catch) where QEMU runs the handler (orchestrator's UnityResultsPlanTest covers it).
   */
  private static final List<List<String>> UNITY_ARGUMENTS = List.of(List.of("fail"));

  /**
   * Programs that wait for UART input and never end on their own (the shell): the orchestrator's
   * console tests drive them; a differential run would only time out.
   */
  private static final List<String> INTERACTIVE = List.of("shell.elf");

  private static final List<List<String>> FAULTS_ARGUMENTS =
      FAULT_SCENARIOS.stream().map(List::of).toList();

  /** Every ELF under the build folder (firmware and corpus), in path order, with its extra runs. */
  static List<FirmwareCase> all(Path buildDir) {
    List<Path> elfs;
    try (Stream<Path> files = Files.walk(buildDir)) {
      elfs =
          files
              .filter(p -> p.getFileName().toString().endsWith(".elf"))
              .filter(Files::isRegularFile)
              .filter(p -> !INTERACTIVE.contains(p.getFileName().toString()))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("listing firmware in " + buildDir, e);
    }
    if (elfs.isEmpty()) {
      throw new IllegalStateException("no ELF files under " + buildDir + ": run firmware/build.sh");
    }
    List<FirmwareCase> cases = new ArrayList<>();
    for (Path elf : elfs) {
      cases.add(new FirmwareCase(elf, List.of()));
      List<List<String>> extra =
          switch (elf.getFileName().toString()) {
            case "stack.elf" -> STACK_ARGUMENTS;
            case "selftest.elf" -> SELFTEST_ARGUMENTS;
            case "crc-bench.elf" -> CRC_ARGUMENTS;
            case "faults.elf" -> FAULTS_ARGUMENTS;
            case "unity-demo.elf" -> UNITY_ARGUMENTS;
            default -> List.of();
          };
      for (List<String> arguments : extra) {
        cases.add(new FirmwareCase(elf, arguments));
      }
    }
    return List.copyOf(cases);
  }

  /** A short name for test reports: the path below the build folder plus the arguments. */
  String displayName(Path buildDir) {
    String name = buildDir.relativize(elf).toString();
    return arguments.isEmpty() ? name : name + " " + String.join(" ", arguments);
  }
}
