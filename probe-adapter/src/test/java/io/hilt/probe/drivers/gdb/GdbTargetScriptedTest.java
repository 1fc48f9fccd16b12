package io.hilt.probe.drivers.gdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.target.Arch;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gdb driver against a scripted server that behaves as QEMU does not: no target description, no
 * {@code p}/{@code P}, binary {@code X} writes, no-ack mode, hardware breakpoints only, signals and
 * the swbreak stop reason. The registers are a {@code g} packet in GDB's default ARM layout.
 */
class GdbTargetScriptedTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final long RAM = 0x2000_0000L;

  private final byte[] memory = new byte[4096];
  private final long[] registers = new long[17]; // r0..r15, then xpsr (number 25) in g
  private final AtomicReference<List<String>> onContinue = new AtomicReference<>(List.of());
  private ScriptedGdbServer server;
  private GdbTarget target;

  private List<String> answer(String packet) {
    if (packet.startsWith("qSupported")) {
      return List.of("PacketSize=100;QStartNoAckMode+;swbreak+;hwbreak+");
    }
    if (packet.equals("QStartNoAckMode")
        || packet.startsWith("Z1")
        || packet.startsWith("z1")
        || packet.equals("D")) {
      return List.of("OK");
    }
    if (packet.equals("?")) {
      return List.of("S05");
    }
    if (packet.equals("g")) {
      StringBuilder hex = new StringBuilder();
      for (long r : registers) {
        hex.append(Hex.littleEndian(r, 4));
      }
      return List.of(hex.toString());
    }
    if (packet.startsWith("G")) {
      for (int i = 0; i < registers.length; i++) {
        registers[i] = Hex.littleEndian(packet.substring(1 + i * 8, 9 + i * 8)).getAsLong();
      }
      return List.of("OK");
    }
    if (packet.startsWith("m")) {
      String[] f = packet.substring(1).split(",");
      int at = (int) (Long.parseLong(f[0], 16) - RAM);
      int n = Integer.parseInt(f[1], 16);
      if (at < 0 || at + n > memory.length) {
        return List.of("E14");
      }
      return List.of(HexFormat.of().formatHex(memory, at, at + n));
    }
    if (packet.startsWith("X")) {
      int colon = packet.indexOf(':');
      String[] f = packet.substring(1, colon).split(",");
      int n = Integer.parseInt(f[1], 16);
      if (n == 0) {
        return List.of("OK");
      }
      int at = (int) (Long.parseLong(f[0], 16) - RAM);
      byte[] data = packet.substring(colon + 1).getBytes(StandardCharsets.ISO_8859_1);
      System.arraycopy(data, 0, memory, at, n);
      return List.of("OK");
    }
    if (packet.startsWith("qRcmd,")) {
      return List.of("O" + HexFormat.of().formatHex("resetting\n".getBytes()), "OK");
    }
    if (packet.equals("c")) {
      return onContinue.get();
    }
    if (packet.equals(ScriptedGdbServer.INTERRUPT)) {
      return List.of("T02");
    }
    return List.of(""); // not supported: p, P, Z0, vCont?, qXfer...
  }

  private GdbTarget open(Map<String, String> extra) throws Exception {
    server = new ScriptedGdbServer(this::answer);
    Map<String, String> options = new HashMap<>(Map.of("address", server.address()));
    options.putAll(extra);
    TargetSpec spec = new TargetSpec("scripted", Arch.CORTEX_M4, "gdb", List.of(), options);
    target = (GdbTarget) new GdbDriver().open(spec);
    return target;
  }

  @AfterEach
  void close() throws Exception {
    if (target != null) {
      target.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void readsAndWritesRegistersThroughTheGPacketInGdbsDefaultLayout() throws Exception {
    registers[15] = 0x100;
    registers[16] = 0x0100_0003L;
    open(Map.of());
    assertThat(target.readRegister("pc")).isEqualTo(0x100);
    assertThat(target.readRegister("xpsr")).isEqualTo(0x0100_0003L);
    target.writeRegister("r3", 0xDEAD_BEEFL);
    assertThat(registers[3]).isEqualTo(0xDEAD_BEEFL);
    assertThat(target.readRegister("r3")).isEqualTo(0xDEAD_BEEFL);
  }

  @Test
  void switchesToNoAckModeWhenOffered() throws Exception {
    open(Map.of());
    int agreed = server.received.indexOf("QStartNoAckMode");
    assertThat(agreed).isPositive();
    // the OK is acknowledged, nothing after it
    assertThat(server.received.subList(agreed + 1, server.received.size()))
        .startsWith("+")
        .containsOnlyOnce("+");
  }

  @Test
  void writesMemoryAsEscapedBinaryInPacketsThatFitPacketSize() throws Exception {
    open(Map.of());
    byte[] data = new byte[300];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) "$#}*ab".charAt(i % 6);
    }
    target.writeMemory(RAM + 16, data);
    assertThat(java.util.Arrays.copyOfRange(memory, 16, 316)).isEqualTo(data);
    assertThat(target.readMemory(RAM + 16, 300)).isEqualTo(data);
    List<String> writes =
        server.received.stream().filter(p -> p.startsWith("X") && !p.contains(",0:")).toList();
    assertThat(writes).hasSizeGreaterThan(1);
    for (String w : writes) {
      // PacketSize=0x100: escaped payload within it
      assertThat(
              RspFrameEncoder.escapedLength(w.getBytes(StandardCharsets.ISO_8859_1), 0, w.length()))
          .isLessThanOrEqualTo(0x100);
    }
  }

  @Test
  void unreadableMemoryNamesAddressAndReply() throws Exception {
    open(Map.of());
    assertThatThrownBy(() -> target.readMemory(0x1000, 4))
        .hasMessageContaining("cannot read 4 bytes at 0x00001000")
        .hasMessageContaining("'m1000,4'")
        .hasMessageContaining("error 14")
        .hasMessageContaining(server.address());
  }

  @Test
  void fallsBackToHardwareBreakpointsAndReportsSwbreakStops() throws Exception {
    open(Map.of());
    target.addBreakpoint(0x200);
    assertThat(server.received).contains("Z0,200,2", "Z1,200,2");
    onContinue.set(List.of("T05swbreak:;0f:00020000;"));
    target.resume();
    assertThat(target.waitForStop(WAIT)).isEqualTo(new StopReason.Breakpoint(0x200));
    target.removeBreakpoint(0x200);
    assertThat(server.received).contains("z1,200,2");
  }

  @Test
  void faultSignalIsAFaultNamedByTheExceptionInIpsr() throws Exception {
    registers[16] = 0x0100_0003L; // IPSR 3: HardFault
    open(Map.of());
    onContinue.set(List.of("T0b0f:44010000;"));
    target.resume();
    assertThat(target.waitForStop(WAIT))
        .isEqualTo(
            new StopReason.Fault(
                "HardFault", 0x144, "the GDB server stopped the core with SIGSEGV"));
  }

  @Test
  void exitAndTerminationEndTheTarget() throws Exception {
    open(Map.of());
    onContinue.set(List.of("W03"));
    target.resume();
    assertThat(target.waitForStop(WAIT)).isEqualTo(new StopReason.Exited(3));
    assertThat(target.ended()).isTrue();
    // an exited target stays exited until it is reset
    target.resume();
    assertThat(target.stopReason()).contains(new StopReason.Exited(3));
  }

  @Test
  void terminationBySignalIsAFault() throws Exception {
    open(Map.of());
    onContinue.set(List.of("X0b"));
    target.resume();
    StopReason stop = target.waitForStop(WAIT);
    assertThat(stop).isInstanceOf(StopReason.Fault.class);
    assertThat(((StopReason.Fault) stop).exception()).isEqualTo("SIGSEGV");
  }

  @Test
  void haltInterruptsTheRunningCore() throws Exception {
    registers[15] = 0x300;
    open(Map.of());
    target.resume();
    assertThat(target.waitForStop(Duration.ofMillis(50))).isEqualTo(new StopReason.TimedOut());
    target.halt();
    assertThat(server.received).contains(ScriptedGdbServer.INTERRUPT);
    assertThat(target.stopReason()).contains(new StopReason.Halted(0x300));
  }

  @Test
  void resetRunsTheConfiguredMonitorCommandAndKeepsItsOutputOutOfTheConsole() throws Exception {
    open(Map.of("reset-command", "reset halt"));
    List<String> console = new java.util.concurrent.CopyOnWriteArrayList<>();
    target.addOutputListener(c -> console.add(new String(c.data())));
    target.reset(ResetMode.HALT);
    assertThat(server.received)
        .contains("qRcmd," + HexFormat.of().formatHex("reset halt".getBytes()));
    assertThat(console).isEmpty();
  }

  @Test
  void closeDetaches() throws Exception {
    open(Map.of());
    target.close();
    assertThat(server.received).endsWith("D");
  }

  @Test
  void oversizedReplyIsAnErrorNotAHang() throws Exception {
    open(Map.of("max-packet", "256", "timeout", "30s"));
    server.received.clear();
    onContinue.set(List.of());
    // the next m is answered with 2000 bytes where at most 512 are accepted
    ScriptedGdbServer s = server;
    s.send("0".repeat(2000));
    assertThatThrownBy(() -> target.readMemory(RAM, 4))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("longer than the limit");
  }

  @Test
  void silentServerTimesOutNamingThePacketAndTheServer() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String address = "127.0.0.1:" + silent.getLocalPort();
      TargetSpec spec =
          new TargetSpec(
              "silent",
              Arch.CORTEX_M3,
              "gdb",
              List.of(),
              Map.of("address", address, "timeout", "200ms"));
      assertThatThrownBy(() -> new GdbDriver().open(spec))
          .isInstanceOf(TargetException.class)
          .hasMessageContaining("silent: GDB server " + address)
          .hasMessageContaining("did not answer 'qSupported:")
          .hasMessageContaining("PT0.2S");
    }
  }

  @Test
  void refusedConnectionNamesTheAddress() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    TargetSpec spec =
        new TargetSpec(
            "nobody", Arch.CORTEX_M3, "gdb", List.of(), Map.of("address", "127.0.0.1:" + port));
    assertThatThrownBy(() -> new GdbDriver().open(spec))
        .hasMessageContaining("cannot connect to the GDB server at 127.0.0.1:" + port);
  }

  @Test
  void optionsAreCheckedNamingTheProfile() {
    assertThatThrownBy(() -> openProfileP(Map.of()))
        .hasMessageContaining("profile p: driver-options needs 'address'");
    assertThatThrownBy(() -> openProfileP(Map.of("address", "localhost")))
        .hasMessageContaining("is not host:port");
    assertThatThrownBy(() -> openProfileP(Map.of("address", "h:1", "timeout", "soon")))
        .hasMessageContaining("timeout 'soon' is not a positive duration");
    assertThatThrownBy(() -> openProfileP(Map.of("address", "h:1", "adress", "x")))
        .hasMessageContaining("unknown driver option 'adress'");
  }

  private static DebugTarget openProfileP(Map<String, String> options) {
    return new GdbDriver().open(new TargetSpec("p", Arch.CORTEX_M3, "gdb", List.of(), options));
  }
}
