#!/usr/bin/env bash
# Core planning benchmarks (issue 2) in one command: checks Count() against enumeration, runs the BenchmarkDotNet suite
# (schedule Contains/Next, plan build) in Release with a short job, times `stepwise plan` (bench/plan-walltime.sh), and
# prints one results-vs-targets table (with the commit and the load average), then an interleaved Stopwatch A/B of the
# schedules (`micro`). About 3 minutes on 2 cores.
#
#   bench/run-core.sh [--profile] [BenchmarkDotNet filter, default '*']
#
# --profile also prints a Stopwatch breakdown of plan building (Build, Estimates, each schedule part's Count()).
# Reports: artifacts/benchmarks/results/ (BenchmarkDotNet markdown/CSV/HTML) and artifacts/benchmarks/core-summary.md.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=0 filter='*'
for a in "$@"; do
  case "$a" in
    --profile) profile=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) filter="$a" ;;
  esac
done

out=artifacts/benchmarks
mkdir -p "$out"
summary="$out/core-summary.md"
project=bench/Stepwise.Benchmarks
dll=$project/bin/Release/net10.0/Stepwise.Benchmarks.dll

# Machine load matters on a shared box: record the load average before and after (it goes into the summary).
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)

echo "== build (Release)"
dotnet build "$project" -c Release -nologo -v quiet

echo "== verify: Count() == Enumerate().Count()"
dotnet "$dll" verify

if [[ $profile == 1 ]]; then
  echo "== profile: plan building, Stopwatch"
  dotnet "$dll" profile
fi

echo "== BenchmarkDotNet (short job: 1 launch, 3 warm-up + 3 measured iterations of 250 ms)"
dotnet "$dll" --filter "$filter" --job short --iterationTime 250 --artifacts "$out" --summary "$summary.tmp"

echo "== micro: Stopwatch A/B of Contains/Next, kinds interleaved, min over rounds (robust to load, not of record)"
dotnet "$dll" micro 8 | tee "$out/micro.md"

echo "== stepwise plan wall time"
WALLTIME_SUMMARY="$summary.tmp" bench/plan-walltime.sh

{
  echo "Core planning benchmarks, $(date -u +%Y-%m-%dT%H:%MZ), $(dotnet --version) SDK, $(nproc) cores: $(lscpu | sed -n 's/^Model name: *//p')"
  echo "(Schedule rows: ns per call on a 3,000,000-step run; PlanBuild rows: one build of that run.)"
  echo "Commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (+ uncommitted changes)');" \
    "load average (1/5/15 min) before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime) on $(nproc) cores"
  echo
  cat "$summary.tmp"
  echo
  echo "Interleaved A/B (micro):"
  echo
  cat "$out/micro.md"
} >"$summary"
rm -f "$summary.tmp"

echo
echo "================ results vs targets ================"
cat "$summary"
echo "(also in $summary; BenchmarkDotNet reports in $out/results/)"
