#!/usr/bin/env bash
# Rebuilds the firmware ELFs from source (run by Maven at generate-resources, or by hand).
#
# With arm-none-eabi-gcc on PATH every ELF under build/<cpu>/ (cortex-m0plus, cortex-m3,
# cortex-m4) is rebuilt from scratch, so tests run on fresh builds; the build is reproducible, so
# unchanged sources give the committed bytes again. Without the toolchain the committed ELFs are kept, unless HILT_REQUIRE_TOOLS=1
# (CI), where a missing toolchain is an error.
set -euo pipefail
case "$0" in */*) cd "${0%/*}" ;; esac

if ! command -v arm-none-eabi-gcc >/dev/null 2>&1; then
  if [[ "${HILT_REQUIRE_TOOLS:-}" == "1" ]]; then
    echo "firmware: HILT_REQUIRE_TOOLS=1 but arm-none-eabi-gcc is not on PATH" \
      "(apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi)" >&2
    exit 1
  fi
  echo "firmware: arm-none-eabi-gcc not found; using the committed ELFs in firmware/build/" \
    "(install gcc-arm-none-eabi and libnewlib-arm-none-eabi to rebuild them)"
  exit 0
fi

jobs=$(nproc 2>/dev/null || echo 2)
echo "firmware: rebuilding with $(arm-none-eabi-gcc --version | head -n 1)"
make --no-print-directory -s clean
make --no-print-directory -s -j"$jobs" all
for cpu in cortex-m0plus cortex-m3 cortex-m4; do
  echo "firmware: built $(find "build/$cpu" -name '*.elf' | wc -l) ELFs in firmware/build/$cpu"
done
