/*
 * An embedded-test firmware in C: the target side of the protocol between probe-rs (`probe-rs
 * run`, 0.30 to 0.32) and Rust's embedded-test crate 0.7, protocol version 1 (docs/probe-rs.md,
 * "embedded-test firmware"):
 *
 *   - the ELF says it is a test binary: a 4-byte global object EMBEDDED_TEST_VERSION = 1 in a
 *     section named .embedded_test (not loaded; common/embedded-test.ld places it);
 *   - each test is a 12-byte global object in that section, { entry function, module path pointer,
 *     module path length }, whose symbol name is a JSON object with the test's name and attributes
 *     ({"disambiguator":N,"name":"...","ignored":B,"should_panic":B[,"timeout":SECONDS]}). probe-rs
 *     names the test "<module path without the crate>::<name>", here "tests::<name>";
 *   - probe-rs resets the core before each test and answers the firmware's SYS_GET_CMDLINE with
 *     "run_addr <entry address in decimal>"; the test ends with SYS_EXIT: ADP_Stopped_ApplicationExit
 *     is a pass, any other reason a panic (a failure unless the test should panic). A HardFault (or
 *     any other halt that is not semihosting) aborts the whole suite.
 *
 * Startup is common/startup.c as for every hilt program: its semihosting calls (SYS_OPEN ":tt",
 * SYS_GET_CMDLINE) are ones probe-rs serves during a test. Output is write(1, ...): one SYS_WRITE
 * to the ":tt" handle startup opened, no stdio, since probe-rs's test runner stops the suite on
 * semihosting calls it does not serve (SYS_ISTTY, which newlib's stdio makes, among them). Not
 * SYS_WRITE0 either: QEMU 7.2 sends that to its stderr, not to the console the simulator is
 * compared with (simulator/src/test/.../FirmwareDifferentialTest).
 *
 * Built twice: embedded-tests.elf, and with EMBEDDED_TESTS_HARDFAULT embedded-tests-hardfault.elf,
 * which adds a test that HardFaults so that the suite is aborted part-way through.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "semihost.h"

/* Two rounds of stringification: the JSON written as C tokens becomes a string literal, and that
   literal, stringified again, the quoted symbol name the assembler takes ("{\"name\":...}"). */
#define ET_STR(...) #__VA_ARGS__
#define ET_XSTR(...) ET_STR(__VA_ARGS__)
#define ET_SYMBOL(...) ET_XSTR(ET_STR(__VA_ARGS__))

/* The module path probe-rs reads through the pointer and length; it drops the part up to the
   first "::" (the crate), as for module_path!() in Rust. */
#define ET_MODULE_PATH "embedded_tests::tests"
__attribute__((used)) static const char et_module_path[] = ET_MODULE_PATH;

typedef void (*et_entry)(void);

/* (fn() -> !, &'static str) as rustc lays it out on a 32-bit target: 12 bytes. */
struct et_case {
  et_entry entry;
  const char *module_path;
  uint32_t module_path_length;
};

#define ET_CASE(entry_function, ...)                                                      \
  __attribute__((used, section(".embedded_test.tests"))) const struct et_case et_case_##entry_function \
      __asm__(ET_SYMBOL(__VA_ARGS__)) = {entry_function, et_module_path, sizeof ET_MODULE_PATH - 1}

/* The protocol version probe-rs checks before anything else. */
__attribute__((used, section(".embedded_test.meta"))) const uint32_t EMBEDDED_TEST_VERSION = 1;

/* ---- how a test ends ------------------------------------------------------------------------ */

__attribute__((noreturn)) static void et_exit(uint32_t reason) {
  for (;;) {
    semihost_call(SH_SYS_EXIT, (const void *)(uintptr_t)reason);
  }
}

__attribute__((noreturn)) static void et_pass(void) { et_exit(SH_ADP_APPLICATION_EXIT); }

static void put(const char *text) { (void)write(1, text, strlen(text)); }

/* What Rust's panic handler in embedded-test does: report, then semihosting::process::abort(). */
__attribute__((noreturn)) static void et_panic(const char *what, const char *detail) {
  put("====================== PANIC ======================\n");
  put(what);
  put(detail);
  put("\n");
  et_exit(SH_ADP_RUNTIME_ERROR_UNKNOWN);
}

static void hex32(char out[11], uint32_t value) {
  out[0] = '0';
  out[1] = 'x';
  for (int i = 9; i >= 2; i--) {
    out[i] = "0123456789abcdef"[value & 0xf];
    value >>= 4;
  }
  out[10] = '\0';
}

#define ET_LINE_STR(line) ET_STR(line)
#define ET_ASSERT_EQ(actual, expected)                                                       \
  do {                                                                                       \
    uint32_t et_actual = (actual), et_expected = (expected);                                 \
    if (et_actual != et_expected) {                                                          \
      char got[11];                                                                          \
      hex32(got, et_actual);                                                                 \
      et_panic("panicked at src/embedded-tests.c:" ET_LINE_STR(__LINE__) ": assertion `" #actual \
               " == " #expected "` failed, left: ",                                          \
               got);                                                                         \
    }                                                                                        \
  } while (0)

/* ---- code under test ------------------------------------------------------------------------ */

/* CRC-32 (IEEE 802.3, reflected, as zlib). */
static uint32_t crc32(const char *text, size_t length) {
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < length; i++) {
    crc ^= (uint8_t)text[i];
    for (int bit = 0; bit < 8; bit++) {
      crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
  }
  return ~crc;
}

struct config {
  uint32_t baud;
};

static uint32_t config_baud(const struct config *config) {
  if (config == NULL) {
    et_panic("panicked at src/embedded-tests.c: ", "config_baud: no configuration");
  }
  return config->baud;
}

/* ---- the tests ------------------------------------------------------------------------------ */

static void adds_with_wrap_around(void) {
  volatile uint32_t a = 0xFFFFFFF0u;
  ET_ASSERT_EQ(a + 0x20u, 0x10u);
  et_pass();
}
ET_CASE(adds_with_wrap_around,
        {"disambiguator":1,"name":"adds_with_wrap_around","ignored":false,"should_panic":false});

static void computes_crc32_check_value(void) {
  ET_ASSERT_EQ(crc32("123456789", 9), 0xCBF43926u);
  et_pass();
}
ET_CASE(computes_crc32_check_value,
        {"disambiguator":2,"name":"computes_crc32_check_value","ignored":false,"should_panic":false});

/* Fails on purpose: the expected value is the CRC of "123456789", the input one digit short. */
static void matches_crc32_of_truncated_input(void) {
  ET_ASSERT_EQ(crc32("12345678", 8), 0xCBF43926u);
  et_pass();
}
ET_CASE(matches_crc32_of_truncated_input,
        {"disambiguator":3,"name":"matches_crc32_of_truncated_input","ignored":false,"should_panic":false});

static void rejects_missing_config(void) {
  volatile uint32_t baud = config_baud(NULL);
  (void)baud;
  et_pass();
}
ET_CASE(rejects_missing_config,
        {"disambiguator":4,"name":"rejects_missing_config","ignored":false,"should_panic":true});

/* Would need hardware the board does not have; probe-rs reports it ignored without running it. */
static void talks_to_external_flash(void) {
  et_panic("panicked at src/embedded-tests.c: ", "no external flash on this board");
}
ET_CASE(talks_to_external_flash,
        {"disambiguator":5,"name":"talks_to_external_flash","ignored":true,"should_panic":false});

/* Never signals an end: probe-rs fails it after its 1-second timeout attribute. */
static void waits_for_a_flag_nobody_sets(void) {
  static volatile uint32_t flag;
  while (flag == 0) {
  }
  et_pass();
}
ET_CASE(waits_for_a_flag_nobody_sets,
        {"disambiguator":6,"name":"waits_for_a_flag_nobody_sets","ignored":false,"should_panic":false,"timeout":1});

static void reads_baud_from_config(void) {
  static const struct config config = {115200};
  ET_ASSERT_EQ(config_baud(&config), 115200u);
  et_pass();
}
ET_CASE(reads_baud_from_config,
        {"disambiguator":7,"name":"reads_baud_from_config","ignored":false,"should_panic":false});

#ifdef EMBEDDED_TESTS_HARDFAULT
/* Executes an undefined instruction: UsageFault, escalated to HardFault (ARMv6-M has only
   HardFault; on ARMv7-M UsageFault is disabled out of reset). probe-rs's HardFault vector catch
   stops the core, and the suite is aborted. probe-rs runs the tests in symbol table order, which
   GNU ld fills from its symbol hash table: this disambiguator puts the test fourth of eight on
   every core (readelf -s), so the suite is aborted with tests still to run. */
static void executes_undefined_instruction(void) {
  __asm__ volatile("udf #0");
  et_pass();
}
ET_CASE(executes_undefined_instruction,
        {"disambiguator":10,"name":"executes_undefined_instruction","ignored":false,"should_panic":false});
#endif

/* ---- the runner ----------------------------------------------------------------------------- */

/* Every entry point, so that an address from the host is checked before it is called. */
static const et_entry entries[] = {
    adds_with_wrap_around,          computes_crc32_check_value,
    matches_crc32_of_truncated_input, rejects_missing_config,
    talks_to_external_flash,        waits_for_a_flag_nobody_sets,
    reads_baud_from_config,
#ifdef EMBEDDED_TESTS_HARDFAULT
    executes_undefined_instruction,
#endif
};

static int equals(const char *a, const char *b) {
  while (*a != '\0' && *a == *b) {
    a++;
    b++;
  }
  return *a == *b;
}

/* Decimal, as probe-rs formats the address ("run_addr {address}" with a u32). */
static int parse_u32(const char *text, uint32_t *value) {
  uint64_t v = 0;
  if (*text == '\0') {
    return 0;
  }
  for (; *text != '\0'; text++) {
    if (*text < '0' || *text > '9') {
      return 0;
    }
    v = v * 10 + (uint32_t)(*text - '0');
    if (v > 0xFFFFFFFFu) {
      return 0;
    }
  }
  *value = (uint32_t)v;
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 1 || argv[0][0] == '\0') {
    et_panic("Received no arguments via semihosting. ",
             "Run this firmware with `probe-rs run` (embedded-test runner).");
  }
  if (equals(argv[0], "run_addr") && argc >= 2) {
    uint32_t address;
    if (!parse_u32(argv[1], &address)) {
      et_panic("invalid test address: ", argv[1]);
    }
    for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++) {
      if ((uint32_t)(uintptr_t)entries[i] == address) {
        entries[i]();
        et_panic("test returned instead of exiting: ", argv[1]);
      }
    }
    et_panic("no test at address ", argv[1]);
  }
  if (equals(argv[0], "list") || equals(argv[0], "run")) {
    /* Protocol version 0 (embedded-test < 0.7); this firmware is version 1. */
    et_panic("Querying or running tests by name is not supported: ",
             "probe-rs reads the tests from the ELF (embedded-test protocol version 1)");
  }
  et_panic("Unknown command: ", argv[0]);
}
