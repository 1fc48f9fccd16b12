package io.hilt.sim.semihosting;

import io.hilt.probe.target.OutputChannel;

/** Where target output bytes go. */
@FunctionalInterface
public interface OutputSink {
  void write(OutputChannel channel, byte[] data, int offset, int length);
}
