/**
 * defmt logs: the table of interned strings from the firmware ELF, the frame decoder for wire
 * format versions 3 (defmt 0.3) and 4 (defmt 1.x), rzCOBS, a chunk-fed stream decoder, a {@code
 * DEFMT_LOG}-style level filter, and defmt's log-line templates. Written from defmt-decoder's
 * sources ({@code decoder/src/decoder.rs}, {@code lib.rs}, {@code frame.rs}, {@code elf2table/},
 * {@code stream/}, {@code log/format/}) and {@code parser/src/}: the book's serialization chapters
 * are outdated for these versions.
 *
 * <h2>Wire format (versions 3 and 4)</h2>
 *
 * A frame is the u16 table index of the log statement, then the timestamp's arguments when the
 * firmware defines a timestamp, then the message's arguments, by argument index. Everything is
 * little-endian; {@code =bool} is one byte 0 or 1 (the compressed bool bitfields of older versions
 * are gone); {@code =str}, {@code =[u8]} and {@code =[?]} are a u32 length then the data; {@code
 * =istr} and {@code =?} are a u16 index (a {@code =?} then its own arguments; an enum's format
 * {@code A|B(..)} a discriminant of 1, 2 or 4 bytes by variant count); {@code =[?]} has one format
 * index for all elements; a bitfield sends only the bytes holding its bits; {@code Debug2Format}
 * text ends with 0xff; a format sequence ends with index 0.
 *
 * <h2>Resynchronisation</h2>
 *
 * rzCOBS ends every frame with 0x00, so decoding resumes after the next zero. Raw frames have no
 * delimiter: after a frame that does not decode, {@link io.hilt.probe.defmt.DefmtStreamDecoder}
 * drops everything buffered (reported as an {@link io.hilt.probe.defmt.UndecodableFrame}) and
 * starts afresh with the next chunk; RTT reads normally end on frame boundaries, so this recovers
 * from corrupted bytes but not from bytes lost inside a frame. defmt-decoder itself gives up.
 *
 * <h2>The table from C (for firmware that emits defmt without Rust)</h2>
 *
 * A {@code .defmt} symbol's name is JSON and its address is its index. GNU as accepts any symbol
 * name in double quotes with {@code \"} escapes, so C can define one in a file-scope asm statement
 * and use the same quoted text as the asm label of an extern to take its address:
 *
 * <pre>{@code
 * #define DEFMT_JSON(tag, fmt, id) "\"{\\\"package\\\":\\\"app\\\",\\\"tag\\\":\\\"" tag \
 *   "\\\",\\\"data\\\":\\\"" fmt "\\\",\\\"disambiguator\\\":\\\"" id "\\\",\\\"crate_name\\\":\\\"app\\\"}\""
 * #define DEFMT_INTERN(name, tag, fmt) \
 *   __asm__(".pushsection .defmt." #name ",\"\",%progbits\n" DEFMT_JSON(tag, fmt, #name) \
 *           ":\n.byte 0\n.popsection\n"); \
 *   extern const char name[] __asm__(DEFMT_JSON(tag, fmt, #name))
 * DEFMT_INTERN(boot, "defmt_info", "booted in {=u16} ms");   // index = (uint16_t)(uintptr_t)boot
 * }</pre>
 *
 * plus the version and encoding symbols ({@code .set "_defmt_version_ = 4", 1} and {@code .set
 * "_defmt_encoding_ = rzcobs", 1}) and, in the linker script, {@code .defmt 1 (INFO) : {
 * KEEP(*(.defmt .defmt.*)) }} (not loaded; index 0 is reserved). Assembler data can hold an index
 * with {@code .hword <quoted name>}. The test resource {@code defmt/defmt-demo.c} is a complete
 * example, built by arm-none-eabi-gcc in {@code DefmtElfTest}. Format strings with {@code "} or
 * {@code \} need JSON escaping on top of the assembler escaping.
 *
 * <h2>Locations</h2>
 *
 * defmt-decoder takes a statement's file and line from the DWARF variable {@code
 * DEFMT_LOG_STATEMENT} whose linkage name is the symbol (its {@code DW_AT_decl_file}/{@code
 * decl_line}), not from the line table: {@code .defmt} addresses are not code. The stream decoder
 * asks a {@link io.hilt.probe.defmt.SourceLocator} with the statement's index (its symbol address);
 * {@link io.hilt.probe.defmt.DefmtLocations#read} provides one from the ELF's debug info. For the C
 * trick above gcc emits a {@code DW_TAG_variable} for each extern the code uses (not for unused
 * ones), with {@code DW_AT_decl_line} at the {@code DEFMT_INTERN} and the asm label, still quoted
 * and escaped, as {@code DW_AT_linkage_name}; the reader unquotes it. The DWARF line table ({@code
 * elf.DwarfLineTable}) maps code addresses and cannot place {@code .defmt} indices.
 *
 * <h2>Differences from defmt-decoder</h2>
 *
 * Bad input never panics: nesting is limited to 64 levels and a frame to 65536 values (defmt would
 * loop over a {@code [?]} of four billion empty elements); {@code :cbor} byte slices print as a
 * plain list; ISO 8601 timestamps beyond year 9999 print as the number; floats print ryu-style from
 * Java's shortest representation.
 */
package io.hilt.probe.defmt;
