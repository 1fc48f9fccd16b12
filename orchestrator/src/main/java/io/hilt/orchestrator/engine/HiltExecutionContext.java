package io.hilt.orchestrator.engine;

import io.hilt.orchestrator.steps.TestRunner;
import java.util.Objects;
import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.support.hierarchical.EngineExecutionContext;

/** What every node needs while executing: where to publish, how to run a test, when to stop. */
record HiltExecutionContext(
    EngineExecutionListener listener, TestRunner runner, CancellationToken cancellation)
    implements EngineExecutionContext {
  HiltExecutionContext {
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(runner, "runner");
    Objects.requireNonNull(cancellation, "cancellation");
  }
}
