#!/usr/bin/env bash
# Engine benchmarks (issue 3): Stepwise's CPU engine against PyTorch (Debian python3-torch on the OpenMP OpenBLAS with
# its AVX-512 kernels, bench/peers/with-torch-peer.sh) on the same shapes and thread counts, in one run, interleaved:
# for each measurement and thread count, Stepwise then the peer, repeated for --rounds rounds; medians per side.
#
#   bench/run.sh [--quick] [--seconds S] [--rounds R] [--threads "1 2"] [--only REGEX]
#
#   default  S = 2 s per measurement, R = 5 rounds (a median of 5 outlasts two disturbed rounds), threads 1 and 2:
#            ≈ 12–14 min on 2 cores (≤ 20 min)
#   --quick  S = 0.5 s, R = 1, one warm-up and one measured call minimum: a ≈ 2–5 min smoke run (indicative numbers)
#   --only   run only the measurements whose key matches REGEX (gemm256 gemm512 gemm1024 gemm2048 mlp tinygpt
#            per-sample knn memory tim; knn needs python3-sklearn)
#   tim      time-windowed influence (issue 16, bench/Stepwise.TimBench against bench/peers/tim_reference.py) on the
#            models in $TIM_MODELS (default "example logreg mlp"; "smoke" is a tiny pipeline check): rows
#            tim_cost_over_train, tim_vs_reference and tim_peak_memory, each with a "model" field
#
# Each GEMM round first measures the FP32 peak the machine delivers at that moment (Stepwise.EngineBench peak: a
# register-only FMA loop, 1 s); "% of peak" is of the median of those probes, the nominal figure is reported too.
#
# Prints progress on stderr; on stdout one JSON object per headline row ({"name", "unit", "ours", "peer", "ratio",
# "threads", ...}; ratio > 1 means Stepwise is better; for memory ratio = peer/ours), then a readable table.
# Raw measurements: artifacts/bench/engine-<date>.jsonl; summary: artifacts/bench/engine-<date>-summary.{jsonl,md}.
# 1-thread runs are pinned to one CPU (taskset -c 0, DOTNET_PROCESSOR_COUNT=1, OMP/OpenBLAS threads 1), 2-thread runs
# to CPUs 0,1. Exits non-zero if a measurement fails or PyTorch is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=2 rounds=5 threads_list="1 2" only='.*'
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) seconds=0.5 rounds=1; export STEPWISE_BENCH_QUICK=1 ;;
    --seconds) seconds=${2:?}; shift ;;
    --rounds) rounds=${2:?}; shift ;;
    --threads) threads_list=${2:?}; shift ;;
    --only) only=${2:?}; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

py=/usr/bin/python3
if ! [ -x "$py" ] || ! "$py" -c "import torch, functorch" 2>/dev/null || ! [ -e /usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3 ]; then
  echo "bench/run.sh: the PyTorch peer is not installed (needs Debian's python3-torch with functorch and the OpenMP OpenBLAS)." >&2
  echo "  install it with: sudo apt-get install -y python3-torch python3-numpy libopenblas0-openmp" >&2
  exit 2
fi
command -v taskset >/dev/null || { echo "bench/run.sh: needs taskset (apt-get install -y util-linux)" >&2; exit 2; }

project=bench/Stepwise.EngineBench
ours_bin=$project/bin/Release/net10.0/Stepwise.EngineBench
echo "== build $project (Release)" >&2
dotnet build "$project" -c Release -nologo -v quiet >&2
tim_project=bench/Stepwise.TimBench
tim_bin=$tim_project/bin/Release/net10.0/Stepwise.TimBench
tim_models=${TIM_MODELS:-example logreg mlp}

stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
out=artifacts/bench
mkdir -p "$out"
raw="$out/engine-$stamp.jsonl"
: >"$raw"
cpus_total=$(nproc)
start=$SECONDS
tim_dir="$out/tim"
if [[ tim =~ ^($only)$ ]]; then   # influence: train each benchmarked run once (not timed), export the peer's inputs
  echo "== build $tim_project (Release); prepare $tim_models in $tim_dir" >&2
  dotnet build "$tim_project" -c Release -nologo -v quiet >&2
  for m in $tim_models; do "$tim_bin" prepare "$m" "$tim_dir" --threads "$cpus_total" >&2; done
fi

# header line: machine and software, for the record
{
  printf '{"name": "machine", "side": "meta", "threads_requested": 0, "cpu": "%s", "cores": %s, "dotnet": "%s", "torch": "%s", "engine_commit": "%s", "load_avg_start": "%s", "seconds": %s, "rounds": %s}\n' \
    "$(lscpu | sed -n 's/^Model name: *//p')" "$cpus_total" "$(dotnet --version)" "$("$py" -c 'import torch; print(torch.__version__)')" \
    "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$seconds" "$rounds"
} >>"$raw"

# cpu_ticks CPUS: "steal total" clock ticks summed over the listed CPUs (/proc/stat: user nice system idle iowait irq
# softirq steal). Steal is time the hypervisor ran something else while this VM's vCPU wanted to run.
cpu_ticks() {
  awk -v cpus="$1" 'BEGIN { n = split(cpus, c, ","); for (i = 1; i <= n; i++) want["cpu" c[i]] = 1 }
    want[$1] { for (i = 2; i <= 9; i++) total += $i; steal += $9 } END { print steal + 0, total + 0 }' /proc/stat
}

# run SIDE THREADS CPUS ROUND COMMAND...: runs one measurement pinned to CPUS, tags each JSON line (with the load
# average and the share of the CPUS' time stolen by the hypervisor while it ran, in %), appends it to $raw
run() {
  local side=$1 threads=$2 cpus=$3 round=$4; shift 4
  local lines before after steal
  before=$(cpu_ticks "$cpus")
  if ! lines=$(DOTNET_PROCESSOR_COUNT=$threads OMP_NUM_THREADS=$threads taskset -c "$cpus" "$@"); then
    echo "bench/run.sh: measurement failed: $*" >&2
    exit 1
  fi
  after=$(cpu_ticks "$cpus")
  steal=$(awk -v b="$before" -v a="$after" 'BEGIN { split(b, x, " "); split(a, y, " "); d = y[2] - x[2]; printf "%.2f", (d > 0 ? 100 * (y[1] - x[1]) / d : 0) }')
  while IFS= read -r line; do
    [[ $line == \{* ]] || continue
    "$py" -c 'import json, sys; r = json.loads(sys.argv[1]); r.update(side=sys.argv[2], threads_requested=int(sys.argv[3]), round=int(sys.argv[4]), load1=float(sys.argv[5]), steal_pct=float(sys.argv[6])); print(json.dumps(r))' \
      "$line" "$side" "$threads" "$round" "$(cut -d' ' -f1 /proc/loadavg)" "$steal" >>"$raw"
    echo "   $side t=$threads r=$round $(echo "$line" | "$py" -c 'import json, sys; r = json.load(sys.stdin); print(r["name"], "%.6g" % r["value"], r["unit"])')" >&2
  done <<<"$lines"
}


for t in $threads_list; do
  if (( t > cpus_total )); then echo "bench/run.sh: skipping $t threads (only $cpus_total CPUs)" >&2; continue; fi
  cpus=$(seq -s, 0 $((t - 1)))
  for key in gemm256 gemm512 gemm1024 gemm2048 mlp tinygpt per-sample knn memory tim; do
    [[ $key =~ ^($only)$ ]] || continue
    echo "== threads $t: $key ($(( SECONDS - start )) s elapsed)" >&2
    for ((r = 1; r <= rounds; r++)); do
      case $key in
        gemm*)   # the measured FP32 peak first (1 s, the ceiling of "% of peak"), then both sides
          n=${key#gemm}
          run probe "$t" "$cpus" "$r" "$ours_bin" peak --threads "$t" --seconds 1
          run stepwise "$t" "$cpus" "$r" "$ours_bin" gemm "$n" --threads "$t" --seconds "$seconds"
          run peer "$t" "$cpus" "$r" bench/peers/with-torch-peer.sh "$t" "$py" bench/peers/gemm.py "$n" "$seconds" ;;
        mlp)
          run stepwise "$t" "$cpus" "$r" "$ours_bin" mlp --threads "$t" --seconds "$seconds"
          run peer "$t" "$cpus" "$r" bench/peers/with-torch-peer.sh "$t" "$py" bench/peers/mlp.py "$seconds" ;;
        tinygpt)
          run stepwise "$t" "$cpus" "$r" "$ours_bin" tinygpt --threads "$t" --seconds "$seconds"
          run peer "$t" "$cpus" "$r" bench/peers/with-torch-peer.sh "$t" "$py" bench/peers/tinygpt.py "$seconds" ;;
        per-sample)
          run stepwise "$t" "$cpus" "$r" "$ours_bin" per-sample --threads "$t" --seconds "$seconds"
          run peer "$t" "$cpus" "$r" bench/peers/with-torch-peer.sh "$t" "$py" bench/peers/per_sample.py "$seconds" ;;
        knn)      # issue 18: exact kNN 30,000 × 128, k = 15, against scikit-learn's brute force (python3-sklearn)
          run stepwise "$t" "$cpus" "$r" "$ours_bin" knn --threads "$t" --seconds "$seconds"
          run peer "$t" "$cpus" "$r" bench/peers/with-torch-peer.sh "$t" "$py" bench/peers/knn_sklearn.py "$seconds" ;;
        memory)   # fresh processes: peak RSS after 50 training steps, and an idle process of each runtime
          run stepwise "$t" "$cpus" "$r" "$ours_bin" mlp-memory --threads "$t" --steps 50
          run peer "$t" "$cpus" "$r" bench/peers/with-torch-peer.sh "$t" "$py" bench/peers/mlp_memory.py 50
          run stepwise "$t" "$cpus" "$r" "$ours_bin" baseline-memory --threads "$t"
          run peer "$t" "$cpus" "$r" bench/peers/with-torch-peer.sh "$t" "$py" bench/peers/mlp_memory.py baseline ;;
        tim)      # per model: influence and training over the same window (ours), the reference algorithm (peer), peak RSS
          for m in $tim_models; do
            run stepwise "$t" "$cpus" "$r" "$tim_bin" time "$m" "$tim_dir" --threads "$t" --seconds "$seconds"
            run peer "$t" "$cpus" "$r" bench/peers/with-torch-peer.sh "$t" "$py" bench/peers/tim_reference.py "$tim_dir" "$m" "$seconds"
            run stepwise "$t" "$cpus" "$r" "$tim_bin" memory "$m" "$tim_dir" --threads "$t"
            run peer "$t" "$cpus" "$r" bench/peers/with-torch-peer.sh "$t" "$py" bench/peers/tim_reference.py "$tim_dir" "$m" memory
          done ;;
      esac
    done
  done
done

printf '{"name": "end", "side": "meta", "threads_requested": 0, "elapsed_s": %s, "load_avg_end": "%s"}\n' "$(( SECONDS - start ))" "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$raw"
echo "== done in $(( SECONDS - start )) s; raw results: $raw" >&2
"$py" bench/engine_report.py "$raw" "${raw%.jsonl}"
