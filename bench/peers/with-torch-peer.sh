#!/usr/bin/env bash
# Runs a command under the PyTorch peer configuration that counts for Stepwise's engine benchmarks (a copy of the
# settings of the workplace's shared/peers/with-torch-peer, so the repository does not depend on shared/):
# Debian's python3-torch (CPU) on the OpenMP build of OpenBLAS with its AVX-512 kernels, the glibc allocator told not
# to return memory every step, and THREADS threads.
#
#   bench/peers/with-torch-peer.sh THREADS COMMAND [ARGS...]   e.g. bench/peers/with-torch-peer.sh 2 /usr/bin/python3 bench/peers/mlp.py
#
# Needs: apt-get install -y python3-torch python3-numpy libopenblas0-openmp
#
# One addition to the shared script: OpenBLAS 0.3.21 (Debian 12) does not recognise every AVX-512 CPU. On the Intel
# Xeon family 6 model 207 (Emerald Rapids) VMs its DYNAMIC_ARCH detection falls back to the generic "Prescott" SSE3
# kernels (≈ 15 GFLOP/s at 1024³ instead of ≈ 150). The shared script only unsets OPENBLAS_CORETYPE and so relies on
# detection; here, when the CPU has avx512f and detection did not pick an AVX-512 kernel, OPENBLAS_CORETYPE=SkylakeX
# (OpenBLAS's AVX-512 kernel set) is exported, which is what "its AVX-512 kernels" means. Set
# STEPWISE_PEER_CORETYPE to force a kernel set (e.g. Haswell) for experiments.
set -eu
threads=${1:?usage: with-torch-peer.sh THREADS COMMAND...}; shift
lib=/usr/lib/x86_64-linux-gnu/openblas-openmp
if [ ! -e "$lib/libblas.so.3" ] || ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  echo "with-torch-peer.sh: needs Debian packages python3-torch python3-numpy libopenblas0-openmp (apt-get install -y python3-torch python3-numpy libopenblas0-openmp)" >&2
  exit 2
fi
unset OPENBLAS_CORETYPE            # the workplace exports Haswell, which halves OpenBLAS speed on AVX-512 CPUs
export LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
export MALLOC_MMAP_THRESHOLD_=1000000000 MALLOC_TRIM_THRESHOLD_=1000000000
export STEPWISE_PEER_THREADS="$threads"   # peer scripts call torch.set_num_threads(int(os.environ[...]))
if [ -n "${STEPWISE_PEER_CORETYPE:-}" ]; then
  export OPENBLAS_CORETYPE="$STEPWISE_PEER_CORETYPE"
elif grep -qw avx512f /proc/cpuinfo; then
  core=$(/usr/bin/python3 -c "import ctypes; l = ctypes.CDLL('$lib/libopenblas.so.0'); l.openblas_get_corename.restype = ctypes.c_char_p; print(l.openblas_get_corename().decode())" 2>/dev/null || echo unknown)
  case "$core" in
    SkylakeX|skylakex|Cooperlake|cooperlake|SapphireRapids|sapphirerapids) ;;
    *) export OPENBLAS_CORETYPE=SkylakeX ;;   # detection fell back to a non-AVX-512 kernel set
  esac
fi
exec "$@"
