/*
 * SEGGER RTT, written for hilt's firmware (layout: rtt.h and firmware/README.md).
 *
 * Single core: the critical sections mask interrupts (PRIMASK), which also keeps writers in
 * handlers from interleaving. The host runs concurrently through the debug port, so the order of
 * memory accesses matters: data is written before the write offset that publishes it, and read
 * after the write offset that announced it (a DMB in between, which also stops the compiler from
 * reordering; Cortex-M0+/M3/M4 would not reorder these accesses themselves, faster cores may).
 */
#include "rtt.h"

#include <string.h>

rtt_control_block_t _SEGGER_RTT;

static char up_defmt[RTT_UP_DEFMT_SIZE];
static char up_terminal[RTT_UP_TERMINAL_SIZE];
static char down_terminal[RTT_DOWN_TERMINAL_SIZE];

/*
 * The id backwards. Only the control block ever holds "SEGGER RTT" front to back, so a host that
 * scans memory for it cannot stop at a copy (this constant, or a stack slot holding it).
 */
static const char id_reversed[] = "TTR REGGES";

static inline void barrier(void) { __asm__ volatile("dmb" ::: "memory"); }

static inline uint32_t irq_save(void) {
  uint32_t primask;
  __asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(primask)::"memory");
  return primask;
}

static inline void irq_restore(uint32_t primask) {
  __asm__ volatile("msr primask, %0" ::"r"(primask) : "memory");
}

static void init_buffer(rtt_buffer_t *b, const char *name, char *buffer, uint32_t size) {
  b->sName = name;
  b->pBuffer = buffer;
  b->SizeOfBuffer = size;
  b->WrOff = 0;
  b->RdOff = 0;
  b->Flags = RTT_MODE_NO_BLOCK_SKIP;
}

void rtt_init(void) {
  rtt_control_block_t *cb = &_SEGGER_RTT;
  if (cb->acID[0] == 'S') {
    return;
  }
  uint32_t primask = irq_save();
  if (cb->acID[0] != 'S') {
    cb->MaxNumUpBuffers = RTT_MAX_UP_BUFFERS;
    cb->MaxNumDownBuffers = RTT_MAX_DOWN_BUFFERS;
    init_buffer(&cb->aUp[RTT_UP_DEFMT], "defmt", up_defmt, sizeof up_defmt);
    init_buffer(&cb->aUp[RTT_UP_TERMINAL], "Terminal", up_terminal, sizeof up_terminal);
    init_buffer(&cb->aDown[RTT_DOWN_TERMINAL], "Terminal", down_terminal, sizeof down_terminal);
    for (size_t i = sizeof id_reversed - 1; i < sizeof cb->acID; i++) {
      cb->acID[i] = '\0';
    }
    barrier();
    for (size_t i = 1; i < sizeof id_reversed - 1; i++) {
      cb->acID[sizeof id_reversed - 1 - i] = id_reversed[i - 1];
    }
    barrier();
    cb->acID[0] = id_reversed[sizeof id_reversed - 2];
    barrier();
  }
  irq_restore(primask);
}

void rtt_set_up_mode(unsigned channel, uint32_t mode) {
  rtt_init();
  if (channel >= RTT_MAX_UP_BUFFERS) {
    return;
  }
  rtt_buffer_t *b = &_SEGGER_RTT.aUp[channel];
  uint32_t primask = irq_save();
  b->Flags = (b->Flags & ~(uint32_t)RTT_MODE_MASK) | (mode & RTT_MODE_MASK);
  irq_restore(primask);
}

/* Free bytes of an up buffer; 0 when the host wrote an impossible RdOff. */
static uint32_t free_space(const rtt_buffer_t *b) {
  uint32_t read = b->RdOff;
  uint32_t write = b->WrOff;
  uint32_t size = b->SizeOfBuffer;
  if (read >= size || write >= size) {
    return 0;
  }
  return read > write ? read - write - 1 : size - 1 - (write - read);
}

/* Copies into the ring (the caller checked the space) and publishes the new write offset. */
static void put(rtt_buffer_t *b, const uint8_t *data, uint32_t length) {
  uint32_t write = b->WrOff;
  uint32_t first = b->SizeOfBuffer - write;
  if (first > length) {
    first = length;
  }
  memcpy(b->pBuffer + write, data, first);
  memcpy(b->pBuffer, data + first, length - first);
  write += length;
  if (write >= b->SizeOfBuffer) {
    write -= b->SizeOfBuffer;
  }
  barrier();
  b->WrOff = write;
}

size_t rtt_write(unsigned channel, const void *data, size_t length) {
  rtt_init();
  if (channel >= RTT_MAX_UP_BUFFERS) {
    return 0;
  }
  rtt_buffer_t *b = &_SEGGER_RTT.aUp[channel];
  const uint8_t *bytes = data;
  size_t done = 0;
  while (done < length) {
    uint32_t primask = irq_save();
    uint32_t mode = b->Flags & RTT_MODE_MASK;
    uint32_t space = free_space(b);
    size_t rest = length - done;
    uint32_t n = 0;
    if (mode == RTT_MODE_NO_BLOCK_SKIP) {
      n = rest <= space ? (uint32_t)rest : 0;
    } else if (mode == RTT_MODE_NO_BLOCK_TRIM) {
      n = rest < space ? (uint32_t)rest : space;
    } else {
      /* Blocking: wait until the rest fits whole (or, when it never could, a full buffer). */
      uint32_t needed = rest < b->SizeOfBuffer - 1 ? (uint32_t)rest : b->SizeOfBuffer - 1;
      n = space >= needed ? needed : 0;
    }
    if (n > 0) {
      put(b, bytes + done, n);
      done += n;
    }
    irq_restore(primask);
    if (mode != RTT_MODE_BLOCK_IF_FULL) {
      break;
    }
  }
  return done;
}

size_t rtt_write_string(unsigned channel, const char *text) {
  return rtt_write(channel, text, strlen(text));
}

size_t rtt_pending_input(unsigned channel) {
  rtt_init();
  if (channel >= RTT_MAX_DOWN_BUFFERS) {
    return 0;
  }
  const rtt_buffer_t *b = &_SEGGER_RTT.aDown[channel];
  uint32_t read = b->RdOff;
  uint32_t write = b->WrOff;
  if (read >= b->SizeOfBuffer || write >= b->SizeOfBuffer) {
    return 0;
  }
  return write >= read ? write - read : b->SizeOfBuffer - read + write;
}

size_t rtt_read(unsigned channel, void *out, size_t capacity) {
  rtt_init();
  if (channel >= RTT_MAX_DOWN_BUFFERS) {
    return 0;
  }
  rtt_buffer_t *b = &_SEGGER_RTT.aDown[channel];
  uint8_t *dest = out;
  uint32_t primask = irq_save();
  uint32_t read = b->RdOff;
  uint32_t write = b->WrOff;
  size_t done = 0;
  if (read < b->SizeOfBuffer && write < b->SizeOfBuffer) {
    barrier(); /* the data the host wrote before WrOff */
    while (read != write && done < capacity) {
      uint32_t end = write > read ? write : b->SizeOfBuffer;
      uint32_t n = end - read;
      if (n > capacity - done) {
        n = (uint32_t)(capacity - done);
      }
      memcpy(dest + done, b->pBuffer + read, n);
      done += n;
      read += n;
      if (read == b->SizeOfBuffer) {
        read = 0;
      }
    }
    barrier();
    b->RdOff = read;
  }
  irq_restore(primask);
  return done;
}
