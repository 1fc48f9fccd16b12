package io.hilt.orchestrator.cli;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Counts what happened in a run, for the exit code: failed expectations, bad input found while
 * running (a plan or ELF that does not load), infrastructure errors. Containers count too: a plan
 * that fails as a whole is a problem even though none of its tests ran.
 */
public final class RunTally implements TestExecutionListener {
  private final AtomicInteger passed = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger inputErrors = new AtomicInteger();
  private final AtomicInteger infrastructureErrors = new AtomicInteger();
  private final AtomicInteger skipped = new AtomicInteger();

  @Override
  public void executionSkipped(TestIdentifier identifier, String reason) {
    if (identifier.isTest()) {
      skipped.incrementAndGet();
    }
  }

  @Override
  public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
    switch (result.getStatus()) {
      case SUCCESSFUL:
        if (identifier.isTest()) {
          passed.incrementAndGet();
        }
        break;
      case ABORTED:
        if (identifier.isTest()) {
          skipped.incrementAndGet();
        }
        break;
      case FAILED:
        Throwable error =
            result
                .getThrowable()
                .orElseGet(() -> new IllegalStateException("failed without a reason"));
        if (ExitCodes.isFailure(error)) {
          failures.incrementAndGet();
        } else if (ExitCodes.of(error) == ExitCodes.BAD_INPUT) {
          inputErrors.incrementAndGet();
        } else {
          infrastructureErrors.incrementAndGet();
        }
        break;
    }
  }

  public int passed() {
    return passed.get();
  }

  public int failures() {
    return failures.get();
  }

  public int inputErrors() {
    return inputErrors.get();
  }

  public int infrastructureErrors() {
    return infrastructureErrors.get();
  }

  public int skipped() {
    return skipped.get();
  }
}
