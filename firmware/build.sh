#!/usr/bin/env bash
# Rebuilds the firmware ELFs from source (run by Maven at generate-resources, or by hand).
#
# Each architecture is rebuilt from scratch when its toolchain is present, so tests run on fresh
# builds; the build is reproducible, so unchanged sources give the committed bytes again:
#
#   ARM      build/<cpu>/ (cortex-m0plus, cortex-m3, cortex-m4)   arm-none-eabi-gcc + newlib
#   RISC-V   build/riscv32imac/                                   riscv64-unknown-elf-gcc + picolibc
#
# Without an architecture's toolchain its committed ELFs are kept, unless HILT_REQUIRE_TOOLS=1
# (CI), where a missing toolchain is an error.
set -euo pipefail
case "$0" in */*) cd "${0%/*}" ;; esac

jobs=$(nproc 2>/dev/null || echo 2)
picolibc=/usr/lib/picolibc/riscv64-unknown-elf/picolibc.specs

# toolchain_present NAME COMMAND INSTALL_HINT [FILE]: true when COMMAND (and FILE) exist; otherwise
# an error under HILT_REQUIRE_TOOLS=1, else a note that the committed ELFs stay.
toolchain_present() {
  local name=$1 command=$2 hint=$3 file=${4:-}
  if command -v "$command" >/dev/null 2>&1 && { [[ -z "$file" ]] || [[ -e "$file" ]]; }; then
    return 0
  fi
  local missing=$command
  if command -v "$command" >/dev/null 2>&1; then
    missing=$file
  fi
  if [[ "${HILT_REQUIRE_TOOLS:-}" == "1" ]]; then
    echo "firmware: HILT_REQUIRE_TOOLS=1 but $missing is missing ($hint)" >&2
    exit 1
  fi
  echo "firmware: $missing not found; using the committed $name ELFs in firmware/build/ ($hint to rebuild them)"
  return 1
}

if toolchain_present ARM arm-none-eabi-gcc \
  "apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi"; then
  echo "firmware: rebuilding ARM with $(arm-none-eabi-gcc --version | head -n 1)"
  make --no-print-directory -s clean-arm
  make --no-print-directory -s -j"$jobs" arm
  for cpu in cortex-m0plus cortex-m3 cortex-m4; do
    echo "firmware: built $(find "build/$cpu" -name '*.elf' | wc -l) ELFs in firmware/build/$cpu"
  done
fi

if toolchain_present RISC-V riscv64-unknown-elf-gcc \
  "apt-get install gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf" "$picolibc"; then
  echo "firmware: rebuilding RISC-V with $(riscv64-unknown-elf-gcc --version | head -n 1)"
  make --no-print-directory -s clean-riscv
  make --no-print-directory -s -j"$jobs" riscv
  echo "firmware: built $(find build/riscv32imac -name '*.elf' | wc -l) ELFs in firmware/build/riscv32imac"
fi
