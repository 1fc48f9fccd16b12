package io.hilt.sim.semihosting;

/** The four words SYS_HEAPINFO returns. */
public record HeapInfo(long heapBase, long heapLimit, long stackBase, long stackLimit) {}
