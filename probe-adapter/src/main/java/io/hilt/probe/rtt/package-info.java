/**
 * SEGGER RTT over a target's memory interface ({@link io.hilt.probe.target.DebugTarget#readMemory}
 * and {@code writeMemory}), so the same reader serves probe-rs, GDB and the simulator.
 *
 * <p>{@link io.hilt.probe.rtt.Rtt} finds the control block by the {@code _SEGGER_RTT} symbol or by
 * scanning memory regions for {@code "SEGGER RTT"} in bounded chunks (the id may straddle two),
 * polls until the firmware has initialised it, and validates every field before using it: buffer
 * counts (at most {@value io.hilt.probe.rtt.Rtt#MAX_CHANNELS} per direction), buffers inside the
 * given regions, sizes (1 byte to 1 MiB), offsets below the size. A bad field is an {@link
 * io.hilt.probe.rtt.RttException} naming the field and its address; nothing outside the regions is
 * read. Channels with a null buffer pointer are configured out and left out. Channel names outside
 * the regions (often in flash) are simply absent.
 *
 * <p>Layout (32-bit targets): {@code char id[16]; i32 MaxNumUpBuffers; i32 MaxNumDownBuffers;} then
 * the up and the down descriptors, 24 bytes each: {@code sName, pBuffer, SizeOfBuffer, WrOff,
 * RdOff, Flags}. The target writes {@code WrOff} of up buffers and the host {@code RdOff}; for down
 * buffers the roles swap. One byte of each ring stays free so full and empty differ.
 */
package io.hilt.probe.rtt;
