/**
 * Serial links to board consoles: the {@link io.hilt.probe.serial.SerialLink} contract, shared by
 * the local (jSerialComm), network (RFC 2217, raw TCP) and simulated UART implementations.
 */
package io.hilt.probe.serial;
