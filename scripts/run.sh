#!/usr/bin/env bash
# README command 1: build and start one ActorStudio node on its embedded defaults
# (SQLite under ./data, local blob files, the local image generator, LiveKit off) on http://127.0.0.1:5000.
# Any argument goes to the node: scripts/run.sh --urls http://127.0.0.1:5050 --data-dir /tmp/studio2
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# The pages import their browser modules (@msgpack/msgpack, livekit-client, uplot) from node_modules via /vendor/.
if [ ! -d node_modules ]; then
  echo "Installing the page's npm modules…"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
fi

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
echo "Building the node…"
dotnet build src/Node -c Release -nologo -v quiet -clp:ErrorsOnly

url="http://127.0.0.1:5000"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --urls) url="${args[$((i + 1))]:-$url}" ;;
    --urls=*) url="${args[$i]#--urls=}" ;;
  esac
done
echo "Starting ActorStudio: open ${url%%;*}/ once it says it is ready (Ctrl+C stops it)."
exec dotnet src/Node/bin/Release/net10.0/ActorStudio.Node.dll "$@"
