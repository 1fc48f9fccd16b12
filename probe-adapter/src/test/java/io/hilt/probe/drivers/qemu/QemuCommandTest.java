package io.hilt.probe.drivers.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QemuCommandTest {
  private final QemuOptions options =
      new QemuOptions(
          "mps2-an385",
          Optional.empty(),
          "qemu-system-arm",
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          true,
          true);

  @Test
  void startsHaltedWithLoopbackGdbAndUartAndSemihostingArguments() {
    assertThat(
            QemuCommand.arguments(
                "qemu-system-arm", options, 4000, 4001, List.of("stack.elf", "8")))
        .containsExactly(
            "qemu-system-arm",
            "-M",
            "mps2-an385",
            "-S",
            "-gdb",
            "tcp:127.0.0.1:4000",
            "-nographic",
            "-monitor",
            "none",
            "-serial",
            "tcp:127.0.0.1:4001",
            "-chardev",
            "stdio,id=semihosting",
            "-semihosting-config",
            "enable=on,target=native,chardev=semihosting,arg=stack.elf,arg=8");
  }

  @Test
  void doublesCommasInArgumentsAsQemuOptionSyntaxWants() {
    assertThat(QemuCommand.arguments("q", options, 1, 2, List.of("a,b")))
        .last()
        .isEqualTo("enable=on,target=native,chardev=semihosting,arg=a,,b");
  }

  @Test
  void splitsTheCommandLineIntoWordsAsSysGetCmdlineJoinsThem() {
    assertThat(QemuCommand.words("  stack.elf   8 ")).containsExactly("stack.elf", "8");
    assertThat(QemuCommand.words("")).isEmpty();
  }
}
