/**
 * The bundled simulator: a {@link io.hilt.probe.target.TargetDriver} with id {@code sim}.
 *
 * <p>Packages, each one job:
 *
 * <ul>
 *   <li>{@code sim.bus}: the bus a core sees ({@link io.hilt.sim.bus.Bus}), RAM with its decode
 *       cache, devices as regions;
 *   <li>{@code sim.thumb}: the Thumb decoder tables, field extraction and the ARMv6-M, ARMv7-M and
 *       ARMv7E-M core (one method per instruction, an interpreter loop over decoded ops);
 *   <li>{@code sim.cortexm}: the M-profile exception model (ARMv6-M, and ARMv7-M with its fault
 *       status registers, configurable faults, escalation and lockup), NVIC, SysTick and System
 *       Control Space;
 *   <li>{@code sim.mpu}: the PMSAv7 MPU, which the core consults through its memory protection
 *       hook;
 *   <li>{@code sim.riscv}: the RV32IMAC hart (Zicsr, Zifencei, M and U modes, traps and
 *       interrupts), its decoder tables and field extraction, PMP and lazily paged RAM;
 *   <li>{@code sim.periph}: peripherals (CMSDK APB UART; NS16550A UART, CLINT and test finisher of
 *       QEMU's RISC-V {@code virt});
 *   <li>{@code sim.semihosting}: Arm-compatible semihosting, independent of the CPU;
 *   <li>{@code sim.board}: boards as memory maps plus parts behind {@link
 *       io.hilt.sim.board.SimBoard} (Cortex-M0+ and Cortex-M3 on mps2-an385, Cortex-M4 without FPU
 *       on mps2-an386, RV32IMAC on QEMU's RISC-V {@code virt}: see docs/simulator-riscv.md);
 *   <li>{@code sim}: the driver, the threaded {@link io.hilt.probe.target.DebugTarget} and {@link
 *       io.hilt.sim.SimRunner} for benchmarks.
 * </ul>
 */
package io.hilt.sim;
