#!/usr/bin/env bash
# defmt decoding speed and the long fuzz runs of the defmt decoder and the RTT reader.
#
#   bench/defmt.sh [DefmtBench options: --mb N --warmups N --iterations N --seconds N --elf ELF]
#
# Builds probe-adapter, simulator and this module (no tests), captures the frames that
# firmware/build/cortex-m0plus/defmt-demo.elf writes to RTT on hilt's simulator, runs the JMH
# benchmark io.hilt.bench.defmt.DefmtDecodeBenchmark on them (records decodeAndFormat with JFR when
# a benchmark misses 50 MB/s), runs probe-adapter's DefmtFuzzTest with -Dhilt.fuzz.iterations=100000
# plus RttTest's fuzz test, and io.hilt.bench.defmt.RttFuzz with 100000 inputs, then replaces the
# results of the "## defmt decoding" section of BENCHMARKS.md (appending the section if missing).
# About two minutes. Not part of `mvn verify`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

fuzz_iterations=100000
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mvn -B -q -o -pl bench -am package -DskipTests -Dspotless.check.skip=true >&2
mvn -B -q -o -pl bench dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" \
  -Dmdep.includeScope=runtime >&2
# this checkout's classes, not the snapshot jars in ~/.m2
deps=$(tr ':' '\n' < "$work/cp.txt" | grep -v '/io/hilt/' | paste -sd: -)
cp="bench/target/classes:simulator/target/classes:probe-adapter/target/classes:$deps"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u '+%Y-%m-%d %H:%M UTC')
echo "bench: running io.hilt.bench.defmt.DefmtBench $*" >&2
java -cp "$cp" io.hilt.bench.defmt.DefmtBench --out "$work/results.md" --jfr "$work/decode.jfr" "$@" >&2
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

if [[ -f "$work/decode.jfr" ]]; then
  # leaf frame of each sample, and the innermost hilt frame (where hilt code calls into the JDK)
  jfr print --events jdk.ExecutionSample --stack-depth 64 "$work/decode.jfr" > "$work/samples.txt"
  awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/\(.*/, ""); print }' \
    "$work/samples.txt" > "$work/leaf.txt"
  awk '/stackTrace = \[/ { want = 1; next }
       want && /io\.hilt\./ { sub(/^[ \t]+/, ""); sub(/\(.*/, ""); print; want = 0 }
       /^\]/ || /^}/ { want = 0 }' "$work/samples.txt" > "$work/hilt.txt"
  jfr summary "$work/decode.jfr" | awk '$1 == "jdk.ObjectAllocationSample" { print $2 }' \
    > "$work/allocs.txt"
  jfr print --events jdk.ObjectAllocationSample --stack-depth 1 "$work/decode.jfr" \
    | awk '/objectClass = / { sub(/^.*objectClass = /, ""); sub(/ \(classLoader.*/, ""); c = $0 }
           /weight = / { w = $3; u = $4; if (u == "kB") w *= 1e3; else if (u == "MB") w *= 1e6;
                         else if (u == "GB") w *= 1e9; sum[c] += w; total += w }
           END { for (k in sum) printf "%5.1f%%  %s\n", 100 * sum[k] / total, k }' \
    | sort -rn | head -8 > "$work/alloc-top.txt"
  top() {
    local total
    total=$(wc -l < "$1")
    sort "$1" | uniq -c | sort -rn | head -"$2" \
      | awk -v total="$total" '{ printf "%5.1f%%  %s\n", 100 * $1 / total, $2 }'
  }
  samples=$(wc -l < "$work/leaf.txt")
  top "$work/leaf.txt" 12 > "$work/leaf-top.txt"
  top "$work/hilt.txt" 12 > "$work/hilt-top.txt"
fi

echo "bench: fuzzing (DefmtFuzzTest with -Dhilt.fuzz.iterations=$fuzz_iterations, RttTest fuzz)" >&2
fuzz_status=passed
mvn -B -q -o -pl probe-adapter \
  -Dtest='DefmtFuzzTest,RttTest#randomMemoryNeverEscapesAnythingButRttException' \
  -Dhilt.fuzz.iterations=$fuzz_iterations -Dsurefire.failIfNoSpecifiedTests=false \
  -Dspotless.check.skip=true test >&2 || fuzz_status=FAILED
fuzz_rows=$(for f in probe-adapter/target/surefire-reports/TEST-io.hilt.probe.defmt.DefmtFuzzTest.xml \
                     probe-adapter/target/surefire-reports/TEST-io.hilt.probe.rtt.RttTest.xml; do
  [[ -f "$f" ]] || continue
  awk '/<testcase / {
         match($0, /name="[^"]*"/); n = substr($0, RSTART + 6, RLENGTH - 7)
         match($0, /classname="[^"]*"/); c = substr($0, RSTART + 11, RLENGTH - 12); sub(/.*\./, "", c)
         match($0, /time="[^"]*"/); t = substr($0, RSTART + 6, RLENGTH - 7)
         r = "passed"; if ($0 ~ /\/>[ \t]*$/) { print "| `" c "." n "` | " t " s | " r " |"; next }
         pending = "| `" c "." n "` | " t " s | "; next }
       pending != "" && /<(failure|error)/ { r = "**failed**" }
       pending != "" && /<\/testcase>/ { print pending (r == "" ? "passed" : r) " |"; pending = ""; r = "" }' "$f"
done)
echo "bench: RttFuzz $fuzz_iterations" >&2
rtt_line=$(java -cp "$cp" io.hilt.bench.defmt.RttFuzz "$fuzz_iterations") || fuzz_status=FAILED

{
  echo "<!-- defmt:begin (written by bench/defmt.sh) -->"
  echo "Measured $started with \`$(echo "bench/defmt.sh $*" | sed 's/ *$//')\`."
  echo
  echo "| Machine | |"
  echo "|---|---|"
  echo "| CPU | $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) CPUs available |"
  echo "| Load average (1, 5, 15 min) | $load_before before, $load_after after: shared machine, other builds running |"
  echo "| Java | $(java -version 2>&1 | head -n 2 | tail -n 1) |"
  echo
  cat "$work/results.md"
  if [[ -f "$work/decode.jfr" ]]; then
    echo
    echo "A benchmark missed the goal, so \`decodeAndFormat\` ran once more under Java Flight Recorder"
    echo "(\`-XX:+DebugNonSafepoints\`, $samples execution samples). Leaf frames (method executing):"
    echo
    echo '```'
    cat "$work/leaf-top.txt"
    echo '```'
    echo
    echo "Innermost hilt frame of each sample (hilt code, or hilt code calling into the JDK):"
    echo
    echo '```'
    cat "$work/hilt-top.txt"
    echo '```'
    echo
    echo "Allocation (jdk.ObjectAllocationSample weight) by class:"
    echo
    echo '```'
    cat "$work/alloc-top.txt"
    echo '```'
  fi
  echo
  echo "Fuzzing ($fuzz_status), \`mvn -B -o -pl probe-adapter -Dtest='DefmtFuzzTest,RttTest#randomMemoryNeverEscapesAnythingButRttException' -Dhilt.fuzz.iterations=$fuzz_iterations test\`:"
  echo
  echo "| Test | Time | Outcome |"
  echo "|---|---:|---|"
  echo "$fuzz_rows"
  echo
  echo "$rtt_line"
  echo "<!-- defmt:end -->"
} > "$work/section.md"

if grep -q '<!-- defmt:begin' BENCHMARKS.md; then
  awk -v section="$work/section.md" '
    /<!-- defmt:begin/ { while ((getline line < section) > 0) print line; skip = 1; next }
    /<!-- defmt:end -->/ { skip = 0; next }
    !skip { print }' BENCHMARKS.md > "$work/BENCHMARKS.md"
  cp "$work/BENCHMARKS.md" BENCHMARKS.md
else
  { echo; echo "## defmt decoding"; echo; cat "$work/section.md"; } >> BENCHMARKS.md
fi
cat "$work/section.md"
[[ "$fuzz_status" == passed ]]
