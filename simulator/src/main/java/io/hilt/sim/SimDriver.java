package io.hilt.sim;

import io.hilt.probe.target.Arch;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.TargetDriver;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import io.hilt.sim.board.CortexM0PlusBoard;
import java.time.Clock;

/** The bundled simulator, driver id {@code sim}. Boards: cortex-m0plus on the mps2-an385 map. */
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
    if (spec.arch() != Arch.CORTEX_M0PLUS) {
      throw new TargetException(
          String.format(
              "profile %s: the simulator has no %s board yet (available: %s)",
              spec.name(), spec.arch().id(), Arch.CORTEX_M0PLUS.id()));
    }
    SimOptions options = SimOptions.parse(spec.name(), spec.options());
    CortexM0PlusBoard board = new CortexM0PlusBoard(clock, options.catchHardFault());
    for (MemoryRegion region : spec.memory()) {
      boolean inside =
          board
              .bus()
              .ramAt((int) region.start())
              .filter(r -> r.contains((int) (region.end() - 1)))
              .isPresent();
      if (!inside) {
        throw new TargetException(
            String.format(
                "profile %s: memory region %s (0x%08x..0x%08x) is not RAM on the simulated"
                    + " mps2-an385 map",
                spec.name(), region.name(), region.start(), region.end()));
      }
    }
    return new SimTarget(spec, options, board);
  }
}
