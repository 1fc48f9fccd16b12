package io.hilt.probe.defmt;

import java.util.Optional;

/**
 * Maps an address to a source location. For defmt the address is the interned string's symbol
 * address (its table index): defmt-decoder finds the {@code DEFMT_LOG_STATEMENT} variable at that
 * address in the DWARF info and takes its declaration file and line. Implemented over the ELF's
 * debug info by the {@code elf} package; any other source (a map in tests) works the same way.
 */
@FunctionalInterface
public interface SourceLocator {
  Optional<SourceLocation> locate(long address);
}
