/**
 * The RV32IMAC hart of {@code sim-riscv32}: the decoder tables ({@link
 * io.hilt.sim.riscv.RvDecoder}, RVC expanded to base operations), field extraction ({@link
 * io.hilt.sim.riscv.RvFields}), the interpreter ({@link io.hilt.sim.riscv.RiscvCore}: one decode
 * per instruction, cached per RAM halfword in {@link io.hilt.sim.riscv.PagedRam}, no allocation on
 * the hot path), PMP ({@link io.hilt.sim.riscv.Pmp}) and the CSR numbers and names ({@link
 * io.hilt.sim.riscv.RvCsr}). The board around it is {@link io.hilt.sim.board.RiscvBoard}; what is
 * modelled and where it differs from QEMU is in docs/simulator-riscv.md.
 */
package io.hilt.sim.riscv;
