/**
 * The {@code probe-rs} driver: boards behind a debug probe, through the probe-rs command line
 * (supported releases: {@value io.hilt.probe.drivers.probers.ProbeRsVersion#SUPPORTED}). Command
 * lines are argument lists built per release ({@link
 * io.hilt.probe.drivers.probers.ProbeRsCommands}), run in a controlled directory with a timeout
 * ({@link io.hilt.probe.drivers.probers.ProbeRsProcesses}); probe-rs's output is read by one parser
 * per command ({@link io.hilt.probe.drivers.probers.ProbeList}, {@link
 * io.hilt.probe.drivers.probers.MemoryDump}, {@link io.hilt.probe.drivers.probers.MonitorLine}) and
 * its errors are classified ({@link io.hilt.probe.drivers.probers.ProbeRsFailure}). Firmware built
 * with embedded-test runs test by test through {@code probe-rs run} ({@link
 * io.hilt.probe.drivers.probers.ProbeRsTarget#runEmbeddedTests}, {@link
 * io.hilt.probe.drivers.probers.EmbeddedTestElf}, {@link
 * io.hilt.probe.drivers.probers.EmbeddedTestRun}). See docs/probe-rs.md.
 */
package io.hilt.probe.drivers.probers;
