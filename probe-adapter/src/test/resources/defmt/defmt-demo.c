/*
 * defmt metadata written from C, for DefmtElfTest. The firmware's C defmt emitter uses the same
 * trick (see the io.hilt.probe.defmt package documentation):
 *
 * defmt interns every format string as a symbol in a .defmt section whose NAME is JSON and whose
 * ADDRESS is the index a frame carries (a little-endian u16). GNU as accepts any symbol name in
 * double quotes, with \" and \\ escapes, so one asm statement can define such a symbol; the
 * linker script places .defmt at address 1 as an INFO section (not loaded), one byte per symbol.
 * C code gets an index as the address of an extern declared with the same asm label, and
 * assembler data can hold one with ".hword <symbol>" (an R_ARM_ABS16 relocation).
 */

/* The JSON name as an assembler operand: quoted, its own quotes escaped. */
#define DEFMT_JSON(tag, fmt, id)                                                              \
  "\"{\\\"package\\\":\\\"hilt-demo\\\",\\\"tag\\\":\\\"" tag "\\\",\\\"data\\\":\\\"" fmt \
  "\\\",\\\"disambiguator\\\":\\\"" id "\\\",\\\"crate_name\\\":\\\"demo\\\"}\""

/* Interns a string; NAME becomes a C object whose address is the index. */
#define DEFMT_INTERN(name, tag, fmt)                                                       \
  __asm__(".pushsection .defmt." #name ",\"\",%progbits\n" DEFMT_JSON(tag, fmt, #name) \
          ":\n.byte 0\n.popsection\n");                                                   \
  extern const char name[] __asm__(DEFMT_JSON(tag, fmt, #name))

#define DEFMT_Q(x) #x
#define DEFMT_XQ(x) DEFMT_Q(x)
#ifndef DEFMT_VERSION
#define DEFMT_VERSION 4
#endif

/* The wire format version and encoding, as symbols (absolute, value unused). */
__asm__(".globl \"_defmt_version_ = " DEFMT_XQ(DEFMT_VERSION) "\"\n"
        ".set \"_defmt_version_ = " DEFMT_XQ(DEFMT_VERSION) "\", 1\n"
        ".globl \"_defmt_encoding_ = rzcobs\"\n.set \"_defmt_encoding_ = rzcobs\", 1\n");

#ifdef BAD_SYMBOL
/* a .defmt symbol that is not JSON */
__asm__(".pushsection .defmt.bad,\"\",%progbits\nnot_json:\n.byte 0\n.popsection\n");
#endif

DEFMT_INTERN(ts, "defmt_timestamp", "{=u32:us}");
DEFMT_INTERN(boot, "defmt_info", "booted in {=u16} ms, reset reason {=?}");
DEFMT_INTERN(reason, "defmt_derived", "PowerOn|Watchdog|Software");
DEFMT_INTERN(temp, "defmt_warn", "temperature {=i16} C on {=istr}");
DEFMT_INTERN(sensor, "defmt_str", "sensor-a");
DEFMT_INTERN(flags, "defmt_error", "status {=u8:__internal_bitflags_Status@hilt-demo@flags@demo}");
DEFMT_INTERN(plain, "defmt_println", "plain {=str}");

/* Two values of the bitflags type Status: 16 bytes each, little-endian u128. */
__asm__(".pushsection .defmt.bits,\"\",%progbits\n"
        DEFMT_JSON("defmt_bitflags_value", "Status::0::READY", "flags") ":\n"
        ".word 1, 0, 0, 0\n"
        ".size " DEFMT_JSON("defmt_bitflags_value", "Status::0::READY", "flags") ", 16\n"
        DEFMT_JSON("defmt_bitflags_value", "Status::1::ERROR", "flags") ":\n"
        ".word 4, 0, 0, 0\n"
        ".size " DEFMT_JSON("defmt_bitflags_value", "Status::1::ERROR", "flags") ", 16\n"
        ".popsection\n");

/* Frames as the target would send them, before rzCOBS: index, timestamp, arguments. */
__asm__(".pushsection .rodata.frames,\"a\",%progbits\n"
        ".globl demo_frames\ndemo_frames:\n"
        ".hword " DEFMT_JSON("defmt_info", "booted in {=u16} ms, reset reason {=?}", "boot") "\n"
        ".word 1500000\n.hword 250\n"
        ".hword " DEFMT_JSON("defmt_derived", "PowerOn|Watchdog|Software", "reason") "\n"
        ".byte 1\n"
        ".hword " DEFMT_JSON("defmt_warn", "temperature {=i16} C on {=istr}", "temp") "\n"
        ".word 2000000\n.hword -5\n"
        ".hword " DEFMT_JSON("defmt_str", "sensor-a", "sensor") "\n"
        ".hword " DEFMT_JSON("defmt_error", "status {=u8:__internal_bitflags_Status@hilt-demo@flags@demo}", "flags") "\n"
        ".word 3000000\n.byte 5\n"
        ".hword " DEFMT_JSON("defmt_println", "plain {=str}", "plain") "\n"
        ".word 4000000\n.word 2\n.ascii \"ok\"\n"
        ".globl demo_frames_end\ndemo_frames_end:\n"
        ".popsection\n");

/* What firmware code does with an index: put it on the wire. */
unsigned short boot_index(void) { return (unsigned short)(unsigned long)boot; }

/* gcc describes an extern in the debug info only when the code uses it; a log site does. */
const void *const defmt_used[] = {reason, temp, sensor, flags, plain};

void _start(void) {
  for (;;) {
    (void)boot_index();
  }
}
