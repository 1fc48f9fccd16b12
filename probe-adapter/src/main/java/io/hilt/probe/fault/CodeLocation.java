package io.hilt.probe.fault;

import io.hilt.probe.elf.SourceLine;
import io.hilt.probe.elf.SymbolicAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A code address and what the ELF says about it.
 *
 * @param address the address (on ARM without the Thumb bit)
 * @param symbol the function containing it, as {@code function+offset}
 * @param source its source line, from the DWARF line table
 */
public record CodeLocation(
    long address, Optional<SymbolicAddress> symbol, Optional<SourceLine> source) {
  public CodeLocation {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(source, "source");
  }

  /** An address nothing is known about. */
  public static CodeLocation unresolved(long address) {
    return new CodeLocation(address, Optional.empty(), Optional.empty());
  }

  /** The function name, when the ELF has a symbol for the address. */
  public Optional<String> function() {
    return symbol.map(SymbolicAddress::symbol);
  }

  /** {@code ro_write+0x6 at src/faults.c:42}, or the bare address when no symbol is known. */
  public String describe() {
    String where = symbol.map(SymbolicAddress::toString).orElse(Hex.word(address));
    return where + source.map(s -> " at " + s).orElse("");
  }

  @Override
  public String toString() {
    return Hex.word(address)
        + symbol.map(s -> " " + s).orElse("")
        + source.map(s -> " at " + s).orElse("");
  }
}
