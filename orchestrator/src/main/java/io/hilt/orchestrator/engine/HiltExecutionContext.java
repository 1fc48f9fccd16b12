package io.hilt.orchestrator.engine;

import io.hilt.orchestrator.steps.TestRunner;
import java.util.Objects;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.support.hierarchical.EngineExecutionContext;

/** What every node needs while executing: where to publish and how to run a test. */
record HiltExecutionContext(EngineExecutionListener listener, TestRunner runner)
    implements EngineExecutionContext {
  HiltExecutionContext {
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(runner, "runner");
  }
}
