// C++ namespaces around interned strings: their DWARF namespaces become the module path, as
// Rust modules do for defmt. Same trick as defmt-demo.c.
#define DEFMT_JSON(tag, fmt, id)                                                              \
  "\"{\\\"package\\\":\\\"hilt-demo\\\",\\\"tag\\\":\\\"" tag "\\\",\\\"data\\\":\\\"" fmt \
  "\\\",\\\"disambiguator\\\":\\\"" id "\\\",\\\"crate_name\\\":\\\"app\\\"}\""
#define DEFMT_INTERN(name, tag, fmt)                                                       \
  __asm__(".pushsection .defmt." #name ",\"\",%progbits\n" DEFMT_JSON(tag, fmt, #name) \
          ":\n.byte 0\n.popsection\n");                                                   \
  extern const char name[] __asm__(DEFMT_JSON(tag, fmt, #name))

__asm__(".globl \"_defmt_version_ = 4\"\n.set \"_defmt_version_ = 4\", 1\n"
        ".globl \"_defmt_encoding_ = raw\"\n.set \"_defmt_encoding_ = raw\", 1\n");

DEFMT_INTERN(top, "defmt_info", "top level");

namespace app {
namespace net {
DEFMT_INTERN(link, "defmt_warn", "link down");
}  // namespace net
DEFMT_INTERN(main_loop, "defmt_debug", "loop {=u32}");
}  // namespace app

extern "C" {
// g++ describes an extern in the debug info only when a function uses it (a log site does)
unsigned long index_of(int i) {
  return i == 0 ? (unsigned long)top : i == 1 ? (unsigned long)app::net::link
                                               : (unsigned long)app::main_loop;
}
void _start(void) {
  for (;;) {
  }
}
}
