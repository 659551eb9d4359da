#!/usr/bin/env bash
# Full-length reliability runs behind docs/reliability.md. Not part of CI: each takes from a minute to a quarter of an
# hour. Usage: scripts/reliability/run.sh CASE [OUT_DIR]
#   outage-10s        100 spans/s + 100 log records/s, default options, receiver down 10 s
#   outage-60s        the same, receiver down 60 s
#   outage-10min-disk the same with CHIME_LOGGER_EXPORT_RETRY=disk, receiver down 10 minutes
#   crash             disk retry; the pipeline process is killed (SIGKILL) 60 s into an outage; a next run follows
#   disk-full         disk retry into a 2 MiB tmpfs (needs root to mount it), receiver down 60 s
#   soak              1 000 spans/s + 1 000 log records/s for 10 minutes, receiver down 60 s in the middle
#   outage-60s-fast   1 000 spans/s + 1 000 log records/s for 3 minutes, receiver down 60 s, queue raised to 65 536
# Each run writes summary.txt (and memory.csv, one row a second) under OUT_DIR (default artifacts/reliability/CASE).
set -euo pipefail
cd "$(dirname "$0")/../.."
case_name=${1:?usage: run.sh CASE [OUT_DIR]}
out=${2:-artifacts/reliability/$case_name}
mkdir -p "$out"
dotnet build benchmarks/ChimeLogger.Reliability -c Release -v quiet -nologo >/dev/null
run="dotnet benchmarks/ChimeLogger.Reliability/bin/Release/net10.0/ChimeLogger.Reliability.dll"

case "$case_name" in
  outage-10s)
    $run run --rate 100 --logs --duration 40 --outage-at 10 --outage 10 --out "$out" ;;
  outage-60s)
    $run run --rate 100 --logs --duration 90 --outage-at 10 --outage 60 --out "$out" ;;
  outage-10min-disk)
    rm -rf "$out/retry"
    $run run --rate 100 --logs --duration 640 --outage-at 10 --outage 600 --retry disk --retry-path "$out/retry" --out "$out" ;;
  crash)
    $run crash --rate 100 --outage-at 10 --kill-at 70 --out "$out" ;;
  disk-full)
    mount_point="$out/retry"
    mkdir -p "$mount_point"
    mount -t tmpfs -o size=2m tmpfs "$mount_point"
    trap 'umount "$mount_point"' EXIT
    $run run --rate 100 --logs --duration 90 --outage-at 10 --outage 60 --retry disk --retry-path "$mount_point" --out "$out" ;;
  soak)
    $run run --rate 1000 --logs --duration 600 --outage-at 270 --outage 60 --out "$out" ;;
  outage-60s-fast)
    $run run --rate 1000 --logs --duration 180 --outage-at 60 --outage 60 --queue 65536 --out "$out" ;;
  *)
    echo "unknown case '$case_name'" >&2
    exit 2 ;;
esac
