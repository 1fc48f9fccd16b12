# RISC-V part of firmware/Makefile (included with CPU=riscv32imac): RV32IMAC on QEMU's virt
# machine with -bios none (see README "RISC-V"), picolibc with its semihosting OS library.

RV_CROSS ?= riscv64-unknown-elf-
CC       := $(RV_CROSS)gcc
OUT      := build/riscv32imac
OBJ      := build/obj/riscv32imac

# -misa-spec=2.2: gcc 12 and binutils 2.40 default to the 20191213 ISA spec, where the CSR and
# fence.i instructions are the separate Zicsr and Zifencei extensions; rv32imac_zicsr_zifencei
# would not select picolibc's rv32imac multilib, so the older spec (where I includes both) is used.
ARCH_FLAGS := -march=rv32imac -mabi=ilp32 -misa-spec=2.2
LDSCRIPT   := riscv/virt.ld

# Programs from src/ (shared with ARM) and from riscv/ (RISC-V only), with their optimisation.
SHARED_PROGRAMS := stack selftest crc-bench
RISCV_PROGRAMS  := smoke uart-hello pmp-faults
OPT_smoke      := -Os
OPT_stack      := -Os
OPT_selftest   := -Os
OPT_uart-hello := -Os
OPT_crc-bench  := -O2
OPT_pmp-faults := -O2

CFLAGS := $(ARCH_FLAGS) --specs=picolibc.specs -std=gnu11 -g -Wall -Wextra -Werror \
          -ffunction-sections -fdata-sections -fno-common -fstack-usage \
          -ffile-prefix-map=$(CURDIR)=. -Iriscv -MMD -MP
# Shared sources get the small per-arch layer (riscv/arm-compat.h).
SHARED_CFLAGS := -include riscv/arm-compat.h

# picolibc's libraries carry their debug info (most of each ELF); as on ARM, the ELFs link
# against copies stripped of it, given explicitly instead of through the specs' search path.
LIBDIR := $(OBJ)/lib
# Debian's picolibc-riscv64-unknown-elf, as picolibc.specs names it; the multilib as gcc picks it.
PICOLIBC ?= /usr/lib/picolibc/riscv64-unknown-elf
PICOLIBC_LIBS := $(PICOLIBC)/lib/$(shell $(CC) $(ARCH_FLAGS) -print-multi-directory)
LIB_FILES := $(LIBDIR)/libc.a $(LIBDIR)/libsemihost.a $(LIBDIR)/libgcc.a
LDFLAGS := $(ARCH_FLAGS) -T $(LDSCRIPT) -nostartfiles -nostdlib \
           -Wl,--gc-sections -Wl,--no-warn-rwx-segments
LDLIBS  := -Wl,--start-group $(LIB_FILES) -Wl,--end-group

STARTUP_OBJS := $(OBJ)/riscv/crt0.o $(OBJ)/riscv/startup.o

PROGRAM_ELFS := $(SHARED_PROGRAMS:%=$(OUT)/%.elf) $(RISCV_PROGRAMS:%=$(OUT)/%.elf)

.PHONY: all
.SECONDARY:
all: $(PROGRAM_ELFS)

$(LIBDIR)/libc.a $(LIBDIR)/libsemihost.a:
	@mkdir -p $(@D)
	$(RV_CROSS)objcopy --strip-debug --enable-deterministic-archives $(PICOLIBC_LIBS)/$(@F) $@

$(LIBDIR)/libgcc.a:
	@mkdir -p $(@D)
	$(RV_CROSS)objcopy --strip-debug --enable-deterministic-archives $$($(CC) $(ARCH_FLAGS) -print-libgcc-file-name) $@

# gcc does not hand -ffile-prefix-map to the assembler, which writes the debug info of .S files.
$(OBJ)/riscv/crt0.o: riscv/crt0.S
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Wa,--debug-prefix-map=$(CURDIR)=. -c $< -o $@

$(OBJ)/riscv/startup.o: riscv/startup.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Os -c $< -o $@

$(OBJ)/src/%.o: src/%.c riscv/arm-compat.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SHARED_CFLAGS) $(OPT_$*) -c $< -o $@

$(OBJ)/riscv/%.o: riscv/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(OPT_$*) -c $< -o $@

define link_rule
$(OUT)/$(1).elf: $(2) $(STARTUP_OBJS) $(LDSCRIPT) $(LIB_FILES)
	@mkdir -p $$(@D)
	$$(CC) $$(LDFLAGS) -Wl,-Map=$(OBJ)/$(1).map $(STARTUP_OBJS) $(2) $$(LDLIBS) -o $$@
endef
$(foreach p,$(SHARED_PROGRAMS),$(eval $(call link_rule,$(p),$(OBJ)/src/$(p).o)))
$(foreach p,$(RISCV_PROGRAMS),$(eval $(call link_rule,$(p),$(OBJ)/riscv/$(p).o)))

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)
