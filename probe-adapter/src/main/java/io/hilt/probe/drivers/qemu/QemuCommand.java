package io.hilt.probe.drivers.qemu;

import java.util.ArrayList;
import java.util.List;

/** The argument list QEMU is started with (never through a shell). */
final class QemuCommand {
  private QemuCommand() {}

  /**
   * {@code qemu-system-arm -M machine -S -gdb tcp:127.0.0.1:GDB -nographic -monitor none -serial
   * tcp:127.0.0.1:UART -chardev stdio,id=semihosting -semihosting-config
   * enable=on,target=native,chardev=semihosting,arg=...}: halted at the first instruction, the GDB
   * stub on a loopback port, UART0 connecting to hilt's loopback socket, semihosting console on
   * stdout, no monitor on stdio, and no {@code -kernel} (the firmware is written through GDB, as a
   * probe flashes).
   *
   * @param commandLine the semihosting command line's words (SYS_GET_CMDLINE joins them with
   *     spaces); QEMU reads them only at start
   */
  static List<String> arguments(
      String executable, QemuOptions options, int gdbPort, int uartPort, List<String> commandLine) {
    List<String> args = new ArrayList<>();
    args.add(executable);
    args.add("-M");
    args.add(options.machine());
    options
        .cpu()
        .ifPresent(
            cpu -> {
              args.add("-cpu");
              args.add(cpu);
            });
    args.add("-S");
    args.add("-gdb");
    args.add("tcp:127.0.0.1:" + gdbPort);
    args.add("-nographic");
    args.add("-monitor");
    args.add("none");
    args.add("-serial");
    args.add("tcp:127.0.0.1:" + uartPort);
    // without a chardev QEMU 7.2 writes SYS_WRITE0/SYS_WRITEC to its stderr and SYS_WRITE on
    // ":tt" to stdout or stderr: a chardev on stdio puts the whole semihosting console on stdout
    args.add("-chardev");
    args.add("stdio,id=semihosting");
    args.add("-semihosting-config");
    StringBuilder semihosting = new StringBuilder("enable=on,target=native,chardev=semihosting");
    for (String word : commandLine) {
      // QEMU's option syntax: a comma inside a value is written twice
      semihosting.append(",arg=").append(word.replace(",", ",,"));
    }
    args.add(semihosting.toString());
    return args;
  }

  /** The words of a command line as QEMU will join them again (split at runs of spaces). */
  static List<String> words(String commandLine) {
    List<String> words = new ArrayList<>();
    for (String w : commandLine.split(" +")) {
      if (!w.isEmpty()) {
        words.add(w);
      }
    }
    return words;
  }
}
