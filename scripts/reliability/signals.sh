#!/usr/bin/env bash
# Time from a signal to the end of the process, behind docs/deployment.md. Not part of CI (a few minutes).
# Usage: scripts/reliability/signals.sh [RUNS] [OUT_DIR]
#
# The pipeline is tests/ChimeLogger.ExitingPipeline: five create spans with a log record each, then an operation in
# flight on a worker thread (mode in-flight), or the same as a generic host's BackgroundService (mode hosted); it is sent
# SIGTERM once it prints "in flight". ChimeLoggerOptions.ShutdownTimeout is the default 5 s. The herald (and the log
# collector, the same address) is:
#   up      tools/ChimeLogger.CountingReceiver, answering every export
#   down    a closed loopback port: connections refused
#   silent  the counting receiver stopped with SIGSTOP: the kernel still accepts connections, nothing ever answers
# Each case runs RUNS times (default 5); the script prints min / median / max milliseconds from kill to exit, the exit
# status, and what the receiver acknowledged for the "up" case, and writes the raw times to OUT_DIR/signals.csv.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
out=${2:-artifacts/reliability/signals}
mkdir -p "$out"
dotnet build tests/ChimeLogger.ExitingPipeline -c Release -v quiet -nologo >/dev/null
dotnet build tools/ChimeLogger.CountingReceiver -c Release -v quiet -nologo >/dev/null
pipeline_dll=tests/ChimeLogger.ExitingPipeline/bin/Release/net10.0/ChimeLogger.ExitingPipeline.dll
receiver_dll=tools/ChimeLogger.CountingReceiver/bin/Release/net10.0/ChimeLogger.CountingReceiver.dll
work=$(mktemp -d)
receiver_pid=""
cleanup() {
  if [[ -n "$receiver_pid" ]]; then kill -CONT "$receiver_pid" 2>/dev/null || true; kill -KILL "$receiver_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

start_receiver() {
  : >"$work/receiver.out"
  dotnet "$receiver_dll" --port 0 --record "$work/received.txt" >"$work/receiver.out" 2>&1 &
  receiver_pid=$!
  for _ in $(seq 600); do
    if grep -q '^listening ' "$work/receiver.out"; then break; fi
    sleep 0.1
  done
  receiver_endpoint=$(sed -n 's|^listening http://||p' "$work/receiver.out")
  [[ -n "$receiver_endpoint" ]] || { echo "the counting receiver did not start" >&2; exit 1; }
}

closed_port() { python3 - <<'PY' 2>/dev/null || echo 9
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

# One run: prints "<milliseconds from kill to exit> <exit status>".
run_once() {
  local mode=$1 endpoint=$2 pipeline=$3
  : >"$work/pipeline.out"
  HERALD_ENDPOINT=$endpoint LOGS_ENDPOINT=$endpoint CHIME_LOGGER_PIPELINE_NAME=$pipeline \
    env --default-signal=INT,HUP,TERM -C "$work" dotnet "$PWD/$pipeline_dll" "$mode" 5 5000 >"$work/pipeline.out" 2>"$work/pipeline.err" &
  local pid=$!
  for _ in $(seq 1200); do
    if grep -q 'in flight' "$work/pipeline.out"; then break; fi
    sleep 0.05
  done
  local sent
  sent=$(date +%s%N)
  kill -TERM "$pid"
  local status=0
  wait "$pid" || status=$?
  local ended
  ended=$(date +%s%N)
  echo "$(( (ended - sent) / 1000000 )) $status"
}

summary() { sort -n | awk '{ a[NR] = $1 } END { printf "min %d ms, median %d ms, max %d ms", a[1], a[int((NR + 1) / 2)], a[NR] }'; }

echo "case,mode,run,milliseconds,status" >"$out/signals.csv"
start_receiver
for mode in in-flight hosted; do
  for herald in up down silent; do
    case $herald in
      up) endpoint=$receiver_endpoint; kill -CONT "$receiver_pid" ;;
      down) endpoint="127.0.0.1:$(closed_port)" ;;
      silent) endpoint=$receiver_endpoint; kill -STOP "$receiver_pid" ;;
    esac
    times=()
    statuses=()
    for run in $(seq "$runs"); do
      read -r ms status < <(run_once "$mode" "$endpoint" "signals-$mode-$herald-$run")
      times+=("$ms")
      statuses+=("$status")
      echo "$herald,$mode,$run,$ms,$status" >>"$out/signals.csv"
    done
    kill -CONT "$receiver_pid"
    printf '%-9s herald %-6s: %s; exit status %s\n' "$mode" "$herald" "$(printf '%s\n' "${times[@]}" | summary)" "$(printf '%s\n' "${statuses[@]}" | sort -u | paste -sd/)"
  done
done
sleep 1
echo "up cases: the receiver acknowledged $(grep -c '^span blk-' "$work/received.txt") ingest spans and $(grep -c '^span evt-inflight' "$work/received.txt") in-flight operations of $(( runs * 2 )) runs (5 ingest spans each)"
