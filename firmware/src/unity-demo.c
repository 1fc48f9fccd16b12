/*
 * A test run that reports the way the Unity test framework (ThrowTheSwitch/Unity) does, written
 * here from its documented output format without its code, on the CMSDK APB UART0 of mps2-an385:
 *
 *   src/unity-demo.c:LINE:test_name:PASS
 *   src/unity-demo.c:LINE:test_name:FAIL: Expected 256 Was 0
 *   src/unity-demo.c:LINE:test_name:IGNORE: message
 *
 *   -----------------------
 *   N Tests M Failures K Ignored
 *   FAIL                                   (OK when M is 0)
 *
 * Lines end in CR LF. The exit status is the number of failures, as Unity's UnityEnd() returns it.
 *
 * Arguments (semihosting command line) choose the run:
 *   (none)  four passing tests and one ignored: "5 Tests 0 Failures 1 Ignored", OK, exit 0
 *   fail    adds test_counter_wraps_past_255, which fails ("Expected 256 Was 0"): FAIL, exit 1
 *   crash   adds, after the third test, one that reads an address with nothing behind it
 *           (0x60000000): it faults before it can report, the HardFault handler prints its report
 *           on the semihosting console, and the run ends without a summary
 */
#include <stdint.h>
#include <string.h>

#define UART0_BASE 0x40004000u
#define UART_DATA (*(volatile uint32_t *)(UART0_BASE + 0x00))
#define UART_STATE (*(volatile uint32_t *)(UART0_BASE + 0x04))
#define UART_CTRL (*(volatile uint32_t *)(UART0_BASE + 0x08))
#define UART_BAUDDIV (*(volatile uint32_t *)(UART0_BASE + 0x10))
#define STATE_TX_FULL 0x1u
#define CTRL_TX_ENABLE 0x1u

static void put_char(char c) {
  while (UART_STATE & STATE_TX_FULL) {
  }
  UART_DATA = (uint8_t)c;
}

static void put_string(const char *s) {
  for (; *s != '\0'; s++) {
    put_char(*s);
  }
}

static void put_number(long value) {
  char digits[12];
  int n = 0;
  unsigned long magnitude = value < 0 ? (unsigned long)-value : (unsigned long)value;
  if (value < 0) {
    put_char('-');
  }
  do {
    digits[n++] = (char)('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  while (n > 0) {
    put_char(digits[--n]);
  }
}

/* The state of the running test; a check that fails or ignores ends the test (return). */
static const char *current_name;
static int current_failed;
static int current_ignored;
static unsigned tests_run, failures, ignores;

static void result_begin(unsigned line) {
  put_string(__FILE__);
  put_char(':');
  put_number((long)line);
  put_char(':');
  put_string(current_name);
  put_char(':');
}

static void fail_equal(unsigned line, long expected, long actual) {
  result_begin(line);
  put_string("FAIL: Expected ");
  put_number(expected);
  put_string(" Was ");
  put_number(actual);
  put_string("\r\n");
  current_failed = 1;
}

static void ignore(unsigned line, const char *why) {
  result_begin(line);
  put_string("IGNORE: ");
  put_string(why);
  put_string("\r\n");
  current_ignored = 1;
}

#define CHECK_EQUAL(expected, actual)                                      \
  do {                                                                     \
    long e_ = (long)(expected), a_ = (long)(actual);                       \
    if (e_ != a_) {                                                        \
      fail_equal(__LINE__, e_, a_);                                        \
      return;                                                              \
    }                                                                      \
  } while (0)
#define IGNORE_TEST(why)       \
  do {                         \
    ignore(__LINE__, (why));   \
    return;                    \
  } while (0)

static void run(void (*test)(void), const char *name, unsigned line) {
  current_name = name;
  current_failed = 0;
  current_ignored = 0;
  tests_run++;
  test();
  if (current_ignored) {
    ignores++;
  } else if (current_failed) {
    failures++;
  } else {
    result_begin(line);
    put_string("PASS\r\n");
  }
}

#define RUN(test) run(test, #test, test##_line)

/* The tests: small real computations. */

static uint8_t crc8(const uint8_t *data, unsigned length) {
  unsigned crc = 0;
  for (unsigned i = 0; i < length; i++) {
    crc ^= data[i];
    for (int bit = 0; bit < 8; bit++) {
      crc = (crc & 0x80u) ? ((crc << 1) ^ 0x07u) & 0xFFu : (crc << 1) & 0xFFu;
    }
  }
  return (uint8_t)crc;
}

static const unsigned test_crc8_of_check_string_line = __LINE__ + 1;
static void test_crc8_of_check_string(void) {
  /* CRC-8 (poly 0x07) of "123456789" is 0xF4, the catalogue's check value */
  CHECK_EQUAL(0xF4, crc8((const uint8_t *)"123456789", 9));
  CHECK_EQUAL(0, crc8((const uint8_t *)"", 0));
}

static const unsigned test_sum_of_squares_line = __LINE__ + 1;
static void test_sum_of_squares(void) {
  long sum = 0;
  for (long i = 1; i <= 10; i++) {
    sum += i * i;
  }
  CHECK_EQUAL(385, sum);
}

static const unsigned test_string_reverse_line = __LINE__ + 1;
static void test_string_reverse(void) {
  char s[] = "hilt";
  size_t n = strlen(s);
  for (size_t i = 0; i < n / 2; i++) {
    char t = s[i];
    s[i] = s[n - 1 - i];
    s[n - 1 - i] = t;
  }
  CHECK_EQUAL(0, strcmp(s, "tlih"));
}

static const unsigned test_reads_missing_peripheral_line = __LINE__ + 1;
static void test_reads_missing_peripheral(void) {
  volatile uint32_t *nothing = (volatile uint32_t *)0x60000000u;
  CHECK_EQUAL(0, *nothing);
}

static const unsigned test_counter_wraps_past_255_line = __LINE__ + 1;
static void test_counter_wraps_past_255(void) {
  volatile uint8_t counter = 255;
  counter++;
  /* fails on purpose: an 8-bit counter wraps to 0 */
  CHECK_EQUAL(256, counter);
}

static const unsigned test_flash_erase_line = __LINE__ + 1;
static void test_flash_erase(void) {
  IGNORE_TEST("no flash controller on this board");
}

static const unsigned test_uart_transmitter_is_idle_line = __LINE__ + 1;
static void test_uart_transmitter_is_idle(void) {
  CHECK_EQUAL(0, UART_STATE & STATE_TX_FULL);
}

int main(int argc, char **argv) {
  int crash = argc > 1 && strcmp(argv[1], "crash") == 0;
  int fail = argc > 1 && strcmp(argv[1], "fail") == 0;
  UART_BAUDDIV = 217; /* 25 MHz / 115200 */
  UART_CTRL = CTRL_TX_ENABLE;

  RUN(test_crc8_of_check_string);
  RUN(test_sum_of_squares);
  RUN(test_string_reverse);
  if (crash) {
    RUN(test_reads_missing_peripheral);
  }
  if (fail) {
    RUN(test_counter_wraps_past_255);
  }
  RUN(test_flash_erase);
  RUN(test_uart_transmitter_is_idle);

  put_string("\r\n-----------------------\r\n");
  put_number((long)tests_run);
  put_string(" Tests ");
  put_number((long)failures);
  put_string(" Failures ");
  put_number((long)ignores);
  put_string(" Ignored\r\n");
  put_string(failures == 0 ? "OK\r\n" : "FAIL\r\n");
  return (int)failures;
}
