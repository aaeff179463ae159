#!/usr/bin/env bash
# A single-node Slurm on this machine, for trying `stepwise slurm` on a laptop and for the integration tests
# (docs/slurm.md). Needs Debian's slurm-wlm and munge (apt-get install -y slurm-wlm munge) and root (slurmd starts
# jobs as their owner).
#
#   eval "$(scripts/slurm-local.sh start)"   # starts munged, slurmctld and slurmd; prints the exports to use
#   sbatch ... ; squeue ; scontrol show job N
#   scripts/slurm-local.sh stop              # ends the three daemons by their pids and removes the folder
#
# Everything lives in one folder (STEPWISE_SLURM_DIR, else a new /tmp/stepwise-slurm.XXXXXX): slurm.conf, the munge
# key and socket, state, spool, logs and pid files. Nothing under /etc is read or changed, so it does not disturb a
# Slurm or munge already installed as services. Ports: the first free pair from 6817/6818 upwards, so several
# instances can run side by side. `start` prints, on stdout and only there:
#   export SLURM_CONF=DIR/slurm.conf
#   export STEPWISE_SLURM_DIR=DIR
# `stop [DIR]` (DIR defaults to STEPWISE_SLURM_DIR) kills the pids recorded in DIR/pids (TERM, then KILL after 10 s)
# and removes DIR unless --keep is given (only a folder whose slurm.conf this script wrote). Exit codes: 0 ok, 2 usage, 3 a daemon did not start (its log is printed on
# stderr and the others are stopped again), 4 missing packages or not root.
set -uo pipefail

usage() { echo "usage: scripts/slurm-local.sh start | stop [DIR] [--keep] | status [DIR]" >&2; exit 2; }
say() { echo "slurm-local: $*" >&2; }

# The requeue hold: Slurm keeps a requeued job pending for AuthInfo's cred_expire seconds (default 120) before it may
# start again. The local cluster shortens it so a signal → checkpoint → requeue cycle takes seconds, not minutes;
# a real cluster keeps its own value (docs/slurm.md).
CRED_EXPIRE=${STEPWISE_SLURM_CRED_EXPIRE:-10}
# How often the scheduler looks at pending jobs (Slurm's default 60 s): a requeued job starts soon after its hold.
SCHED_INTERVAL=${STEPWISE_SLURM_SCHED_INTERVAL:-5}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

stop_pids() {
  local dir=$1 pid name
  [ -f "$dir/pids" ] || return 0
  # the pids of this instance only, newest first (slurmd, slurmctld, munged)
  tac "$dir/pids" | while read -r name pid; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      if kill -0 "$pid" 2>/dev/null; then say "$name ($pid) did not end on TERM; killing it"; kill -KILL "$pid" 2>/dev/null; fi
    fi
  done
  rm -f "$dir/pids"
}

# Waits up to $2 seconds for a pid file $1 holding a live process; prints the pid.
wait_pid() {
  local file=$1 secs=$2 pid
  for _ in $(seq $((secs * 10))); do
    if [ -s "$file" ]; then
      pid=$(tr -dc '0-9' <"$file")
      if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "$pid"; return 0; fi
    fi
    sleep 0.1
  done
  return 1
}

start() {
  local missing=""
  for c in munged slurmctld slurmd sbatch scontrol squeue sinfo; do command -v "$c" >/dev/null 2>&1 || missing="$missing $c"; done
  if [ -n "$missing" ]; then say "missing:$missing (apt-get install -y slurm-wlm munge)"; exit 4; fi
  if [ "$(id -u)" != 0 ]; then say "needs root (slurmd runs jobs as their owner)"; exit 4; fi

  local dir=${STEPWISE_SLURM_DIR:-}
  if [ -z "$dir" ]; then dir=$(mktemp -d /tmp/stepwise-slurm.XXXXXX) || exit 4; fi
  mkdir -p "$dir"/{state,spool,log,munge} || exit 4
  dir=$(cd "$dir" && pwd)
  if [ -f "$dir/pids" ]; then say "$dir already holds a running instance (stop it first)"; exit 2; fi
  chmod 700 "$dir/munge"

  # munge: a fresh key, a socket inside the folder
  dd if=/dev/urandom of="$dir/munge/munge.key" bs=1 count=1024 status=none && chmod 400 "$dir/munge/munge.key"
  munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed" 2>>"$dir/log/munged.log"
  local pid
  if ! pid=$(wait_pid "$dir/munge/munged.pid" 10); then say "munged did not start:"; tail -n 20 "$dir/log/munged.log" >&2; exit 3; fi
  echo "munged $pid" >>"$dir/pids"

  local ctl=6817 node
  while ! port_free "$ctl" || ! port_free $((ctl + 1)); do ctl=$((ctl + 2)); [ "$ctl" -gt 7817 ] && { say "no free port pair"; stop_pids "$dir"; exit 3; }; done
  node=$(hostname -s)
  local cpus mem
  cpus=$(nproc)
  mem=$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
  cat >"$dir/slurm.conf" <<EOF
# written by scripts/slurm-local.sh: a single-node cluster on $node (docs/slurm.md)
ClusterName=stepwise-local
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctl
SlurmdPort=$((ctl + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket,cred_expire=$CRED_EXPIRE
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool/slurmd-%n
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=$SCHED_INTERVAL,bf_interval=$SCHED_INTERVAL
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
JobRequeue=1
MinJobAge=600
KillWait=30
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF=$dir/slurm.conf
  slurmctld -c -f "$dir/slurm.conf" 2>>"$dir/log/slurmctld.log"
  if ! pid=$(wait_pid "$dir/slurmctld.pid" 20); then say "slurmctld did not start:"; tail -n 20 "$dir/log/slurmctld.log" >&2; stop_pids "$dir"; exit 3; fi
  echo "slurmctld $pid" >>"$dir/pids"
  slurmd -f "$dir/slurm.conf" 2>>"$dir/log/slurmd.log"
  if ! pid=$(wait_pid "$dir/slurmd.pid" 20); then say "slurmd did not start:"; tail -n 20 "$dir/log/slurmd.log" >&2; stop_pids "$dir"; exit 3; fi
  echo "slurmd $pid" >>"$dir/pids"

  # ready when the node is idle
  local state=""
  for _ in $(seq 300); do
    state=$(sinfo -h -n "$node" -o %T 2>/dev/null | head -n 1)
    case "$state" in idle*|mixed*|allocated*) break ;; esac
    sleep 0.1
  done
  case "$state" in
    idle*|mixed*|allocated*) ;;
    *) say "node $node is '${state:-unknown}', not idle:"; tail -n 20 "$dir/log/slurmd.log" "$dir/log/slurmctld.log" >&2; stop_pids "$dir"; exit 3 ;;
  esac
  say "single-node Slurm on $node (ports $ctl/$((ctl + 1)), $cpus CPUs) in $dir"
  echo "export SLURM_CONF=$dir/slurm.conf"
  echo "export STEPWISE_SLURM_DIR=$dir"
}

stop() {
  local dir="" keep=0
  for a in "$@"; do
    case "$a" in --keep) keep=1 ;; -*) usage ;; *) dir=$a ;; esac
  done
  dir=${dir:-${STEPWISE_SLURM_DIR:-}}
  [ -n "$dir" ] || { say "stop: which instance? give DIR or set STEPWISE_SLURM_DIR"; exit 2; }
  [ -d "$dir" ] || { say "stop: $dir: no such folder"; exit 2; }
  stop_pids "$dir"
  if [ "$keep" = 0 ]; then
    # only a folder this script set up (its slurm.conf says so) is removed
    if grep -q '^# written by scripts/slurm-local.sh' "$dir/slurm.conf" 2>/dev/null; then rm -rf "$dir"; else say "kept $dir (no slurm.conf of this script in it)"; fi
  fi
  say "stopped"
}

status() {
  local dir=${1:-${STEPWISE_SLURM_DIR:-}}
  [ -n "$dir" ] && [ -f "$dir/pids" ] || { say "not running"; exit 3; }
  local name pid ok=0
  while read -r name pid; do
    if kill -0 "$pid" 2>/dev/null; then echo "$name $pid running"; else echo "$name $pid gone"; ok=3; fi
  done <"$dir/pids"
  exit $ok
}

case "${1:-}" in
  start) shift; [ $# -eq 0 ] || usage; start ;;
  stop) shift; stop "$@" ;;
  status) shift; status "$@" ;;
  *) usage ;;
esac
