#!/usr/bin/env bash
# Speed benchmark for sim-riscv32: hilt's RISC-V simulator vs qemu-system-riscv32 -M virt on
# bench/riscv/crc-bench.c (the CRC-32 loop of firmware/src/crc-bench.c), built here with
# riscv64-unknown-elf-gcc -O2 -march=rv32imac and picolibc.
#
#   bench/riscv.sh [RiscvCrcBenchmark options: --sim-passes N --qemu-passes N --rounds N ...]
#
# Replaces the RISC-V results section of BENCHMARKS.md. Not part of `mvn verify`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

command -v qemu-system-riscv32 >/dev/null || { echo "bench: qemu-system-riscv32 not found (qemu-system-misc)" >&2; exit 1; }
command -v riscv64-unknown-elf-gcc >/dev/null || { echo "bench: riscv64-unknown-elf-gcc not found" >&2; exit 1; }
mvn -B -q -pl bench -am package -DskipTests -Dspotless.check.skip=true >&2
cp="bench/target/classes:simulator/target/classes:probe-adapter/target/classes"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
elf="$work/crc-bench.elf"
riscv64-unknown-elf-gcc -march=rv32imac -mabi=ilp32 --specs=picolibc.specs --oslib=semihost \
  --crt0=semihost -O2 -Wl,--defsym=__flash=0x80000000 -Wl,--defsym=__flash_size=0x400000 \
  -Wl,--defsym=__ram=0x80400000 -Wl,--defsym=__ram_size=0x400000 bench/riscv/crc-bench.c -o "$elf"

load_before=$(awk '{ print $1 " / " $2 " / " $3 }' /proc/loadavg)
java -cp "$cp" io.hilt.bench.RiscvCrcBenchmark --elf "$elf" "$@" > "$work/results.md"
load_after=$(awk '{ print $1 " / " $2 " / " $3 }' /proc/loadavg)

{
  echo "<!-- riscv-results:begin (written by bench/riscv.sh) -->"
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') with \`bench/riscv.sh ${*:-}\`."
  echo
  echo "| Machine | |"
  echo "|---|---|"
  echo "| CPU | $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) CPUs available |"
  echo "| Java | $(java -version 2>&1 | head -n 2 | tail -n 1) |"
  echo "| QEMU | $(qemu-system-riscv32 --version | head -n 1) |"
  echo "| Toolchain of the ELF | $(riscv64-unknown-elf-gcc --version | head -n 1), picolibc, \`-O2 -march=rv32imac -mabi=ilp32\` |"
  echo "| Load average (1/5/15 min) | $load_before at the start, $load_after at the end (shared machine: other builds were running) |"
  echo
  cat "$work/results.md"
  echo "<!-- riscv-results:end -->"
} > "$work/section.md"

if grep -q '<!-- riscv-results:begin' BENCHMARKS.md; then
  awk -v section="$work/section.md" '
    /<!-- riscv-results:begin/ { while ((getline line < section) > 0) print line; skip = 1; next }
    /<!-- riscv-results:end -->/ { skip = 0; next }
    !skip { print }' BENCHMARKS.md > "$work/BENCHMARKS.md"
  cp "$work/BENCHMARKS.md" BENCHMARKS.md
else
  cat "$work/section.md" >> BENCHMARKS.md
fi
echo "bench: BENCHMARKS.md updated" >&2
