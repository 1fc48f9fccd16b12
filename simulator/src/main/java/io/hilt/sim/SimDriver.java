package io.hilt.sim;

import io.hilt.probe.target.Arch;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.TargetDriver;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import io.hilt.sim.board.CortexMBoard;
import io.hilt.sim.board.RiscvBoard;
import io.hilt.sim.board.SimBoard;
import io.hilt.sim.cortexm.CoreModel;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;

/**
 * The bundled simulator, driver id {@code sim}. Boards by the profile's arch: {@code cortex-m0plus}
 * and {@code cortex-m3} on the mps2-an385 map, {@code cortex-m4} on the mps2-an386 map (the same
 * memory), {@code riscv32imac} on QEMU's RISC-V {@code virt} map.
 */
public final class SimDriver implements TargetDriver {
  public static final String ID = "sim";
  private final Clock clock;

  /** For ServiceLoader: the system clock serves SYS_TIME. */
  public SimDriver() {
    this(Clock.systemUTC());
  }

  public SimDriver(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public DebugTarget open(TargetSpec spec) {
    SimOptions options = SimOptions.parse(spec.name(), spec.options());
    SimBoard board;
    if (spec.arch() == Arch.RISCV32IMAC) {
      if (options.vectorCatch() == SimOptions.VectorCatch.HARDFAULT) {
        throw new TargetException(
            String.format(
                "profile %s: vector-catch 'hardfault' is a Cortex-M value; %s takes 'all-faults'"
                    + " or 'none'",
                spec.name(), spec.arch().id()));
      }
      board = new RiscvBoard(clock, options.vectorCatch() == SimOptions.VectorCatch.ALL_FAULTS);
    } else {
      CoreModel model =
          coreModel(spec.arch())
              .orElseThrow(
                  () ->
                      new TargetException(
                          String.format(
                              "profile %s: the simulator has no %s board (available: %s)",
                              spec.name(),
                              spec.arch().id(),
                              String.join(
                                  ", ",
                                  Arrays.stream(Arch.values())
                                      .filter(SimDriver::hasBoard)
                                      .map(Arch::id)
                                      .toList()))));
      board = new CortexMBoard(model, clock, options.vectorCatch().demcrBits());
    }
    for (MemoryRegion region : spec.memory()) {
      if (!board.isRam(region.start(), region.end())) {
        throw new TargetException(
            String.format(
                "profile %s: memory region %s (0x%08x..0x%08x) is not RAM on the simulated"
                    + " %s map",
                spec.name(), region.name(), region.start(), region.end(), board.mapName()));
      }
    }
    return new SimTarget(spec, options, board);
  }

  /** True when the simulator has a board for {@code arch}. */
  public static boolean hasBoard(Arch arch) {
    return arch == Arch.RISCV32IMAC || coreModel(arch).isPresent();
  }

  /** The core the simulator models for an architecture, if it has one. */
  public static Optional<CoreModel> coreModel(Arch arch) {
    return switch (arch) {
      case CORTEX_M0PLUS -> Optional.of(CoreModel.CORTEX_M0PLUS);
      case CORTEX_M3 -> Optional.of(CoreModel.CORTEX_M3);
      case CORTEX_M4 -> Optional.of(CoreModel.CORTEX_M4);
      case CORTEX_M33, RISCV32IMAC -> Optional.empty();
    };
  }
}
