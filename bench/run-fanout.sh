#!/usr/bin/env bash
# Fan-out benchmark: ActorStudio vs a stock ASP.NET Core SignalR hub, same scenarios, same load tester.
# Each server runs alone on core 0 (taskset -c 0), freshly started per scenario; the load tester runs on core 1.
# Loopback only, bounded in time. Results: artifacts/fanout-<timestamp>/*.json|html and a side-by-side table.
#
#   bench/run-fanout.sh                       # every scenario, both targets
#   SCENARIOS="p100 p1000x200" bench/run-fanout.sh
#   DURATION=30 IDLE_HOLD=60 bench/run-fanout.sh
#   NO_BUILD=1 bench/run-fanout.sh            # reuse the Release builds
#   NODE_ARGS="--Studio:ConnectionLevelSockets=false" TARGETS=actorstudio bench/run-fanout.sh   # extra node arguments
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DURATION="${DURATION:-20}"        # measured seconds per chat scenario
WARMUP="${WARMUP:-15}"            # unmeasured chat before the window: tiered JIT settles in ~15 s (docs/performance.md)
IDLE_HOLD="${IDLE_HOLD:-60}"      # seconds the 5,000 idle connections are held
RAMP="${RAMP:-200}"               # joins per second asked of both servers
SCENARIOS="${SCENARIOS:-p100 p300 p1000 p1000x200 idle5000}"
TARGETS="${TARGETS:-actorstudio signalr}"
SERVER_CPU="${SERVER_CPU:-0}"
CLIENT_CPU="${CLIENT_CPU:-1}"
PER_RUN_TIMEOUT="${PER_RUN_TIMEOUT:-900}"
OUT="${OUT:-$ROOT/artifacts/fanout-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"

# 5,000 sockets on each side of loopback, plus the servers' files: the default 1,024 descriptors are not enough.
if ! ulimit -n 65536 2>/dev/null; then
  ulimit -n "$(ulimit -Hn)" || true
fi
if [ "$(ulimit -n)" -lt 12000 ]; then
  echo "warning: ulimit -n is $(ulimit -n); the 5,000-connection scenario needs about 12,000 descriptors" >&2
fi

if [ -z "${NO_BUILD:-}" ]; then
  echo "building Release (node, SignalR baseline, load tester)…" >&2
  dotnet build -c Release -v q -nologo src/Node >/dev/null
  dotnet build -c Release -v q -nologo bench/SignalRBaseline >/dev/null
  dotnet build -c Release -v q -nologo src/LoadTester >/dev/null
fi

NODE_DLL="${NODE_DLL:-$ROOT/src/Node/bin/Release/net10.0/ActorStudio.Node.dll}"
SIGNALR_DLL="${SIGNALR_DLL:-$ROOT/bench/SignalRBaseline/bin/Release/net10.0/ActorStudio.SignalRBaseline.dll}"
TESTER_DLL="${TESTER_DLL:-$ROOT/src/LoadTester/bin/Release/net10.0/ActorStudio.LoadTester.dll}"

scenario_args() {
  case "$1" in
    p100)      echo "--sessions 1 --participants 100 --chat-rate 20 --duration $DURATION --warmup $WARMUP" ;;
    p300)      echo "--sessions 1 --participants 300 --chat-rate 20 --duration $DURATION --warmup $WARMUP" ;;
    p1000)     echo "--sessions 1 --participants 1000 --chat-rate 20 --duration $DURATION --warmup $WARMUP" ;;
    p1000x200) echo "--sessions 1 --participants 1000 --chat-rate 200 --duration $DURATION --warmup $WARMUP" ;;
    idle5000)  echo "--sessions 50 --participants 100 --chat-rate 0 --duration $IDLE_HOLD --drain 0" ;;
    *) echo "unknown scenario $1" >&2; return 1 ;;
  esac
}

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

SERVER_PID=""
DATA_DIR=""
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
  if [ -n "$DATA_DIR" ]; then rm -rf "$DATA_DIR"; DATA_DIR=""; fi
}
trap stop_server EXIT

start_server() { # target port log
  local target="$1" port="$2" log="$3"
  case "$target" in
    actorstudio)
      DATA_DIR="$(mktemp -d /tmp/fanout-node-XXXXXX)"
      # Release build, SQLite journal in a throwaway data directory, warnings only in the log.
      taskset -c "$SERVER_CPU" dotnet "$NODE_DLL" --urls "http://127.0.0.1:$port" --data-dir "$DATA_DIR" \
        --Logging:LogLevel:Default=Warning ${NODE_ARGS:-} >"$log" 2>&1 &
      ;;
    signalr)
      taskset -c "$SERVER_CPU" dotnet "$SIGNALR_DLL" --urls "http://127.0.0.1:$port" \
        --Logging:LogLevel:Default=Warning >"$log" 2>&1 &
      ;;
  esac
  SERVER_PID=$!
  for _ in $(seq 1 150); do
    if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "$target exited on start; see $log" >&2; return 1; }
    sleep 0.2
  done
  echo "$target did not answer /healthz within 30 s; see $log" >&2
  return 1
}

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpus: $(nproc); server on core $SERVER_CPU, load tester on core $CLIENT_CPU"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "ulimit -n: $(ulimit -n)"
  echo "duration: ${DURATION}s (+${WARMUP}s warm-up), idle hold: ${IDLE_HOLD}s, ramp: ${RAMP}/s"
} | tee "$OUT/machine.txt" >&2

for scenario in $SCENARIOS; do
  for target in $TARGETS; do
    port="$(free_port)"
    echo "== $scenario on $target (port $port)" >&2
    start_server "$target" "$port" "$OUT/$scenario-$target.server.log"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >"$OUT/$scenario-$target.load.txt"
    # shellcheck disable=SC2046
    timeout "$PER_RUN_TIMEOUT" taskset -c "$CLIENT_CPU" dotnet "$TESTER_DLL" --target "$target" --url "http://127.0.0.1:$port" \
      --server-pid "$SERVER_PID" --ramp "$RAMP" --no-live $(scenario_args "$scenario") \
      --json "$OUT/$scenario-$target.json" --html "$OUT/$scenario-$target.html" \
      >"$OUT/$scenario-$target.txt" 2>&1 || echo "   load tester exited with $? (see $OUT/$scenario-$target.txt)" >&2
    echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/$scenario-$target.load.txt"
    stop_server
  done
done

node "$ROOT/bench/fanout-table.mjs" "$OUT" | tee "$OUT/table.md"
echo "results in $OUT" >&2
