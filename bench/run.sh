#!/usr/bin/env bash
# Speed benchmark: hilt's simulator vs QEMU on firmware/build/<cpu>/crc-bench.elf.
#
#   bench/run.sh [--profile] [CrcBenchmark options: --cpu cortex-m0plus|cortex-m3|cortex-m4
#                 (repeatable; default all three) --sim-passes N --qemu-passes N --rounds N ...]
#
# Builds the simulator and this module (no tests), runs io.hilt.bench.CrcBenchmark, and replaces
# the results section of BENCHMARKS.md with the machine description and the numbers. With
# --profile it also records the simulator alone on the Cortex-M3 build with Java Flight Recorder
# and adds the hottest methods. Not part of `mvn verify`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

profile=0
args=()
for a in "$@"; do
  if [[ "$a" == "--profile" ]]; then profile=1; else args+=("$a"); fi
done

command -v qemu-system-arm >/dev/null || { echo "bench: qemu-system-arm not found" >&2; exit 1; }
mvn -B -q -pl bench -am package -DskipTests -Dspotless.check.skip=true >&2
cp="bench/target/classes:simulator/target/classes:probe-adapter/target/classes"
main=io.hilt.bench.CrcBenchmark

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

load_before=$(awk '{ print $1 " / " $2 " / " $3 }' /proc/loadavg)
echo "bench: running $main ${args[*]:-}" >&2
java -cp "$cp" "$main" "${args[@]}" > "$work/results.md"
load_after=$(awk '{ print $1 " / " $2 " / " $3 }' /proc/loadavg)

if [[ "$profile" == 1 ]]; then
  echo "bench: profiling the simulator on cortex-m3 with JFR" >&2
  profile_load=$(awk '{ print $1 " / " $2 " / " $3 }' /proc/loadavg)
  # DebugNonSafepoints: without it JFR attributes samples in inlined code to the wrong methods.
  java -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints \
    -XX:StartFlightRecording=filename="$work/sim.jfr",settings=profile \
    -cp "$cp" "$main" --cpu cortex-m3 --sim-only --warmups 3 --rounds 5 > /dev/null 2>&1
  jfr print --events jdk.ExecutionSample --stack-depth 1 "$work/sim.jfr" \
    | awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/\(.*/, ""); print }' > "$work/frames.txt"
  total=$(wc -l < "$work/frames.txt")
  sort "$work/frames.txt" | uniq -c | sort -rn | head -12 \
    | awk -v total="$total" '{ printf "%5.1f%%  %s\n", 100 * $1 / total, $2 }' > "$work/top.txt"
fi

{
  echo "<!-- results:begin (written by bench/run.sh) -->"
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') with \`bench/run.sh ${*:-}\`."
  echo
  echo "| Machine | |"
  echo "|---|---|"
  echo "| CPU | $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) CPUs available |"
  echo "| Java | $(java -version 2>&1 | head -n 2 | tail -n 1) |"
  echo "| QEMU | $(qemu-system-arm --version | head -n 1) |"
  echo "| Toolchain of the ELF | $(arm-none-eabi-gcc --version 2>/dev/null | head -n 1 || echo 'committed ELF') |"
  echo "| Load average (1/5/15 min) | $load_before at the start, $load_after at the end (shared machine: other builds were running) |"
  echo
  cat "$work/results.md"
  if [[ "$profile" == 1 ]]; then
    echo
    echo "Where the simulator's time goes on the Cortex-M3: top frames (method executing) of $total JFR"
    echo "execution samples, recorded with \`-XX:+DebugNonSafepoints\` over one simulator-only run"
    echo "(\`--cpu cortex-m3 --sim-only\`, load average $profile_load at its start):"
    echo
    echo '```'
    cat "$work/top.txt"
    echo '```'
  fi
  echo "<!-- results:end -->"
} > "$work/section.md"

if [[ -f BENCHMARKS.md ]] && grep -q '<!-- results:begin' BENCHMARKS.md; then
  awk -v section="$work/section.md" '
    /<!-- results:begin/ { while ((getline line < section) > 0) print line; skip = 1; next }
    /<!-- results:end -->/ { skip = 0; next }
    !skip { print }' BENCHMARKS.md > "$work/BENCHMARKS.md"
  cp "$work/BENCHMARKS.md" BENCHMARKS.md
else
  { echo "# Benchmarks"; echo; cat "$work/section.md"; } > BENCHMARKS.md
fi
cat "$work/section.md"
