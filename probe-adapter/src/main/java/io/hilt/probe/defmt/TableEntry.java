package io.hilt.probe.defmt;

import java.util.Objects;
import java.util.Optional;

/**
 * One interned string of the firmware: a {@code .defmt} symbol whose address is {@code index}.
 *
 * @param index the symbol's address, which frames carry as a little-endian u16
 * @param tag what kind of string it is
 * @param format the format string ({@code data} in the JSON)
 * @param rawSymbol the symbol name as in the ELF (the JSON text)
 * @param packageName the Cargo package ({@code package}); empty for hand-written tables
 * @param crateName the crate ({@code crate_name}, wire version 4)
 */
public record TableEntry(
    long index,
    Tag tag,
    String format,
    String rawSymbol,
    String packageName,
    Optional<String> crateName) {
  public TableEntry {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(rawSymbol, "rawSymbol");
    Objects.requireNonNull(packageName, "packageName");
    Objects.requireNonNull(crateName, "crateName");
    if (index < 0) {
      throw new IllegalArgumentException("negative defmt index " + index);
    }
  }

  /** An entry without symbol information (tests, tables built by hand). */
  public static TableEntry of(long index, Tag tag, String format) {
    return new TableEntry(index, tag, format, "<" + tag.symbolTag() + ">", "", Optional.empty());
  }
}
