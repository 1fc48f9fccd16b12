package io.hilt.probe.target;

/**
 * Receives target output. Called on the target's own thread; implementations must be quick and must
 * not call back into the target's run control.
 */
@FunctionalInterface
public interface OutputListener {
  void onOutput(OutputChunk chunk);
}
