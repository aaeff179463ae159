#!/usr/bin/env bash
# Paired A/B of the engine between two revisions: builds bench/Stepwise.EngineBench at BASE (default HEAD~1) and at
# the working tree, then runs one measurement alternately (base, new, base, new, ... in fresh processes) and prints
# each pair, the median of the per-pair ratios new/base (> 1: the working tree is faster) and their range. On a host
# whose speed drifts by tens of percent between minutes, the pairs share conditions, so the paired median sees a few
# percent that two separate runs cannot.
#
#   bench/ab.sh [--base REV] [--rounds N] [--threads K] -- MEASUREMENT [ARGS]
#   e.g.  bench/ab.sh --base HEAD~3 --rounds 10 --threads 1 -- mlp --seconds 1
#         bench/ab.sh --threads 2 -- gemm 1024 --seconds 1
#
# MEASUREMENT is a Stepwise.EngineBench subcommand (gemm N | mlp | tinygpt | per-sample); --threads is passed to it and
# pins the processes to CPUs 0..K−1 (taskset, DOTNET_PROCESSOR_COUNT), as bench/run.sh does. No peer is needed.
# Prints one JSON line ({"name": "ab", "measurement", "base", "unit", "base_median", "new_median", "paired_ratio",
# "ratio_min", "ratio_max", "rounds", "threads"}) after the pairs. Exits 2 on bad arguments, 1 if a build or run fails.
set -euo pipefail
cd "$(dirname "$0")/.."

base=HEAD~1 rounds=8 threads=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --base) base=${2:?}; shift ;;
    --rounds) rounds=${2:?}; shift ;;
    --threads) threads=${2:?}; shift ;;
    --) shift; break ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "bench/ab.sh: unknown argument $1 (put the measurement after --)" >&2; exit 2 ;;
  esac
  shift
done
[[ $# -ge 1 ]] || { echo "bench/ab.sh: no measurement given (e.g. -- mlp --seconds 1)" >&2; exit 2; }
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "bench/ab.sh: --rounds must be a positive integer, got '$rounds'" >&2; exit 2; }
[[ $threads =~ ^[1-9][0-9]*$ ]] || { echo "bench/ab.sh: --threads must be a positive integer, got '$threads'" >&2; exit 2; }
rev=$(git rev-parse --verify --quiet "$base^{commit}") || { echo "bench/ab.sh: --base '$base' is not a commit" >&2; exit 2; }
command -v taskset >/dev/null || { echo "bench/ab.sh: needs taskset (apt-get install -y util-linux)" >&2; exit 2; }

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "== build the base ($base = ${rev:0:7}) and the working tree (Release)" >&2
git archive "$rev" | tar -x -C "$tmp"
for project in "$tmp/bench/Stepwise.EngineBench" bench/Stepwise.EngineBench; do
  dotnet build "$project" -c Release -nologo -v quiet >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; echo "bench/ab.sh: build of $project failed" >&2; exit 1; }
done
old_bin=$tmp/bench/Stepwise.EngineBench/bin/Release/net10.0/Stepwise.EngineBench
new_bin=bench/Stepwise.EngineBench/bin/Release/net10.0/Stepwise.EngineBench
cpus=$(seq -s, 0 $((threads - 1)))

one() { DOTNET_PROCESSOR_COUNT=$threads taskset -c "$cpus" "$1" "${@:2}" --threads "$threads" | grep '^{' | tail -1; }
pairs=$tmp/pairs.jsonl
for ((r = 1; r <= rounds; r++)); do
  o=$(one "$old_bin" "$@") || { echo "bench/ab.sh: base run failed" >&2; exit 1; }
  n=$(one "$new_bin" "$@") || { echo "bench/ab.sh: new run failed" >&2; exit 1; }
  printf '{"old": %s, "new": %s}\n' "$o" "$n" >>"$pairs"
done

/usr/bin/env python3 - "$pairs" "$base" "$rounds" "$threads" "$*" <<'EOF'
import json, statistics, sys
pairs = [json.loads(line) for line in open(sys.argv[1])]
ratios = []
for i, p in enumerate(pairs, 1):
    o, n = p["old"]["value"], p["new"]["value"]
    ratios.append(n / o)
    print("  round %d: base %.6g, new %.6g %s, new/base %.3f" % (i, o, n, p["new"]["unit"], n / o), file=sys.stderr)
print(json.dumps({"name": "ab", "measurement": sys.argv[5], "base": sys.argv[2], "unit": pairs[0]["new"]["unit"],
                  "base_median": statistics.median(p["old"]["value"] for p in pairs),
                  "new_median": statistics.median(p["new"]["value"] for p in pairs),
                  "paired_ratio": statistics.median(ratios), "ratio_min": min(ratios), "ratio_max": max(ratios),
                  "rounds": int(sys.argv[3]), "threads": int(sys.argv[4])}))
EOF
