#!/usr/bin/env bash
# `stepwise train` overhead against a plain PyTorch loop (issue 4): per-step time measured end to end as
# (wall(330 steps) − wall(30 steps)) / 300 for each side, so start-up, data creation and teardown cancel out.
# Same shapes on both sides (bench/train-overhead.yaml, bench/peers/train_loop.py), runs interleaved A B A B, medians.
#
#   bench/train-overhead.sh [--threads "1 2"] [--rounds 3] [--base REV]
#
# Prints one JSON line per thread count ({"name": "train_step", "unit": "ms/step", "ours", "peer", "ratio" = peer/ours,
# "threads"}) and a table. With --base REV the CLI of revision REV (built in a temporary worktree, run on that
# revision's own copy of the config) is measured as a third side in the same rounds: the row adds "base" (ms/step)
# and "vs_base" = base/ours (> 1: the working tree is faster), so "per-step time unchanged" is read in one run.
# Needs the peer (apt-get install -y python3-torch python3-numpy libopenblas0-openmp).
set -euo pipefail
cd "$(dirname "$0")/.."
threads_list="1 2" rounds=3 base=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) threads_list=${2:?}; shift ;;
    --rounds) rounds=${2:?}; shift ;;
    --base) base=${2:?}; shift ;;
    *) echo "bench/train-overhead.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
/usr/bin/python3 -c "import torch" 2>/dev/null || { echo "bench/train-overhead.sh: needs python3-torch (apt-get install -y python3-torch python3-numpy libopenblas0-openmp)" >&2; exit 2; }
echo "== publish the CLI (Release, ReadyToRun)" >&2
dotnet publish src/Stepwise.Cli -c Release -o artifacts/bench/cli -nologo -v quiet >&2
cli=artifacts/bench/cli/stepwise
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
if [ -n "$base" ]; then
  rev=$(git rev-parse --short "$base^{commit}") || { echo "bench/train-overhead.sh: --base $base is not a revision" >&2; exit 2; }
  echo "== publish the CLI of $rev (Release, ReadyToRun)" >&2
  git worktree add -q --detach "$tmp/base" "$rev" >&2
  trap 'git worktree remove --force "$tmp/base" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
  dotnet publish "$tmp/base/src/Stepwise.Cli" -c Release -o "$tmp/base-cli" -nologo -v quiet >&2
fi

wall() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; e=$(date +%s%N); echo $(( (e - s) / 1000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

for t in $threads_list; do
  cpus=$([ "$t" = 1 ] && echo 0 || echo 0-$((t - 1)))
  ours=(); peer=(); based=()
  for r in $(seq 1 "$rounds"); do
    for n in 30 330; do
      rm -rf "$tmp/run"
      us=$(wall taskset -c "$cpus" env DOTNET_PROCESSOR_COUNT="$t" "$cli" train bench/train-overhead.yaml --max-steps $n --threads "$t" --out "$tmp/run" --quiet)
      ours+=("$n:$us")
      if [ -n "$base" ]; then
        rm -rf "$tmp/run"
        us=$(wall taskset -c "$cpus" env DOTNET_PROCESSOR_COUNT="$t" "$tmp/base-cli/stepwise" train "$tmp/base/bench/train-overhead.yaml" --max-steps $n --threads "$t" --out "$tmp/run" --quiet)
        based+=("$n:$us")
      fi
      us=$(wall taskset -c "$cpus" bench/peers/with-torch-peer.sh "$t" /usr/bin/python3 bench/peers/train_loop.py $n)
      peer+=("$n:$us")
    done
    echo "   threads $t round $r done (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  done
  per_step() { local -n arr=$1; local long short
    long=$(printf '%s\n' "${arr[@]}" | sed -n 's/^330://p' | median); short=$(printf '%s\n' "${arr[@]}" | sed -n 's/^30://p' | median)
    awk -v a="$long" -v b="$short" 'BEGIN {printf "%.4f", (a - b) / 300 / 1000}'; }
  o=$(per_step ours); p=$(per_step peer)
  ratio=$(awk -v o="$o" -v p="$p" 'BEGIN {printf "%.2f", p / o}')
  extra=""
  if [ -n "$base" ]; then
    b=$(per_step based)
    extra=$(awk -v o="$o" -v b="$b" -v r="$rev" 'BEGIN {printf ", \"base_rev\": \"%s\", \"base\": %.4f, \"vs_base\": %.3f", r, b, b / o}')
  fi
  printf '{"name": "train_step", "unit": "ms/step", "ours": %s, "peer": %s, "ratio": %s%s, "threads": %s, "load_avg": "%s"}\n' "$o" "$p" "$ratio" "$extra" "$t" "$(cut -d' ' -f1-3 /proc/loadavg)"
done | tee "$tmp/rows.jsonl"
echo
printf '%-12s %8s %12s %12s %8s %10s\n' name threads "ours ms" "peer ms" ratio "target"
/usr/bin/python3 - "$tmp/rows.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    ok = "pass" if r["ratio"] >= 1.25 else "FAIL"
    base = f'   base {r["base_rev"]} {r["base"]:.3f} ms, base/ours {r["vs_base"]:.3f}' if "base" in r else ""
    print(f'{r["name"]:<12} {r["threads"]:>8} {r["ours"]:>12.3f} {r["peer"]:>12.3f} {r["ratio"]:>8.2f} {">= 1.25 " + ok:>10}{base}')
PY
