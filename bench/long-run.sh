#!/usr/bin/env bash
# Issue 14: a run's memory and checkpoint cost must not grow with its length. Trains bench/long-run.yaml (logreg on
# digits, log.every 1, a checkpoint every 100,000 steps) for 1,000,000 steps (or --steps N) and reports:
#   peak RSS of the process (/usr/bin/time -v); the first and last checkpoint's save time (timing.jsonl) and their ratio;
#   the size of the last trainer_state.json; the time of `--resume auto` from the checkpoint at 10 % and at 90 % of the
#   run (the folder cut back to that checkpoint, then 10 more updates: start-up + resume + 10 updates + a save).
#
#   bench/long-run.sh [--steps 1000000] [--threads 1]
#
# Prints JSON lines ({"name", "unit", "value", ...}) and a table. Targets: RSS ≤ 300 MB, last save ≤ 2 × first,
# trainer_state.json ≤ 1 MB, resume at 90 % ≈ resume at 10 % (within noise).
set -euo pipefail
cd "$(dirname "$0")/.."
steps=1000000 threads=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --steps) steps=${2:?}; shift ;;
    --threads) threads=${2:?}; shift ;;
    *) echo "bench/long-run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[ -x /usr/bin/time ] || { echo "bench/long-run.sh: needs GNU time (apt-get install -y time)" >&2; exit 2; }
every=$((steps / 10))
echo "== publish the CLI (Release, ReadyToRun)" >&2
dotnet publish src/Stepwise.Cli -c Release -o artifacts/bench/cli -nologo -v quiet >&2
cli=artifacts/bench/cli/stepwise
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
run="$tmp/run"

echo "== train $steps steps (checkpoint every $every)" >&2
/usr/bin/time -v "$cli" train bench/long-run.yaml --max-steps "$steps" --set checkpoints.every="$every" --set eval.every="$every" \
  --threads "$threads" --out "$run" --quiet >"$tmp/out" 2>"$tmp/time" || { cat "$tmp/time" >&2; exit 1; }
rss_kb=$(sed -nE 's/.*Maximum resident set size \(kbytes\): ([0-9]+).*/\1/p' "$tmp/time")
wall=$(sed -nE 's/.*Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (.*)/\1/p' "$tmp/time")
read -r first last < <(python3 - "$run/timing.jsonl" <<'PY'
import json, sys
saves = [json.loads(l) for l in open(sys.argv[1]) if '"event":"save"' in l]
print(saves[0]["save_s"], saves[-1]["save_s"])
PY
)
state_bytes=$(stat -c %s "$run/checkpoint_step_$steps/trainer_state.json")

resume() {   # $1: the step to resume from; prints seconds
  local k=$1 copy="$tmp/resume-$1"
  cp -r "$run" "$copy"
  for d in "$copy"/checkpoint_step_*; do
    local s=${d##*_}
    [ "$s" -gt "$k" ] && rm -rf "$d"
  done
  rm -f "$copy/run.json"
  local s e
  s=$(date +%s%N)
  "$cli" train bench/long-run.yaml --max-steps $((k + 10)) --set checkpoints.every="$every" --set eval.every="$every" \
    --threads "$threads" --out "$copy" --resume auto --quiet >/dev/null 2>&1
  e=$(date +%s%N)
  rm -rf "$copy"
  python3 -c "print(($e - $s) / 1e9)"
}
r10=$(resume "$every"); r90=$(resume $((steps - every)))
r10b=$(resume "$every"); r90b=$(resume $((steps - every)))

python3 - "$steps" "$rss_kb" "$first" "$last" "$state_bytes" "$r10" "$r90" "$r10b" "$r90b" "$wall" <<'PY'
import json, sys
steps, rss, first, last, size, r10, r90, r10b, r90b, wall = sys.argv[1:]
rss_mb = int(rss) / 1024
first, last = float(first), float(last)
r10 = min(float(r10), float(r10b)); r90 = min(float(r90), float(r90b))
rows = [
    {"name": "long_run_peak_rss", "unit": "MB", "value": round(rss_mb, 1), "steps": int(steps), "target": "<= 300"},
    {"name": "long_run_save_ratio", "unit": "last/first", "value": round(last / first, 3), "first_s": first, "last_s": last, "target": "<= 2"},
    {"name": "long_run_trainer_state", "unit": "bytes", "value": int(size), "target": "<= 1048576"},
    {"name": "long_run_resume", "unit": "s", "value": round(r90, 3), "at_10pct_s": round(r10, 3), "ratio": round(r90 / r10, 3), "target": "ratio ≈ 1"},
]
for r in rows: print(json.dumps(r))
print(f"\n{int(steps):,} steps in {wall}: peak RSS {rss_mb:.0f} MB; save {first*1000:.1f} ms first, {last*1000:.1f} ms last "
      f"({last/first:.2f}×); trainer_state.json {int(size):,} bytes; resume at 10 % {r10:.2f} s, at 90 % {r90:.2f} s ({r90/r10:.2f}×)")
PY
