#!/usr/bin/env bash
# Takes docs/images/dashboard-trace.png, docs/images/dashboard-logs.png and docs/images/entity-view-event.png: runs the
# sample pipeline with its local receiver, then photographs one event's trace and its logs in the receiver's UI, and
# the entity view's page of the event with the most errors, with Debian's headless Chromium.
# Needs: the .NET SDK, Node.js with npm, and Chromium (apt-get install chromium).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
port=${UI_PORT:-18899}
entities_port=${ENTITIES_PORT:-18898}

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "Chromium not found: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH." >&2
  exit 1
fi

(cd "$here" && npm install --no-audit --no-fund --silent)
dotnet build "$root/samples/FrbPipeline" -c Release -v quiet -nologo

log=$(mktemp)
# Job control on: a background job of a script otherwise starts with Ctrl+C (SIGINT) ignored, and the sample would
# not stop when sent it below.
set -m
dotnet "$root/samples/FrbPipeline/bin/Release/net10.0/FrbPipeline.dll" --ui-port "$port" --entities-port "$entities_port" --events 5 >"$log" 2>&1 &
sample=$!
set +m
trap 'kill -INT $sample 2>/dev/null; wait $sample 2>/dev/null; rm -f "$log"' EXIT

for _ in $(seq 1 180); do
  if grep -q "^Open http" "$log"; then break; fi
  if ! kill -0 "$sample" 2>/dev/null; then cat "$log" >&2; exit 1; fi
  sleep 1
done
grep -q "^Open http" "$log" || { cat "$log" >&2; echo "the sample did not finish its run in 180 s" >&2; exit 1; }

node "$here/take.mjs" "http://127.0.0.1:$port/" "$root/docs/images" "http://127.0.0.1:$entities_port/"
