package io.hilt.probe.defmt;

import java.util.Optional;
import java.util.function.Function;

/**
 * Maps an address to a source location. For defmt the address is the interned string's symbol
 * address (its table index): defmt-decoder finds the {@code DEFMT_LOG_STATEMENT} variable at that
 * address in the DWARF info and takes its declaration file and line. Implemented over the ELF's
 * debug info by the {@code elf} package; any other source (a map in tests) works the same way.
 */
@FunctionalInterface
public interface SourceLocator {
  Optional<SourceLocation> locate(long address);

  /**
   * A locator from a lookup by linkage name, the way defmt-decoder matches debug info: the DWARF
   * variable whose {@code DW_AT_linkage_name} is the entry's JSON symbol gives {@code
   * DW_AT_decl_file} and {@code DW_AT_decl_line}. gcc emits such a variable for the C trick in the
   * package documentation (an extern with the JSON as its asm label), but records the label as
   * written in the source: in double quotes, with {@code \"} and {@code \\} escapes. A lookup over
   * DWARF must remove that quoting before comparing with the symbol name.
   */
  static SourceLocator byLinkageName(
      DefmtTable table, Function<String, Optional<SourceLocation>> byLinkageName) {
    return address -> table.entry(address).flatMap(e -> byLinkageName.apply(e.rawSymbol()));
  }
}
