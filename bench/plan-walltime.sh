#!/usr/bin/env bash
# Wall time of `stepwise plan CONFIG` with the ReadyToRun-published CLI (issue 2: target median ≤ 0.3 s).
#
#   bench/plan-walltime.sh [--no-publish] [--runs N] [CONFIG]
#
# Publishes src/Stepwise.Cli (Release, ReadyToRun, linux-x64) to artifacts/stepwise unless --no-publish, then times
# N runs (default 20) after 3 warm-up runs with hyperfine when installed, else with a `date +%s%N` loop. Prints the
# median and min (WALLTIME_TOOL=loop forces the loop); with WALLTIME_SUMMARY=FILE also appends a markdown table row
# to FILE. Exit status 0 whether or not the target is met.
set -euo pipefail
cd "$(dirname "$0")/.."

publish=1 runs=20 config=examples/seed001-dense-then-sparse.yaml
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-publish) publish=0 ;;
    --runs) runs="$2"; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) config="$1" ;;
  esac
  shift
done
exe=artifacts/stepwise/stepwise
target_ms=300

if [[ $publish == 1 || ! -x $exe ]]; then
  echo "publishing the CLI (ReadyToRun) to artifacts/stepwise ..." >&2
  dotnet publish src/Stepwise.Cli -c Release -o artifacts/stepwise -nologo -v quiet >&2
fi
"$exe" plan "$config" >/dev/null 2>&1 || { echo "error: $exe plan $config failed" >&2; "$exe" plan "$config" >/dev/null; exit 1; }

if [[ ${WALLTIME_TOOL:-} != loop ]] && command -v hyperfine >/dev/null 2>&1; then
  tool=hyperfine
  csv=$(mktemp)
  hyperfine --style basic --warmup 3 --runs "$runs" --export-csv "$csv" -N "$exe plan $config" >&2
  # columns: command,mean,stddev,median,user,system,min,max (seconds)
  read -r median min < <(awk -F, 'NR==2 { printf "%.1f %.1f\n", $4*1000, $7*1000 }' "$csv")
  rm -f "$csv"
else
  tool="date +%s%N loop"
  for _ in 1 2 3; do "$exe" plan "$config" >/dev/null 2>&1; done
  times=()
  for ((i = 0; i < runs; i++)); do
    t0=$(date +%s%N); "$exe" plan "$config" >/dev/null 2>&1; t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000 )))   # µs
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  min=$(head -1 <<<"$sorted" | awk '{ printf "%.1f", $1/1000 }')
  median=$(awk -v n="$runs" '{ a[NR]=$1 } END { m = (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2; printf "%.1f", m/1000 }' <<<"$sorted")
fi

verdict=$(awk -v m="$median" -v t="$target_ms" 'BEGIN { print (m <= t) ? "pass" : "FAIL" }')
echo "stepwise plan $config: median ${median} ms, min ${min} ms over ${runs} runs (${tool}); target ≤ ${target_ms} ms: ${verdict}"
if [[ -n ${WALLTIME_SUMMARY:-} ]]; then
  echo "| plan wall time (\`stepwise plan $(basename "$config")\`, R2R) | ${runs} runs | median ${median} ms (min ${min} ms) | ≤ ${target_ms} ms | ${verdict} |" >>"$WALLTIME_SUMMARY"
fi
