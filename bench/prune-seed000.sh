#!/usr/bin/env bash
# `stepwise prune examples/seed000-pruning.yaml` end to end (issue 17): the whole example (5 stages, TIM + TracIn +
# random + oracle + none, 1 repeat: 1 run trained once, 2 scorings, 12 retrained runs) with the published CLI, its
# wall time split into training once, scoring and retraining as the command's prune_timing.json records it.
#
#   bench/prune-seed000.sh [--threads "2"] [--rounds 3]
#
# Prints one JSON line per thread count ({"name": "prune_seed000_seconds", "unit": "s", "ours" = the median wall time
# of the process, "target": 180, "training_s", "scoring_s", "retraining_s" = the medians of the split, "threads",
# "rounds", "load_avg"}) and a table. Target: ≤ 180 s on 2 cores, retraining the bulk (scoring a small share).
set -euo pipefail
cd "$(dirname "$0")/.."
threads_list="2" rounds=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) threads_list=${2:?}; shift ;;
    --rounds) rounds=${2:?}; shift ;;
    *) echo "bench/prune-seed000.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
echo "== publish the CLI (Release, ReadyToRun)" >&2
dotnet publish src/Stepwise.Cli -c Release -o artifacts/bench/cli -nologo -v quiet >&2
cli=artifacts/bench/cli/stepwise
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

for t in $threads_list; do
  cpus=$([ "$t" = 1 ] && echo 0 || echo 0-$((t - 1)))
  : >"$tmp/rounds-$t"
  for r in $(seq 1 "$rounds"); do
    rm -rf "$tmp/prune"
    s=$(date +%s%N)
    taskset -c "$cpus" env DOTNET_PROCESSOR_COUNT="$t" "$cli" prune examples/seed000-pruning.yaml --out "$tmp/prune" --threads "$t" >/dev/null 2>"$tmp/err" \
      || { cat "$tmp/err" >&2; echo "bench/prune-seed000.sh: the experiment failed" >&2; exit 1; }
    e=$(date +%s%N)
    /usr/bin/python3 -c 'import json, sys; t = json.load(open(sys.argv[1])); print(int(sys.argv[2]) / 1e9, t["training_seconds"], t["scoring_seconds"], t["retraining_seconds"])' \
      "$tmp/prune/prune_timing.json" $(( e - s )) >>"$tmp/rounds-$t"
    echo "   threads $t round $r: $(tail -1 "$tmp/rounds-$t") s (wall, training, scoring, retraining; load $(cut -d' ' -f1 /proc/loadavg))" >&2
  done
  col() { awk -v c="$1" '{print $c}' "$tmp/rounds-$t" | median; }
  printf '{"name": "prune_seed000_seconds", "unit": "s", "ours": %s, "target": 180, "training_s": %s, "scoring_s": %s, "retraining_s": %s, "threads": %s, "rounds": %s, "load_avg": "%s"}\n' \
    "$(col 1)" "$(col 2)" "$(col 3)" "$(col 4)" "$t" "$rounds" "$(cut -d' ' -f1-3 /proc/loadavg)"
done | tee "$tmp/rows.jsonl"
echo
printf '%-24s %8s %10s %10s %10s %12s %10s\n' name threads "wall s" "train s" "score s" "retrain s" target
/usr/bin/python3 - "$tmp/rows.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    ok = "pass" if r["ours"] <= r["target"] else "FAIL"
    print(f'{r["name"]:<24} {r["threads"]:>8} {r["ours"]:>10.1f} {r["training_s"]:>10.1f} {r["scoring_s"]:>10.1f} {r["retraining_s"]:>12.1f} {"<= 180 " + ok:>10}')
PY
