#!/usr/bin/env bash
# Runs the fault-injection suite (tests/Stepwise.Fault.Tests) and prints its figures.
#   scripts/fault-trials.sh            fast suite: 20 kill trials, every corruption kind once
#   scripts/fault-trials.sh 500        500 kill trials
#   STEPWISE_FULL=1 scripts/fault-trials.sh   full suite: 200 kill trials, repeated corruptions, more disk sizes and signals
# STEPWISE_FAULT_SEED=N changes the random moments (the default seed is fixed, so a failure reproduces).
# Disk-full cases need root (a tmpfs is mounted); elsewhere they are skipped with a printed reason.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ $# -ge 1 ]; then export STEPWISE_FAULT_TRIALS="$1"; fi
rm -rf artifacts/fault
start=$(date +%s)
dotnet test tests/Stepwise.Fault.Tests --logger "console;verbosity=normal" 2>&1 | tail -n 5
status=${PIPESTATUS[0]}
echo
echo "== fault suite figures ($(( $(date +%s) - start )) s, exit $status) =="
cat artifacts/fault/*.txt 2>/dev/null || echo "(no figures written: the build or the test host failed)"
exit "$status"
