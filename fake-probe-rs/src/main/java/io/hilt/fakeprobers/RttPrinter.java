package io.hilt.fakeprobers;

import io.hilt.probe.defmt.DefmtEvent;
import io.hilt.probe.defmt.DefmtLocations;
import io.hilt.probe.defmt.DefmtStreamDecoder;
import io.hilt.probe.defmt.DefmtTable;
import io.hilt.probe.defmt.LevelFilter;
import io.hilt.probe.defmt.LogRecord;
import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.rtt.Rtt;
import io.hilt.probe.rtt.RttChannel;
import io.hilt.probe.rtt.RttException;
import io.hilt.probe.target.DebugTarget;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What probe-rs's RTT client does while {@code run}/{@code attach} watch the firmware: find the
 * control block (at {@code _SEGGER_RTT}, or by scanning RAM when asked), poll every up channel, and
 * print text channels as they are and a channel named {@code defmt} decoded with the ELF's table
 * (util/rtt/processing.rs: {@code process_string} without timestamps, {@code DefmtProcessor} with
 * {@code --log-format}).
 */
final class RttPrinter {
  private final DebugTarget target;
  private final Optional<ElfFile> elf;
  private final boolean scan;
  private final Optional<String> logFormat;
  private final PrintStream out;
  private final Map<Integer, DefmtStreamDecoder> decoders = new HashMap<>();
  private Optional<Rtt> rtt = Optional.empty();

  RttPrinter(
      DebugTarget target,
      Optional<ElfFile> elf,
      boolean scan,
      Optional<String> logFormat,
      PrintStream out) {
    this.target = target;
    this.elf = elf;
    this.scan = scan;
    this.logFormat = logFormat;
    this.out = out;
  }

  /** Attaches when the block is ready, then prints what every up channel holds. */
  void poll() {
    if (rtt.isEmpty()) {
      try {
        Optional<Long> address = elf.flatMap(Rtt::symbolAddress);
        if (address.isPresent()) {
          rtt =
              Optional.of(
                  Rtt.attach(
                      target,
                      address.get(),
                      FakeBoard.MEMORY,
                      Duration.ZERO,
                      Duration.ofMillis(1)));
        } else if (scan) {
          rtt =
              Optional.of(
                  Rtt.scanAndAttach(target, FakeBoard.MEMORY, Duration.ZERO, Duration.ofMillis(1)));
        } else {
          return;
        }
      } catch (RttException e) {
        return; // Not initialised yet.
      }
    }
    Rtt r = rtt.get();
    for (int i = 0; i < r.controlBlock().up().size(); i++) {
      byte[] data = r.read(i, 64 * 1024);
      if (data.length == 0) {
        continue;
      }
      RttChannel channel = r.controlBlock().up().get(i);
      Optional<DefmtStreamDecoder> decoder = defmt(i, channel);
      if (decoder.isPresent()) {
        for (DefmtEvent event : decoder.get().feed(data)) {
          if (event instanceof LogRecord record) {
            out.println(format(record));
          }
        }
      } else {
        out.print(new String(data, StandardCharsets.UTF_8));
      }
      out.flush();
    }
  }

  private Optional<DefmtStreamDecoder> defmt(int index, RttChannel channel) {
    if (!channel.name().filter("defmt"::equals).isPresent() || elf.isEmpty()) {
      return Optional.empty();
    }
    if (!decoders.containsKey(index)) {
      Optional<DefmtTable> table = DefmtTable.fromElf(elf.get());
      if (table.isEmpty()) {
        return Optional.empty();
      }
      decoders.put(
          index,
          new DefmtStreamDecoder(
              table.get(),
              LevelFilter.all(),
              Optional.of(DefmtLocations.read(elf.get(), table.get())),
              DefmtStreamDecoder.DEFAULT_MAX_FRAME));
    }
    return Optional.of(decoders.get(index));
  }

  /** The defmt log format's {L}, {F}, {f}, {l}, {m}, {s}, {t}; "oneline" is "LEVEL message". */
  private String format(LogRecord record) {
    String level = record.level().map(Enum::name).orElse("");
    String format =
        logFormat.filter(f -> !f.equals("oneline") && !f.equals("full")).orElse("{t} {L} {s}");
    String file = record.location().map(l -> l.file()).orElse("");
    String line = record.location().map(l -> Long.toString(l.line())).orElse("");
    String module = record.location().flatMap(l -> l.module()).orElse("");
    return format
        .replace("{L}", level)
        .replace("{F}", file)
        .replace("{f}", file.substring(file.lastIndexOf('/') + 1))
        .replace("{l}", line)
        .replace("{m}", module)
        .replace("{t}", record.timestamp().orElse(""))
        .replace("{s}", record.text())
        .strip();
  }
}
