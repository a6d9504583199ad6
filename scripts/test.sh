#!/usr/bin/env bash
# README command 2: install what the tests need (Debian packages, npm packages), build once, run every test project.
# Idempotent: installs only what is missing. Exits non-zero on any failure; the last line is "N passed, N failed, N skipped".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CONFIGURATION="${CONFIGURATION:-Release}"
RESULTS_DIR="$ROOT/artifacts/test-results"
# A single test stuck longer than this is a failure (with the hung test named), not a silent CI timeout.
HANG_TIMEOUT="${TEST_HANG_TIMEOUT:-8m}"

# In the order that fails fastest: pure code first, then the node, then the slow browser and load tests.
TEST_PROJECTS=(
  tests/Protocol.Tests
  tests/Actors.Tests
  tests/Node.Tests
  tests/LoadTester.Tests
  tests/Browser.Tests
)

log() { printf '\n==> %s\n' "$*"; }

# ---------------------------------------------------------------------------------------------- system packages
APT_PACKAGES=(chromium libvips42 libvips-tools fonts-dejavu-core)
if [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then
  APT_PACKAGES+=(postgresql-15)
fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  log "Installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "error: missing packages (${missing[*]}) and not root; install them or run as root" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -q
  $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"
else
  log "Debian packages present: ${APT_PACKAGES[*]}"
fi

for tool in dotnet node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: '$tool' is not on PATH (the .NET 10 SDK and Node.js 20 are prerequisites)" >&2
    exit 1
  fi
done

# ---------------------------------------------------------------------------------------------- npm packages
# npm ci only when node_modules does not match the lock file (npm keeps its own copy of it in node_modules).
if [ -f package-lock.json ]; then
  if [ ! -f node_modules/.package-lock.json ] \
    || [ package-lock.json -nt node_modules/.package-lock.json ] \
    || [ package.json -nt node_modules/.package-lock.json ]; then
    log "npm ci"
    npm ci --no-audit --no-fund
  else
    log "node_modules up to date"
  fi
else
  log "npm install (no package-lock.json)"
  npm install --no-audit --no-fund
fi

# ---------------------------------------------------------------------------------------------- build once
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
log "dotnet build ActorStudio.sln -c $CONFIGURATION"
dotnet build ActorStudio.sln -c "$CONFIGURATION" -nologo

# ---------------------------------------------------------------------------------------------- test
rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"
failed_projects=()
for project in "${TEST_PROJECTS[@]}"; do
  name="$(basename "$project")"
  log "dotnet test $project"
  if ! dotnet test "$project" -c "$CONFIGURATION" --no-build --nologo \
      --logger "console;verbosity=normal" \
      --logger "trx;LogFileName=$name.trx" \
      --results-directory "$RESULTS_DIR" \
      --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none; then
    failed_projects+=("$name")
  fi
done

# ---------------------------------------------------------------------------------------------- summary
# Sum the TRX counters; a project that produced no TRX (crashed test host) counts as one failure.
passed=0; failed=0; skipped=0
for project in "${TEST_PROJECTS[@]}"; do
  name="$(basename "$project")"
  trx="$RESULTS_DIR/$name.trx"
  if [ ! -f "$trx" ]; then
    echo "warning: no results for $name (test host crashed or did not start)" >&2
    failed=$((failed + 1))
    continue
  fi
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  attr() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  p="$(attr passed)"; f="$(attr failed)"; e="$(attr error)"; t="$(attr timeout)"; a="$(attr aborted)"
  # xunit's skipped tests count as total minus executed (TRX's notExecuted stays 0 for them).
  total="$(attr total)"; executed="$(attr executed)"; n=$(( ${total:-0} - ${executed:-0} ))
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
  skipped=$((skipped + ${n:-0}))
  printf '  %-22s passed %s, failed %s, skipped %s\n' "$name" "${p:-0}" "$(( ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0} ))" "${n:-0}"
done

if [ "${#failed_projects[@]}" -gt 0 ]; then
  echo "Failing test projects: ${failed_projects[*]}"
  # A failing run must never summarise as zero failures.
  if [ "$failed" -eq 0 ]; then failed="${#failed_projects[@]}"; fi
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "${#failed_projects[@]}" -eq 0 ]
