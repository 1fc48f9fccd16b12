#!/usr/bin/env bash
# Speed benchmark for sim-riscv32: hilt's RISC-V simulator vs qemu-system-riscv32 -M virt on
# firmware/build/riscv32imac/crc-bench.elf (firmware/src/crc-bench.c, the same program as the ARM
# benchmark, built by firmware/build.sh with riscv64-unknown-elf-gcc -O2 -march=rv32imac, picolibc).
#
#   bench/riscv.sh [RiscvCrcBenchmark options: --sim-passes N --qemu-passes N --rounds N ...]
#
# Replaces the RISC-V results section of BENCHMARKS.md. Not part of `mvn verify`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

command -v qemu-system-riscv32 >/dev/null || { echo "bench: qemu-system-riscv32 not found (qemu-system-misc)" >&2; exit 1; }
mvn -B -q -pl bench -am package -DskipTests -Dspotless.check.skip=true >&2
cp="bench/target/classes:simulator/target/classes:probe-adapter/target/classes"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
elf="firmware/build/riscv32imac/crc-bench.elf"
[[ -f $elf ]] || { echo "bench: $elf missing (firmware/build.sh builds it)" >&2; exit 1; }

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
  echo "| The ELF | \`$elf\` (firmware/build.sh: riscv64-unknown-elf-gcc 12.2, picolibc, \`-O2 -march=rv32imac -mabi=ilp32\`) |"
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
