package io.hilt.orchestrator.cli;

import io.hilt.orchestrator.config.ConfigException;
import io.hilt.orchestrator.results.UnreportedResultException;
import io.hilt.orchestrator.steps.StackRegionException;
import io.hilt.orchestrator.steps.StopReasons;
import io.hilt.probe.elf.ElfException;
import io.hilt.probe.target.StopReason;
import java.util.OptionalInt;
import picocli.CommandLine;

/**
 * Every exit code of the CLI, and the one place that maps errors to them (see docs/cli.md).
 *
 * <p>{@code hilt exec} exits with the firmware's own code, so its codes for a timeout and a fault
 * are chosen high ({@value #EXEC_TIMEOUT}, {@value #EXEC_FAULT}, as coreutils' {@code timeout}
 * does) where firmware rarely exits; the one-line reason on stderr tells them apart.
 */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int TEST_FAILED = 1;
  public static final int BAD_INPUT = 2;
  public static final int INFRASTRUCTURE = 3;
  public static final int EXEC_TIMEOUT = 124;
  public static final int EXEC_FAULT = 125;

  private ExitCodes() {}

  /** The exit code for an error that ended a command. */
  public static int of(Throwable error) {
    if (error instanceof CommandLine.ParameterException
        || error instanceof UsageException
        || error instanceof ConfigException
        || error instanceof ElfException
        || error instanceof StackRegionException) {
      return BAD_INPUT;
    }
    return INFRASTRUCTURE;
  }

  /**
   * The exit code of a run: a real test failure wins (the build is red whatever else happened),
   * then bad input found while running, then infrastructure trouble; 0 when none happened.
   */
  public static int of(RunTally tally) {
    if (tally.failures() > 0) {
      return TEST_FAILED;
    }
    if (tally.inputErrors() > 0) {
      return BAD_INPUT;
    }
    if (tally.infrastructureErrors() > 0) {
      return INFRASTRUCTURE;
    }
    return OK;
  }

  /**
   * The exit code of {@code hilt exec}: the firmware's own exit code when it exited with one in
   * 0-255 (an exit status outside that range gives {@value #TEST_FAILED}, so it never wraps to a
   * false 0), {@value #EXEC_TIMEOUT} when time or the instruction budget ran out, {@value
   * #EXEC_FAULT} when the core faulted, locked up or stopped at a breakpoint.
   */
  public static int ofExec(StopReason reason) {
    OptionalInt code = StopReasons.exitCode(reason);
    if (code.isPresent()) {
      int value = code.getAsInt();
      return value >= 0 && value <= 255 ? value : TEST_FAILED;
    }
    if (StopReasons.stillRunning(reason) || reason instanceof StopReason.LimitReached) {
      return EXEC_TIMEOUT;
    }
    return EXEC_FAULT;
  }

  /**
   * Whether a test's throwable is a failed expectation (as opposed to an error). A result the
   * firmware never reported counts here: the firmware under test is at fault, not the lab.
   */
  public static boolean isFailure(Throwable error) {
    return error instanceof AssertionError || error instanceof UnreportedResultException;
  }
}
