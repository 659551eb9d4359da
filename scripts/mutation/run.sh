#!/usr/bin/env bash
# Mutation testing with Stryker.NET (the dotnet-stryker local tool of .config/dotnet-tools.json).
# Not part of CI: a full run takes tens of minutes. See docs/testing.md for when to run it and how to read it.
#
#   scripts/mutation/run.sh runtime [stryker options...]              runtime, unit tests
#   scripts/mutation/run.sh runtime-integration [stryker options...]  runtime, unit and integration tests (slow)
#   scripts/mutation/run.sh generator [stryker options...]            generator and analyzers, generator tests
#
# Extra options go to Stryker as they are, for example a partial run of one file on one core:
#   scripts/mutation/run.sh runtime --mutate "**/Tracing/MetadataFormatter.cs" --concurrency 1
# Reports (html, json, markdown) go to artifacts/mutation/<mode>/<UTC time>/reports, which .gitignore keeps out of git.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

mode="${1:-}"
if [[ $# -gt 0 ]]; then shift; fi

case "$mode" in
  runtime)             project_dir="src/ChimeLogger.Runtime";    config="stryker-runtime.json" ;;
  runtime-integration) project_dir="src/ChimeLogger.Runtime";    config="stryker-runtime-integration.json" ;;
  generator)           project_dir="src/ChimeLogger.Generators"; config="stryker-generator.json" ;;
  *)
    echo "usage: $0 runtime|runtime-integration|generator [stryker options...]" >&2
    echo "  e.g. $0 runtime --mutate \"**/Tracing/ParentStore.cs\" --concurrency 1" >&2
    exit 2 ;;
esac

output="$root/artifacts/mutation/$mode/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$output"

cd "$root"
dotnet tool restore >/dev/null

# Stryker finds the project under test and the test projects relative to the working directory.
cd "$root/$project_dir"
dotnet tool run dotnet-stryker \
  --config-file "$here/$config" \
  --output "$output" \
  --skip-version-check \
  "$@"

echo "Mutation reports: $output/reports"
