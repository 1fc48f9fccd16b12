/**
 * Target logs over RTT, for plans ({@code expect-log}, {@code fail-on-log}, the per-test
 * system-out) and {@code hilt monitor}: {@link io.hilt.orchestrator.logs.RttLogReader} attaches to
 * the control block once the firmware has set it up, polls every up channel without stopping the
 * core, decodes the log channel with defmt (table and locations from the ELF) and splits the other
 * channels into text lines; {@link io.hilt.orchestrator.logs.LogLine} is one line, formatted as
 * text or JSON. The behaviour is documented in docs/logs.md.
 */
package io.hilt.orchestrator.logs;
